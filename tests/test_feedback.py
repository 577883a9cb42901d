import pytest
from django.urls import reverse

from feedback.models import PageFeedback

pytestmark = pytest.mark.django_db


def test_every_public_page_asks_is_this_page_useful(client):
    for path in ["/", "/about/", "/privacy/", "/accounts/login/", "/no-such-page/"]:
        html = client.get(path).content.decode()

        assert "Is this page useful?" in html, path
        assert f'<input type="hidden" name="path" value="{path}">' in html, path
        assert f'href="/feedback/report/?path={path}"' in html, path


def test_vote_yes_is_stored_with_path_language_and_time(client):
    response = client.post(reverse("feedback:vote"), {"path": "/about/", "useful": "yes"})

    feedback = PageFeedback.objects.get()
    assert (feedback.kind, feedback.path, feedback.useful, feedback.language) == (
        "vote",
        "/about/",
        True,
        "en",
    )
    assert feedback.created_at is not None
    assert response.status_code == 302
    assert response.url.startswith("/feedback/")


def test_vote_no_then_what_went_wrong_adds_details(client):
    response = client.post(reverse("feedback:vote"), {"path": "/privacy/", "useful": "no"})
    details_page = client.get(response.url)

    assert "What went wrong?" in details_page.content.decode()

    response = client.post(response.url, {"reason": "incorrect", "comment": "The date is wrong."})

    feedback = PageFeedback.objects.get()
    assert (feedback.useful, feedback.reason, feedback.comment) == (
        False,
        "incorrect",
        "The date is wrong.",
    )
    assert response.url == "/privacy/"


def test_vote_in_korean_records_language(client):
    client.post("/ko/feedback/", {"path": "/ko/", "useful": "yes"})

    assert PageFeedback.objects.get().language == "ko"


def test_details_token_cannot_be_forged(client):
    response = client.get("/feedback/not-a-valid-token/")

    assert response.status_code == 404


@pytest.mark.parametrize(
    "path", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "", "/a\x00b"]
)
def test_vote_with_foreign_path_is_refused_and_stores_nothing(client, path):
    response = client.post(reverse("feedback:vote"), {"path": path, "useful": "yes"})

    assert response.status_code == 400
    assert "We could not record your answer" in response.content.decode()
    assert PageFeedback.objects.count() == 0


def test_vote_without_answer_stores_nothing(client):
    response = client.post(reverse("feedback:vote"), {"path": "/", "useful": "maybe"})

    assert response.status_code == 400
    assert PageFeedback.objects.count() == 0


def test_honeypot_filled_stores_nothing(client):
    response = client.post(
        reverse("feedback:vote"), {"path": "/", "useful": "yes", "website": "spam.example"}
    )

    assert response.status_code == 302
    assert PageFeedback.objects.count() == 0


def test_votes_are_rate_limited(client):
    for _ in range(20):
        client.post(reverse("feedback:vote"), {"path": "/", "useful": "yes"})

    response = client.post(reverse("feedback:vote"), {"path": "/", "useful": "yes"})

    assert response.status_code == 429
    assert "Please try again later" in response.content.decode()
    assert PageFeedback.objects.count() == 20


def test_vote_requires_csrf_token():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("feedback:vote"), {"path": "/", "useful": "yes"})

    assert response.status_code == 403
    assert PageFeedback.objects.count() == 0


def test_report_issue_form_prefills_page_and_stores_report(client):
    form_page = client.get(reverse("feedback:report"), {"path": "/about/"})

    assert 'value="/about/"' in form_page.content.decode()

    response = client.post(
        reverse("feedback:report"),
        {
            "path": "/about/",
            "reason": "broken",
            "comment": "The <b>link</b> to the forum does not open.",
            "contact_email": "",
        },
    )

    report = PageFeedback.objects.get()
    assert (report.kind, report.path, report.reason) == ("issue", "/about/", "broken")
    assert report.comment == "The <b>link</b> to the forum does not open."
    assert response.url == "/about/"
    assert "Your report has been sent" in client.get("/about/").content.decode()


def test_report_issue_needs_description(client):
    response = client.post(reverse("feedback:report"), {"path": "/", "reason": "other"})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert PageFeedback.objects.count() == 0


def test_report_with_bad_path_parameter_falls_back_to_home(client):
    response = client.get(reverse("feedback:report"), {"path": "https://evil.example"})

    assert 'value="/"' in response.content.decode()


def test_admin_feedback_by_page_counts_and_escapes(staff_client):
    PageFeedback.objects.create(kind="vote", path="/about/", language="en", useful=True)
    PageFeedback.objects.create(kind="vote", path="/about/", language="en", useful=False)
    PageFeedback.objects.create(
        kind="issue", path="/about/", language="ko", reason="other", comment="<script>x</script>"
    )
    PageFeedback.objects.create(kind="vote", path="/", language="en", useful=True)

    response = staff_client.get(reverse("admin:feedback_pagefeedback_by_page"))

    html = response.content.decode()
    about = PageFeedback.objects.by_page().get(path="/about/")
    assert (about["yes"], about["no"], about["issues"], about["open"]) == (1, 1, 1, 1)
    assert "/about/" in html and "Feedback by page" in html
    changelist = staff_client.get(reverse("admin:feedback_pagefeedback_changelist"))
    assert "<script>x</script>" not in changelist.content.decode()


def test_admin_mark_handled_action(staff_client, staff):
    item = PageFeedback.objects.create(
        kind="issue", path="/", language="en", reason="other", comment="Typo"
    )

    staff_client.post(
        reverse("admin:feedback_pagefeedback_changelist"),
        {"action": "mark_handled", "_selected_action": [item.pk]},
    )

    item.refresh_from_db()
    assert item.handled is True
    assert item.handled_by == staff
    assert item.handled_at is not None


def test_admin_feedback_closed_to_ordinary_users(user_client):
    response = user_client.get(reverse("admin:feedback_pagefeedback_by_page"))

    assert response.status_code == 302
    assert "/admin/login/" in response.url


# --- The page as the person saw it: its query and the search's result count --------------


def test_search_page_sends_its_query_and_result_count_with_the_feedback(client):
    from tests.factories import ResourceFactory

    ResourceFactory(title="Flood defences in coastal cities")

    html = client.get("/resources/", {"q": "flood"}).content.decode()

    assert '<input type="hidden" name="path" value="/resources/?q=flood">' in html
    assert '<input type="hidden" name="result_count" value="1">' in html
    assert 'href="/feedback/report/?path=/resources/%3Fq%3Dflood&amp;results=1"' in html


def test_vote_on_a_search_stores_its_query_and_result_count(client):
    response = client.post(
        reverse("feedback:vote"),
        {"path": "/resources/?q=flood&topic=covid-19", "useful": "no", "result_count": "0"},
    )

    feedback = PageFeedback.objects.get()
    assert (feedback.path, feedback.query, feedback.result_count) == (
        "/resources/",
        "q=flood&topic=covid-19",
        0,
    )
    assert feedback.address == "/resources/?q=flood&topic=covid-19"
    assert client.post(response.url, {"reason": "not_found"}).url == feedback.address


def test_vote_with_a_bad_result_count_is_refused_and_stores_nothing(client):
    response = client.post(
        reverse("feedback:vote"),
        {"path": "/resources/?q=flood", "useful": "no", "result_count": "-3"},
    )

    assert response.status_code == 400
    assert PageFeedback.objects.count() == 0


def test_report_on_a_search_keeps_its_query_and_result_count(client):
    form = client.get("/feedback/report/", {"path": "/resources/?q=flood", "results": "2"})
    html = form.content.decode()

    assert 'value="/resources/?q=flood"' in html
    assert '<input type="hidden" name="result_count" value="2"' in html
    client.post(
        "/feedback/report/",
        {
            "path": "/resources/?q=flood",
            "result_count": "2",
            "reason": "not_found",
            "comment": "Nothing on river floods.",
        },
    )
    feedback = PageFeedback.objects.get()
    assert (feedback.kind, feedback.path, feedback.query, feedback.result_count) == (
        "issue",
        "/resources/",
        "q=flood",
        2,
    )


def test_admin_lists_feedback_with_its_query_and_result_count(client, staff_client):
    client.post(
        reverse("feedback:vote"),
        {"path": "/resources/?q=flood", "useful": "no", "result_count": "0"},
    )
    client.post(reverse("feedback:vote"), {"path": "/about/", "useful": "yes"})

    html = staff_client.get(reverse("admin:feedback_pagefeedback_changelist")).content.decode()
    found = staff_client.get(
        reverse("admin:feedback_pagefeedback_changelist"), {"q": "flood"}
    ).content.decode()

    assert '<th class="field-address"><a href="' in html
    assert ">/resources/?q=flood</a></th>" in html
    assert '<td class="field-result_count">0</td>' in html
    assert ">/resources/?q=flood</a></th>" in found
    assert ">/about/</a></th>" not in found


def test_event_list_sends_its_filters_and_result_count_with_the_feedback(client):
    from tests.factories import EventFactory

    EventFactory(title="Flood webinar")

    html = client.get("/events/", {"q": "flood"}).content.decode()

    assert '<input type="hidden" name="path" value="/events/?q=flood">' in html
    assert '<input type="hidden" name="result_count" value="1">' in html
