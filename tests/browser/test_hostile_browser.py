"""Hostile text stored through the real forms and by the secretariat, then opened in Chromium
on every page that shows it: no script runs and no dialog opens (issue 7, "Bad input").

The browser context bypasses the Content-Security-Policy on purpose: the policy is a second
line of defence, and these tests check the first one (escaping and sanitising) on its own.
A trap on ``window.__pwned`` records any payload that runs; ``page.on("dialog")`` any alert.
"""

import pytest
from django.test import Client

from events.models import Event
from registrations.models import Registration
from resources.models import Resource
from resources.services import save_resource
from tests.factories import (
    EventFactory,
    OrganizationFactory,
    ResourceFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    StaffFactory,
    TopicFactory,
)
from tests.hostile import BAD_STRINGS, MARKUP

# Every payload sets window.__pwned or opens a dialog if it ever runs.
PAYLOADS = [*MARKUP.values(), "<img src=x onerror=alert(1)>", "<svg><script>alert(1)</script>"]
POLYGLOT = " ".join(PAYLOADS)

TRAP = """
window.__pwnedLog = [];
Object.defineProperty(window, "__pwned", {
  configurable: false,
  get() { return undefined; },
  set(value) { window.__pwnedLog.push(String(value)); },
});
"""


def _context(browser, live_server, user=None):
    context = browser.new_context(bypass_csp=True)
    context.add_init_script(TRAP)
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    return context, page


def assert_nothing_ran(page, where):
    page.wait_for_load_state("load")
    assert page.evaluate("window.__pwnedLog") == [], where
    assert page.dialogs == [], where


def visit(page, live_server, path, *, expect_text=None):
    response = page.goto(live_server.url + path)
    assert response.status < 500, (path, response.status)
    assert_nothing_ran(page, path)
    if expect_text is not None:
        assert expect_text in page.content(), path


@pytest.mark.django_db(transaction=True)
def test_trap_catches_a_payload_that_runs(live_server, browser):
    """The detector itself: an unescaped payload is caught (so a pass below means something)."""
    context, page = _context(browser, live_server)
    page.goto(live_server.url + "/about/")
    page.set_content("<p>x</p>" + MARKUP["img_onerror"] + "<script>alert(1)</script>")
    page.wait_for_function("window.__pwnedLog.length > 0")

    assert page.evaluate("window.__pwnedLog") == ["1"]
    assert page.dialogs == ["1"]
    context.close()


@pytest.mark.django_db(transaction=True)
def test_hostile_text_from_members_never_runs(live_server, browser, user, mailoutbox):
    organisation = OrganizationFactory(name="Seoul Metropolitan Government")
    event = EventFactory(
        slug="heat-webinar",
        registration_mode=Event.Registration.PORTAL,
        languages=["en"],
        organisers=[organisation],
    )
    context, page = _context(browser, live_server, user)

    # The profile, through its form.
    page.goto(live_server.url + "/accounts/profile/")
    page.fill("[name=name]", POLYGLOT[:200])
    page.fill("[name=organisation]", MARKUP["attribute_breakout"])
    page.fill("[name=city]", MARKUP["single_quote_breakout"])
    page.locator("form:has([name=name]) button[type=submit]").click()
    page.wait_for_url("**/accounts/profile/")
    assert_nothing_ran(page, "profile saved")
    user.refresh_from_db()
    assert user.name == POLYGLOT[:200].strip()

    # A registration, with the profile's values and more payloads of its own.
    page.goto(live_server.url + f"/events/{event.slug}/register/")
    assert_nothing_ran(page, "registration form")
    page.fill("[name=question]", POLYGLOT)
    page.fill("[name=accessibility_needs]", MARKUP["markdown_link"])
    page.check("[name=category][value=other]")
    page.check("[name=consent]")
    page.locator("form:has([name=question]) button[type=submit]").click()
    page.wait_for_url("**/registrations/*/")
    assert_nothing_ran(page, "registration saved")
    registration = Registration.objects.get(user=user)
    assert registration.question == POLYGLOT

    # A proposed resource and a page report, through their forms.
    page.goto(live_server.url + "/resources/submit/")
    page.fill("[name=title]", POLYGLOT[:300])
    page.fill("[name=url]", "https://cities.example.org/heat-plan")
    page.fill("[name=publisher_name]", MARKUP["iframe"])
    page.fill("[name=summary]", "\n\n".join(PAYLOADS))
    page.locator("form:has([name=title]) button[type=submit]").click()
    page.wait_for_url("**/resources/submit/")
    assert_nothing_ran(page, "resource proposed")
    proposal = Resource.objects.get(submitted_by=user)

    page.goto(live_server.url + "/feedback/report/?path=/events/")
    page.check("[name=reason] >> nth=0")
    page.fill("[name=comment]", POLYGLOT[:2000])
    page.locator("form:has([name=comment]) button[type=submit]").click()
    page.wait_for_load_state("load")
    assert_nothing_ran(page, "report sent")

    for path in [
        "/accounts/profile/",
        "/registrations/",
        f"/registrations/{registration.pk}/",
        f"/registrations/{registration.pk}/cancel/",
        "/resources/submit/",
        f"/events/{event.slug}/",
    ]:
        visit(page, live_server, path)

    # The confirmation e-mail's HTML, as a mail program that runs scripts would show it.
    (confirmation,) = [message for message in mailoutbox if user.email in message.to]
    html = next(content for content, kind in confirmation.alternatives if kind == "text/html")
    assert "window.__pwned" in html  # the payloads are in it, escaped
    page.set_content(html)
    assert_nothing_ran(page, "confirmation e-mail")
    context.close()

    # The secretariat reads all of it in the admin.
    staff_context, staff_page = _context(browser, live_server, StaffFactory())
    for path in [
        "/admin/accounts/user/",
        f"/admin/accounts/user/{user.pk}/change/",
        "/admin/registrations/registration/",
        f"/admin/registrations/registration/{registration.pk}/change/",
        f"/admin/registrations/registration/event/{event.pk}/",
        "/admin/resources/submission/",
        f"/admin/resources/submission/{proposal.pk}/change/",
        f"/admin/resources/resource/{proposal.pk}/change/",
        f"/resources/{proposal.slug}/",
        "/admin/feedback/pagefeedback/",
        "/admin/feedback/pagefeedback/by-page/",
    ]:
        visit(staff_page, live_server, path)
    staff_context.close()


@pytest.mark.django_db(transaction=True)
def test_hostile_text_from_the_secretariat_never_runs(live_server, browser):
    markdown = "\n\n".join(PAYLOADS)
    organisation = OrganizationFactory(name=MARKUP["attribute_breakout"], acronym="<b>x</b>")
    topic = TopicFactory(name=MARKUP["img_onerror"][:100], slug="heat")
    event = EventFactory(
        slug="hostile-event",
        title=POLYGLOT[:200],
        summary=POLYGLOT[:500],
        description=markdown,
        objectives=PAYLOADS,
        theme=MARKUP["script"],
        venue_name=MARKUP["single_quote_breakout"],
        image_alt=MARKUP["attribute_breakout"],
        organisers=[organisation],
        topics=[topic],
    )
    speaker = SpeakerFactory(
        slug="hostile-speaker", name=MARKUP["img_onerror"], bio=markdown, organisation=organisation
    )
    session = SessionFactory(event=event, title=MARKUP["script"], description=markdown)
    SessionSpeakerFactory(session=session, speaker=speaker)
    resource = ResourceFactory(
        slug="hostile-resource",
        title=POLYGLOT[:300],
        publishers=[organisation],
        topics=[topic],
    )
    resource.summary = markdown
    resource.countries = [MARKUP["iframe"]]
    save_resource(resource=resource, publishers=[organisation], topics=[topic])
    context, page = _context(browser, live_server)

    for path in [
        "/",
        "/events/",
        f"/events/?q={BAD_STRINGS['script']}",
        f"/events/{event.slug}/",
        f"/events/speakers/{speaker.slug}/",
        "/resources/",
        f"/resources/?q={BAD_STRINGS['img_onerror']}",
        "/resources/?q=img+onerror",  # matches the payload's words: highlighted snippets
        f"/resources/?country={MARKUP['iframe']}",
        f"/resources/{resource.slug}/",
        f"/ko/events/{event.slug}/",
    ]:
        visit(page, live_server, path)
    context.close()

    staff_context, staff_page = _context(browser, live_server, StaffFactory())
    for path in [
        "/admin/events/event/",
        f"/admin/events/event/{event.pk}/change/",
        f"/admin/events/session/{session.pk}/change/",
        f"/admin/events/speaker/{speaker.pk}/change/",
        "/admin/resources/resource/",
        f"/admin/resources/resource/{resource.pk}/change/",
        f"/admin/directory/organization/{organisation.pk}/change/",
        f"/admin/events/event/?q={BAD_STRINGS['script']}",
    ]:
        visit(staff_page, live_server, path)
    staff_context.close()
