"""Every e-mail the portal sends, in Korean (issue 17): a link found by `https?://\\S+` in the
plain-text part is whole (no particle such as 을 glued to it, which mail clients would open as
a dead address): it is the site's address or resolves to one of its views, or is exactly a
link the data holds (a stream's). The confirmation names the channel in Korean."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve

from registrations import emails, services
from resources import services as resource_services
from tests.conftest import PASSWORD
from tests.factories import EventFactory, StaffFactory, StreamLinkFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = re.compile(r"https?://\S+")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
GLUED_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*[\uac00-\ud7a3]+")
STREAM = "https://stream.example/ko"


def _link_problems(url: str) -> list[str]:
    if url == STREAM:
        return []
    problems = []
    if re.search(r"[^\x21-\x7e]", url) or url[-1] in ".,:;)]}>\"'":
        problems.append("has text glued to it")
    parts = urlsplit(url)
    # allauth writes its links for the address the request came to (the test client's).
    if f"{parts.scheme}://{parts.netloc}" not in (settings.SITE_URL, "http://testserver"):
        problems.append("is not on the site")
    elif parts.path not in ("", "/"):
        try:
            resolve(parts.path)
        except Resolver404:
            problems.append("resolves to no view")
    return [f"{url} {problem}" for problem in problems]


def _korean_messages(client, mailoutbox) -> dict[str, str]:
    """Each kind of message the portal sends, triggered as it is in use, in Korean."""
    sent: dict[str, str] = {}

    def collect(kind, action):
        before = len(mailoutbox)
        action()
        assert len(mailoutbox) == before + 1, kind
        sent[kind] = mailoutbox[-1].body

    address = "minji@city.example"
    signup = {"email": address, "password1": PASSWORD, "password2": PASSWORD}
    collect("sign-up", lambda: client.post("/ko/accounts/signup/", signup))
    client.logout()
    collect("account exists", lambda: client.post("/ko/accounts/signup/", signup))
    collect(
        "password reset",
        lambda: client.post("/ko/accounts/password/reset/", {"email": address}),
    )
    collect(
        "unknown account",
        lambda: client.post("/ko/accounts/password/reset/", {"email": "nobody@city.example"}),
    )
    collect("sign-in code", lambda: client.post("/ko/accounts/login/code/", {"email": address}))
    member = UserFactory(preferred_language="ko")
    client.force_login(member)
    collect(
        "address added",
        lambda: client.post(
            "/ko/accounts/email/", {"email": "second@city.example", "action_add": ""}
        ),
    )

    event = EventFactory(
        title="안전도시 웨비나",
        registration_mode="portal",
        languages=["en"],
        interpretation_languages=["ko"],
        time_zone="Asia/Seoul",
        seats=1,
    )
    StreamLinkFactory(event=event, label="한국어 채널", url=STREAM, channel="ko")

    def register(user):
        return services.register_attendee(
            event=event,
            user=user,
            attendee=services.Attendee(
                name="김민지",
                channel="ko",
                category="other",
                time_zone="Europe/Paris",
                language="ko",
            ),
            consent=True,
        )[0]

    first = UserFactory()
    registration = None

    def register_first():
        nonlocal registration
        registration = register(first)

    collect("confirmation", register_first)
    collect("waiting", lambda: register(UserFactory()))
    collect("day reminder", lambda: emails.send_day_reminder(registration))
    collect("hour reminder", lambda: emails.send_hour_reminder(registration))
    before = len(mailoutbox)
    services.cancel_registration(registration=registration)
    assert len(mailoutbox) == before + 2  # the cancellation, and the seat's new holder
    sent["cancellation"], sent["promotion"] = mailoutbox[-2].body, mailoutbox[-1].body

    staff = StaffFactory()

    def proposal():
        proposal.count = getattr(proposal, "count", 0) + 1
        return resource_services.submit_resource(
            user=member,
            title=f"부산 폭염 쉼터 {proposal.count}",
            url=f"https://busan.example.org/heatwave/{proposal.count}",
            publisher_name="부산광역시",
            summary="무더위 쉼터.",
        )

    def translated():
        resource = proposal()
        resource.title_en = f"Busan heatwave shelters {proposal.count}"
        resource.save(update_fields=["title_en"])
        return resource

    collect(
        "submission approved",
        lambda: resource_services.approve_submission(resource=translated(), moderator=staff),
    )
    collect(
        "submission rejected",
        lambda: resource_services.reject_submission(
            resource=proposal(), moderator=staff, reason="보도자료입니다."
        ),
    )
    return sent


def test_every_korean_email_has_whole_links(client, mailoutbox, settings):
    settings.ACCOUNT_RATE_LIMITS = False

    sent = _korean_messages(client, mailoutbox)

    assert len(sent) == 14
    problems, links = [], {}
    for kind, body in sent.items():
        assert HANGUL.search(body), f"{kind} is not in Korean"
        links[kind] = URL.findall(body)
        problems += [f"{kind}: {problem}" for url in links[kind] for problem in _link_problems(url)]
        # An e-mail address is whole too: no particle after it (as in "nobody@city.example로").
        problems += [f"{kind}: {glued}" for glued in GLUED_ADDRESS.findall(body)]
    assert not problems, "\n".join(problems)
    # The messages that lead somewhere carry their links (the sign-in code carries a code).
    assert all(links[kind] for kind in sent if kind != "sign-in code"), links
    assert any("/accounts/confirm-email/" in url for url in links["sign-up"])
    assert any("/accounts/password/reset/key/" in url for url in links["password reset"])
    assert STREAM in links["confirmation"]


def test_korean_confirmation_names_the_channel_in_korean(mailoutbox):
    event = EventFactory(
        registration_mode="portal", languages=["en"], interpretation_languages=["ko"]
    )
    services.register_attendee(
        event=event,
        user=UserFactory(),
        attendee=services.Attendee(
            name="김민지", channel="ko", category="other", time_zone="Asia/Seoul", language="ko"
        ),
        consent=True,
    )

    text, html = mailoutbox[0].body, mailoutbox[0].alternatives[0][0]
    assert "내 채널: 한국어 통역\n" in text
    assert "<td>한국어 통역</td>" in html
    assert "interpretation" not in text


def test_link_check_finds_a_glued_particle():
    site = settings.SITE_URL
    assert _link_problems(f"{site}/accounts/signup/") == []
    assert _link_problems(f"{site}/accounts/signup/을") == [
        f"{site}/accounts/signup/을 has text glued to it",
        f"{site}/accounts/signup/을 resolves to no view",
    ]
    assert _link_problems("https://elsewhere.example/") == [
        "https://elsewhere.example/ is not on the site"
    ]
    assert GLUED_ADDRESS.findall("이메일 nobody@city.example로 계정에") == ["nobody@city.example로"]
    assert GLUED_ADDRESS.findall("이 이메일 주소로:\n\nnobody@city.example\n") == []


def test_korean_email_marks_an_english_title_in_its_html_part_only(mailoutbox):
    event = EventFactory(
        registration_mode="portal", title_en="Resilience webinar", title_ko="", languages=["en"]
    )
    services.register_attendee(
        event=event,
        user=UserFactory(),
        attendee=services.Attendee(
            name="김민지", channel="en", category="other", time_zone="Asia/Seoul", language="ko"
        ),
        consent=True,
    )

    text, html = mailoutbox[0].body, mailoutbox[0].alternatives[0][0]
    assert (
        '<span lang="en">Resilience webinar</span> <small class="lang-note">(영어)</small>' in html
    )
    assert "Resilience webinar" in text
    assert "lang=" not in text


@pytest.mark.parametrize("decision", ["approved", "rejected"])
def test_a_korean_proposal_decision_is_in_korean_with_the_english_title_marked(
    mailoutbox, decision
):
    member = UserFactory(preferred_language="ko")
    resource = resource_services.submit_resource(
        user=member,
        title="Heatwave shelters in Busan",
        url="https://busan.example.org/heatwave/english",
        publisher_name="Busan Metropolitan City",
        summary="Cooling centres.",
    )
    staff = StaffFactory()
    if decision == "approved":
        resource_services.approve_submission(resource=resource, moderator=staff)
    else:
        resource_services.reject_submission(resource=resource, moderator=staff, reason="중복")

    (message,) = mailoutbox
    text, html = message.body, message.alternatives[0][0]
    assert html.startswith('<!DOCTYPE html>\n<html lang="ko">')
    assert (
        '“<span lang="en">Heatwave shelters in Busan</span> '
        '<small class="lang-note">(영어)</small>”' in html
    )
    assert HANGUL.search(text) and "“Heatwave shelters in Busan”" in text
    assert "lang=" not in text
