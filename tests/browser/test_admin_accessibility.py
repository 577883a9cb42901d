"""axe-core finds no WCAG 2.2 AA violation on the secretariat's pages: the workspace (the
admin's home page, with its sections), the event list with its seat columns and an event's
form, the fix-link screen and the figures, in English and Korean."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from events.models import Event
from feedback.models import PageFeedback
from resources.models import Resource
from tests.browser.test_accessibility import AXE, axe_violations
from tests.factories import EventFactory, RegistrationFactory, ResourceFactory, StaffFactory


def _seed():
    event = EventFactory(
        title="Resilience webinar (admin check)",
        title_ko="",
        registration_mode=Event.Registration.PORTAL,
        seats=10,
        registration_closes=timezone.now() + timedelta(days=1),
    )
    RegistrationFactory.create_batch(9, event=event)
    PageFeedback.objects.create(kind="issue", path="/about/", language="en", comment="Typo")
    PageFeedback.objects.create(kind="vote", path="/about/", language="en", useful=True)
    resource = ResourceFactory(title="Lost report (admin check)")
    Resource.objects.filter(pk=resource.pk).update(
        last_checked_at=timezone.now(), last_status=404, consecutive_failures=1
    )
    return event, resource


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "ko"])
def test_admin_pages_have_no_axe_violations(live_server, browser, language):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make test-tools` (make test does).")
    event, resource = _seed()
    client = Client()
    client.force_login(StaffFactory())
    context = browser.new_context(bypass_csp=True)
    context.add_cookies(
        [
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            },
        ]
    )
    pages = {
        "workspace": ("/admin/", ".workspace-tasks"),
        "event list": ("/admin/events/event/", "#result_list .field-confirmed"),
        "event form": (f"/admin/events/event/{event.pk}/change/", "#event_form"),
        "fix a link": (f"/admin/resources/resource/{resource.pk}/fix-link/", ".fix-link form"),
        "figures": ("/admin/figures/", "img.figure-chart"),
        "event figures": (f"/admin/figures/event/{event.pk}/", "img.figure-chart"),
    }
    problems = []
    for name, (path, landmark) in pages.items():
        page = context.new_page()
        response = page.goto(live_server.url + path)
        assert response.status == 200, name
        assert page.locator(landmark).count() >= 1, name
        # Every chart is drawn (served as SVG and decoded by the browser).
        widths = page.eval_on_selector_all(
            "img.figure-chart", "imgs => imgs.map(i => i.naturalWidth)"
        )
        assert all(width == 800 for width in widths), name
        assert widths or "figures" not in name, name
        assert page.evaluate("document.documentElement.lang") == language, name
        problems += [f"{name} ({language}): {problem}" for problem in axe_violations(page)]
        page.close()
    context.close()

    assert not problems, "\n".join(problems)
