"""The secretariat's figures: how an event's registrations are going, how the library is used
and what readers say of the pages, as data a chart, a table and a CSV file are all made from.

Each figure is read in one query. Nothing here names a person: only counts.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import Lower, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import LANGUAGE_NAMES, Event
from feedback.models import PageFeedback
from registrations.models import Registration
from resources.models import LinkHealthSnapshot, Resource, ResourceOpen, SearchLog

TOP = 10
LIBRARY_DAYS = 30


@dataclass
class Figure:
    """A chart's data: one label per bar or point, one list of values per series."""

    key: str
    title: str
    kind: str  # "bar", "hbar" or "line"
    label_title: str
    labels: list[str]
    series: list[tuple[str, list[int | None]]]
    note: str = ""

    @property
    def height(self) -> int:
        """The chart's height in pixels (800 wide): a horizontal bar chart grows with its bars."""
        return max(260, 60 + 36 * len(self.labels)) if self.kind == "hbar" else 420

    @property
    def rows(self) -> list[list]:
        return [
            [label, *(values[index] for _name, values in self.series)]
            for index, label in enumerate(self.labels)
        ]

    @property
    def header(self) -> list[str]:
        return [str(self.label_title), *(str(name) for name, _values in self.series)]


def _day(value: date) -> str:
    return value.isoformat()


# --- One event -------------------------------------------------------------------------


def _registrations(event):
    return Registration.objects.filter(event=event).active()


def registrations_over_time(event: Event) -> Figure:
    """Registrations (confirmed and waiting) added up day by day, with the days registration
    opened and closed marked."""
    per_day = dict(
        _registrations(event)
        .annotate(day=TruncDate("created_at", tzinfo=event.tz))
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    opens = event.registration_opens and event.registration_opens.astimezone(event.tz).date()
    closes = event.registration_closes and event.registration_closes.astimezone(event.tz).date()
    days = sorted(set(per_day) | {day for day in (opens, closes) if day})
    running, cumulative = 0, []
    for day in days:
        running += per_day.get(day, 0)
        cumulative.append(running)
    return Figure(
        key="over-time",
        title=str(_("Registrations over time")),
        kind="line",
        label_title=str(_("Day")),
        labels=[_day(day) for day in days],
        series=[
            (str(_("Registrations, added up")), cumulative),
            (
                str(_("Registration opens")),
                [
                    value if day == opens else None
                    for day, value in zip(days, cumulative, strict=True)
                ],
            ),
            (
                str(_("Registration closes")),
                [
                    value if day == closes else None
                    for day, value in zip(days, cumulative, strict=True)
                ],
            ),
        ],
    )


def _registrations_by(event: Event, column: str, names, key: str, title, label_title) -> Figure:
    rows = list(
        _registrations(event)
        .values(column)
        .annotate(
            confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
            waiting=Count("pk", filter=Q(status=Registration.Status.WAITING)),
        )
        .order_by(column)
    )
    return Figure(
        key=key,
        title=str(title),
        kind="bar",
        label_title=str(label_title),
        labels=[str(names(row[column])) for row in rows],
        series=[
            (str(_("Confirmed")), [row["confirmed"] for row in rows]),
            (str(_("Waiting")), [row["waiting"] for row in rows]),
        ],
    )


CATEGORY_NAMES = dict(Registration.Category.choices)


def event_figures(event: Event) -> list[Figure]:
    return [
        registrations_over_time(event),
        _registrations_by(
            event,
            "country",
            lambda value: value or _("Not given"),
            "by-country",
            _("Registrations by country"),
            _("Country"),
        ),
        _registrations_by(
            event,
            "category",
            lambda value: CATEGORY_NAMES.get(value, value),
            "by-category",
            _("Registrations by organisation category"),
            _("Category"),
        ),
        _registrations_by(
            event,
            "channel",
            lambda value: LANGUAGE_NAMES.get(value, value),
            "by-channel",
            _("Registrations by interpretation channel"),
            _("Channel"),
        ),
    ]


# --- The library -----------------------------------------------------------------------


def searches_per_day(today: date) -> Figure:
    rows = list(
        SearchLog.objects.filter(searched_on__gt=today - timedelta(days=LIBRARY_DAYS))
        .values("searched_on")
        .annotate(n=Count("pk"), empty=Count("pk", filter=Q(result_count=0)))
        .order_by("searched_on")
    )
    return Figure(
        key="searches",
        title=str(_("Library searches per day (last 30 days)")),
        kind="bar",
        label_title=str(_("Day")),
        labels=[_day(row["searched_on"]) for row in rows],
        series=[
            (str(_("Searches")), [row["n"] for row in rows]),
            (str(_("Found nothing")), [row["empty"] for row in rows]),
        ],
    )


def _top_words(searches, key, title, note="") -> Figure:
    rows = list(
        searches.exclude(query="")
        .annotate(words=Lower("query"))
        .values("words")
        .annotate(n=Count("pk"))
        .order_by("-n", "words")[:TOP]
    )
    return Figure(
        key=key,
        title=str(title),
        kind="hbar",
        label_title=str(_("Search words")),
        labels=[row["words"] for row in rows],
        series=[(str(_("Searches")), [row["n"] for row in rows])],
        note=str(note),
    )


def top_searches() -> Figure:
    return _top_words(SearchLog.objects.all(), "top-searches", _("Top searches"))


def zero_result_searches() -> Figure:
    return _top_words(
        SearchLog.objects.filter(result_count=0),
        "no-results",
        _("Searches that found nothing"),
        _("What members look for and the library lacks: the curation gap."),
    )


def most_opened() -> Figure:
    rows = list(
        ResourceOpen.objects.values("resource", "resource__title")
        .annotate(n=Sum("count"))
        .order_by("-n", "resource__title")[:TOP]
    )
    return Figure(
        key="most-opened",
        title=str(_("Most-opened resources")),
        kind="hbar",
        label_title=str(_("Resource")),
        labels=[row["resource__title"] for row in rows],
        series=[(str(_("Times opened")), [row["n"] for row in rows])],
    )


def proposals_per_month() -> Figure:
    rows = list(
        Resource.objects.filter(submitted_by__isnull=False)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return Figure(
        key="proposals",
        title=str(_("Resources proposed by members, per month")),
        kind="bar",
        label_title=str(_("Month")),
        labels=[row["month"].strftime("%Y-%m") for row in rows],
        series=[(str(_("Proposals")), [row["n"] for row in rows])],
    )


def link_health_over_time() -> Figure:
    snapshots = list(LinkHealthSnapshot.objects.order_by("day")[:365])
    columns = [
        ("working", _("Working")),
        ("redirected", _("Redirected")),
        ("failing", _("Failed the last check")),
        ("broken", _("Broken")),
        ("unchecked", _("Not checked yet")),
    ]
    return Figure(
        key="link-health",
        title=str(_("Link health over time")),
        kind="line",
        label_title=str(_("Day")),
        labels=[_day(snapshot.day) for snapshot in snapshots],
        series=[
            (str(name), [getattr(snapshot, column) for snapshot in snapshots])
            for column, name in columns
        ],
    )


def feedback_by_page() -> Figure:
    rows = list(
        PageFeedback.objects.filter(kind=PageFeedback.Kind.VOTE)
        .values("path")
        .annotate(
            yes=Count("pk", filter=Q(useful=True)),
            no=Count("pk", filter=Q(useful=False)),
            total=Count("pk"),
        )
        .order_by("-total", "path")[:20]
    )
    return Figure(
        key="feedback",
        title=str(_("Is this page useful? Answers per page")),
        kind="hbar",
        label_title=str(_("Page")),
        labels=[row["path"] for row in rows],
        series=[
            (str(_("Useful")), [row["yes"] for row in rows]),
            (str(_("Not useful")), [row["no"] for row in rows]),
        ],
    )


LIBRARY = {
    "searches": lambda: searches_per_day(timezone.localdate()),
    "top-searches": top_searches,
    "no-results": zero_result_searches,
    "most-opened": most_opened,
    "proposals": proposals_per_month,
    "link-health": link_health_over_time,
}
FEEDBACK = {"feedback": feedback_by_page}
# Who may see which figures: the permission to view the rows they count.
PERMISSIONS = {
    **dict.fromkeys(LIBRARY, "resources.view_resource"),
    "feedback": "feedback.view_pagefeedback",
}
EVENT_PERMISSION = "registrations.view_registration"


def site_figures(user) -> list[Figure]:
    builders = {**LIBRARY, **FEEDBACK}
    return [build() for key, build in builders.items() if user.has_perm(PERMISSIONS[key])]


def site_figure(key: str):
    return {**LIBRARY, **FEEDBACK}.get(key)
