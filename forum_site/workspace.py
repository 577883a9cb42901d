"""The secretariat's workspace: what needs doing today, each count with the age of its oldest
item and a link to the filtered list behind it.

Counted in a fixed number of queries (one or two per kind of work), whatever the data size.
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.bilingual_admin import missing_korean
from events.models import Event
from feedback.models import PageFeedback
from outbox.models import OutgoingMessage
from resources.models import Resource


@dataclass(frozen=True)
class Task:
    """One kind of work: how many items, since when (or, for deadlines, until when)."""

    key: str
    label: str
    count: int
    url: str
    oldest: datetime | None = None  # the oldest item's date: its age is shown
    soonest: datetime | None = None  # the nearest deadline: the time left is shown
    # Needed besides its group's, when the list behind it is another model's.
    permission: str = ""


def _changelist(name: str, **params) -> str:
    url = reverse(f"admin:{name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def _resource_tasks(now: datetime) -> list[Task]:
    counts = Resource.objects.aggregate(
        pending=Count("pk", filter=Q(moderation=Resource.Moderation.PENDING)),
        pending_since=Min("created_at", filter=Q(moderation=Resource.Moderation.PENDING)),
        broken=Count("pk", filter=Q(broken_since__isnull=False)),
        broken_since=Min("broken_since"),
        redirected=Count("pk", filter=~Q(final_url="")),
        redirected_since=Min("last_checked_at", filter=~Q(final_url="")),
    )
    korean = (
        Resource.objects.published()
        .filter(missing_korean(Resource))
        .aggregate(count=Count("pk"), since=Min("published_at"))
    )
    return [
        Task(
            "moderation",
            _("Proposed resources awaiting moderation"),
            counts["pending"],
            _changelist("resources_submission", moderation="pending"),
            oldest=counts["pending_since"],
            permission="resources.view_submission",
        ),
        Task(
            "broken_links",
            _("Broken links"),
            counts["broken"],
            _changelist("resources_resource", link="broken"),
            oldest=counts["broken_since"],
        ),
        Task(
            "redirected_links",
            _("Links that redirect elsewhere"),
            counts["redirected"],
            _changelist("resources_resource", link="redirected"),
            oldest=counts["redirected_since"],
        ),
        Task(
            "resources_korean",
            _("Published resources missing Korean"),
            korean["count"],
            _changelist("resources_resource", korean="missing", status__exact="published"),
            oldest=korean["since"],
        ),
    ]


def _feedback_tasks(now: datetime) -> list[Task]:
    counts = PageFeedback.objects.awaiting_reply().aggregate(
        count=Count("pk"), since=Min("created_at")
    )
    return [
        Task(
            "feedback",
            _("Issue reports and comments not handled"),
            counts["count"],
            _changelist("feedback_pagefeedback", open="1"),
            oldest=counts["since"],
        )
    ]


def _outbox_tasks(now: datetime) -> list[Task]:
    failing = [OutgoingMessage.Status.RETRYING, OutgoingMessage.Status.FAILED]
    counts = OutgoingMessage.objects.filter(status__in=failing).aggregate(
        count=Count("pk"), since=Min("created_at")
    )
    return [
        Task(
            "email",
            _("E-mails failing delivery"),
            counts["count"],
            _changelist("outbox_outgoingmessage", status__in=",".join(failing)),
            oldest=counts["since"],
        )
    ]


def _event_tasks(now: datetime) -> list[Task]:
    def soonest(queryset, field):
        return queryset.aggregate(count=Count("pk"), when=Min(field))

    nearly_full = soonest(Event.objects.nearly_full(now), "start")
    full = soonest(Event.objects.full_with_waiting(now), "start")
    closing = soonest(Event.objects.closing_soon(now), "registration_closes")
    korean = (
        Event.objects.filter(status=Event.Status.PUBLISHED)
        .filter(missing_korean(Event))
        .aggregate(count=Count("pk"), since=Min("created"))
    )
    drafts = Event.objects.filter(
        hosted_by=Event.Host.PARTNER, status=Event.Status.DRAFT
    ).aggregate(count=Count("pk"), since=Min("created"))
    return [
        Task(
            "nearly_full",
            _("Upcoming events nearly full"),
            nearly_full["count"],
            _changelist("events_event", attention="nearly_full"),
            soonest=nearly_full["when"],
        ),
        Task(
            "full_waiting",
            _("Upcoming events full, with people waiting"),
            full["count"],
            _changelist("events_event", attention="full_waiting"),
            soonest=full["when"],
        ),
        Task(
            "closing",
            _("Events whose registration closes within 3 days"),
            closing["count"],
            _changelist("events_event", attention="closing"),
            soonest=closing["when"],
        ),
        Task(
            "events_korean",
            _("Published events missing Korean"),
            korean["count"],
            _changelist("events_event", korean="missing", status__exact="published"),
            oldest=korean["since"],
        ),
        Task(
            "partner_drafts",
            _("Partner events still drafts"),
            drafts["count"],
            _changelist("events_event", hosted_by__exact="partner", status__exact="draft"),
            oldest=drafts["since"],
        ),
    ]


# Each group of work and the permission that shows it (private lists stay private).
_GROUPS = [
    ("resources.view_resource", _resource_tasks),
    ("events.view_event", _event_tasks),
    ("feedback.view_pagefeedback", _feedback_tasks),
    ("outbox.view_outgoingmessage", _outbox_tasks),
]


def tasks_for(user, *, now: datetime | None = None) -> list[Task]:
    """The work ``user`` may see, in the workspace's order."""
    now = now or timezone.now()
    tasks = []
    for permission, build in _GROUPS:
        if user.has_perm(permission):
            tasks += build(now)
    return [task for task in tasks if not task.permission or user.has_perm(task.permission)]
