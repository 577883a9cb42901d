"""The workspace on the admin's home page: each kind of work counted, with its oldest item's
age (or nearest deadline) and a link to the filtered list behind it; in sections named for
the work."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import html

from events.models import Event
from feedback.models import PageFeedback
from outbox.models import OutgoingMessage
from resources.models import Resource
from tests.factories import EventFactory, RegistrationFactory, ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def _backdate(model, obj, field, days):
    model.objects.filter(pk=obj.pk).update(**{field: timezone.now() - timedelta(days=days)})


def _seed_one_of_each_kind():
    now = timezone.now()
    proposal = ResourceFactory(
        title_ko="제안",
        status=Resource.Status.DRAFT,
        moderation=Resource.Moderation.PENDING,
        submitted_by=UserFactory(),
    )
    _backdate(Resource, proposal, "created_at", 5)
    broken = ResourceFactory(title_ko="깨진 링크")
    Resource.objects.filter(pk=broken.pk).update(broken_since=now - timedelta(days=9))
    redirected = ResourceFactory(title_ko="옮겨진 링크")
    Resource.objects.filter(pk=redirected.pk).update(
        final_url="https://elsewhere.example.org/", last_checked_at=now - timedelta(days=2)
    )
    untranslated = ResourceFactory(title_ko="")
    Resource.objects.filter(pk=untranslated.pk).update(published_at=now - timedelta(days=12))

    issue = PageFeedback.objects.create(kind="issue", path="/about/", language="en", reason="other")
    _backdate(PageFeedback, issue, "created_at", 4)
    # Handled, or a bare vote: not work.
    PageFeedback.objects.create(kind="issue", path="/", language="en", handled=True)
    PageFeedback.objects.create(kind="vote", path="/", language="en", useful=True)

    failing = OutgoingMessage.objects.create(
        from_email="forum@example.org",
        recipients=["a@city.example"],
        message_id="<1@example.org>",
        status=OutgoingMessage.Status.FAILED,
    )
    _backdate(OutgoingMessage, failing, "created_at", 3)
    OutgoingMessage.objects.create(
        from_email="forum@example.org", recipients=["b@city.example"], message_id="<2@example.org>"
    )

    start = now + timedelta(days=10)
    nearly_full = EventFactory(
        title_ko="거의 찬",
        summary_ko="요약",
        registration_mode=Event.Registration.PORTAL,
        seats=10,
        start=start,
        end=start + timedelta(hours=2),
    )
    RegistrationFactory.create_batch(9, event=nearly_full)
    full = EventFactory(
        title_ko="가득 찬",
        summary_ko="요약",
        registration_mode=Event.Registration.PORTAL,
        seats=2,
        start=start + timedelta(days=1),
        end=start + timedelta(days=1, hours=2),
    )
    RegistrationFactory.create_batch(2, event=full)
    RegistrationFactory(event=full, status="waiting")
    closing = EventFactory(
        title_ko="마감",
        summary_ko="요약",
        registration_mode=Event.Registration.PORTAL,
        registration_closes=now + timedelta(days=2, hours=1),
    )
    untranslated_event = EventFactory(title_ko="")
    _backdate(Event, untranslated_event, "created", 6)
    partner_draft = EventFactory(
        title_ko="초안", summary_ko="요약", hosted_by=Event.Host.PARTNER, status=Event.Status.DRAFT
    )
    _backdate(Event, partner_draft, "created", 8)
    return closing


def _rows(response):
    page = html.fromstring(response.content.decode())
    rows = {}
    for row in page.cssselect("table.workspace-tasks tbody tr"):
        link = row.cssselect("th a")[0]
        rows[row.get("data-task")] = (
            link.get("href"),
            int(row.cssselect(".workspace-count")[0].text_content()),
            " ".join(row.cssselect(".workspace-age")[0].text_content().split()),
        )
    return rows


def test_workspace_counts_each_kind_of_work_with_its_age_and_list(staff_client):
    _seed_one_of_each_kind()

    rows = _rows(staff_client.get(INDEX))

    changelist = "/admin/{}/{}/?{}".format
    assert rows == {
        "moderation": (
            changelist("resources", "submission", "moderation=pending"),
            1,
            "oldest 5 days ago",
        ),
        "broken_links": (
            changelist("resources", "resource", "link=broken"),
            1,
            "oldest 1 week, 2 days ago",
        ),
        "redirected_links": (
            changelist("resources", "resource", "link=redirected"),
            1,
            "oldest 2 days ago",
        ),
        "resources_korean": (
            changelist("resources", "resource", "korean=missing&status__exact=published"),
            1,
            "oldest 1 week, 5 days ago",
        ),
        "nearly_full": (
            changelist("events", "event", "attention=nearly_full"),
            1,
            "next in 1 week, 2 days",
        ),
        "full_waiting": (
            changelist("events", "event", "attention=full_waiting"),
            1,
            "next in 1 week, 3 days",
        ),
        "closing": (changelist("events", "event", "attention=closing"), 1, "next in 2 days"),
        "events_korean": (
            changelist("events", "event", "korean=missing&status__exact=published"),
            1,
            "oldest 6 days ago",
        ),
        "partner_drafts": (
            changelist("events", "event", "hosted_by__exact=partner&status__exact=draft"),
            1,
            "oldest 1 week, 1 day ago",
        ),
        "feedback": (changelist("feedback", "pagefeedback", "open=1"), 1, "oldest 4 days ago"),
        "email": (
            changelist("outbox", "outgoingmessage", "status__in=retrying%2Cfailed"),
            1,
            "oldest 3 days ago",
        ),
    }


def test_workspace_links_open_lists_of_exactly_the_counted_items(staff_client):
    closing = _seed_one_of_each_kind()

    rows = _rows(staff_client.get(INDEX))

    for key, (url, count, _age) in rows.items():
        response = staff_client.get(url)
        assert response.status_code == 200, key
        assert response.context["cl"].result_count == count, key
    closing_list = staff_client.get(rows["closing"][0]).context["cl"].result_list
    assert list(closing_list) == [closing]


def test_workspace_says_nothing_to_do_when_there_is_none(staff_client):
    rows = _rows(staff_client.get(INDEX))

    assert {count for _url, count, _age in rows.values()} == {0}
    assert {age for _url, _count, age in rows.values()} == {"nothing to do"}


def test_workspace_leaves_out_a_list_the_person_cannot_open(client):
    from django.contrib.auth.models import Permission

    curator = UserFactory(is_staff=True)
    curator.user_permissions.add(Permission.objects.get(codename="view_resource"))
    client.force_login(curator)

    rows = _rows(client.get(INDEX))

    assert list(rows) == ["broken_links", "redirected_links", "resources_korean"]


def test_workspace_shows_only_the_work_a_person_may_see(client):
    from django.contrib.auth.models import Permission

    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_pagefeedback"))
    client.force_login(clerk)

    rows = _rows(client.get(INDEX))

    assert list(rows) == ["feedback"]


@pytest.mark.parametrize("events", [1, 50])
def test_workspace_runs_a_fixed_number_of_queries(staff_client, django_assert_num_queries, events):
    for _ in range(events):
        event = EventFactory(registration_mode=Event.Registration.PORTAL, seats=3)
        RegistrationFactory(event=event)
    staff_client.get(INDEX)  # the session and the permissions, once

    with django_assert_num_queries(QUERIES_INDEX):
        response = staff_client.get(INDEX)
    assert len(_rows(response)) == 11


QUERIES_INDEX = 12


def test_admin_sections_are_named_for_the_work(staff_client):
    page = html.fromstring(staff_client.get(INDEX).content.decode())

    sections = {
        caption.text_content().strip(): [
            link.text_content() for link in caption.getparent().cssselect("th[scope=row] a")
        ]
        for caption in page.cssselect("#content-main .module caption")
    }

    assert list(sections) == [
        "Programme",
        "Registrations",
        "Library",
        "Feedback",
        "People",
        "System",
    ]
    assert sections["Programme"] == ["Events", "Sessions", "Speakers", "Event series"]
    assert sections["Library"] == ["Member submissions", "Resources", "Topics", "Glossary terms"]
    assert sections["People"] == ["Users", "Organisations", "Email addresses", "Groups"]
    assert set(sections["System"]) == {
        "Outgoing e-mails",
        "Authenticators",
        "Sites",
        "Task queue jobs",
    }
