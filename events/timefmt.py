"""How event times read: in the event's own zone, with its abbreviation and GMT offset.

"10:00-17:30 KST (GMT+9)" (with an en dash): the abbreviation comes from the IANA database through zoneinfo;
zones whose abbreviation is only a number ("+09") show the GMT offset alone.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

DASH = "\u2013"  # en dash, between the two ends of a range


def gmt_offset_label(offset: timedelta) -> str:
    """``GMT+9``, ``GMT-4``, ``GMT+5:30``; plain ``GMT`` for a zero offset."""
    minutes = int(offset.total_seconds()) // 60
    if minutes == 0:
        return "GMT"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"GMT{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_label(local: datetime) -> str:
    """The zone as a reader sees it at that instant: ``KST (GMT+9)``, ``BST (GMT+1)``, ``GMT``."""
    offset = gmt_offset_label(local.utcoffset() or timedelta(0))
    abbreviation = local.tzname() or ""
    if not abbreviation.isalpha():
        return offset
    if offset == "GMT" and abbreviation in {"GMT", "UTC"}:
        return abbreviation
    return f"{abbreviation} ({offset})"


def _or_locale_format(chosen: str, english: str) -> str:
    """The translated date format; the locale's own Django format while none is translated."""
    if chosen == english and not (get_language() or "en").startswith("en"):
        return get_format("DATE_FORMAT")
    return chosen


def long_date(value: date) -> str:
    # Translators: a Django date format (see the "date" template filter), e.g. "Y년 n월 j일 (l)".
    chosen = pgettext("long date format", "l j F Y")
    return dateformat.format(value, _or_locale_format(chosen, "l j F Y"))


def short_date(value: date) -> str:
    # Translators: a Django date format (see the "date" template filter), e.g. "Y년 n월 j일".
    chosen = pgettext("short date format", "j F Y")
    return dateformat.format(value, _or_locale_format(chosen, "j F Y"))


def clock(value: datetime) -> str:
    return value.strftime("%H:%M")


def moment(value: datetime, tz) -> str:
    """One instant in the given zone: ``12 March 2021, 00:00 KST (GMT+9)``."""
    local = value.astimezone(tz)
    return f"{short_date(local.date())}, {clock(local)} {zone_label(local)}"


def date_range(first: date, last: date, formatter=short_date) -> str:
    if first == last:
        return formatter(first)
    return f"{formatter(first)} {DASH} {formatter(last)}"


@dataclass(frozen=True)
class When:
    """The texts and machine-readable values that describe when an event happens."""

    date_text: str
    time_text: str
    summary: str
    start_iso: str = ""
    end_iso: str = ""
    first_day_iso: str = ""
    has_time: bool = False


def describe(schedule: str, start: datetime | None, end: datetime | None, tz) -> When:
    """Describe an event's timing; ``schedule`` is one of ``Event.Schedule``'s values.

    The texts depend only on these values and the active language, and building them (Django's
    date formats, the zone's names) costs about 0.1 ms: a page of twenty event cards spent 2 ms
    on it. Each worker keeps the latest few thousand.
    """
    return _described(schedule, start, end, tz, get_language())


@lru_cache(maxsize=4096)
def _described(schedule, start, end, tz, language) -> When:
    if start is None or end is None:
        text = _("Date not announced")
        return When(date_text=text, time_text="", summary=text)
    local_start = start.astimezone(tz)
    local_end = end.astimezone(tz)
    first_day = local_start.date()
    if schedule == "exact":
        last_day = local_end.date()
    else:
        # The end is stored as the midnight after the last day (exclusive, as in iCalendar).
        last_day = (local_end - timedelta(microseconds=1)).date()
        last_day = max(last_day, first_day)

    if schedule == "date_only":
        return When(
            date_text=date_range(first_day, last_day, long_date),
            time_text=_("Time not announced"),
            summary=date_range(first_day, last_day),
            start_iso=first_day.isoformat(),
            end_iso=last_day.isoformat(),
            first_day_iso=first_day.isoformat(),
        )
    zone = zone_label(local_start)
    if schedule == "start_only":
        time_text = _("Starts at %(time)s %(zone)s; end time not announced") % {
            "time": clock(local_start),
            "zone": zone,
        }
        return When(
            date_text=date_range(first_day, last_day, long_date),
            time_text=time_text,
            summary=_("%(dates)s, starting %(time)s %(zone)s")
            % {"dates": date_range(first_day, last_day), "time": clock(local_start), "zone": zone},
            start_iso=local_start.isoformat(),
            first_day_iso=first_day.isoformat(),
            has_time=True,
        )
    if first_day == last_day:
        end_zone = zone_label(local_end)
        if end_zone == zone:
            time_text = f"{clock(local_start)}{DASH}{clock(local_end)} {zone}"
        else:  # the clocks change during the event
            time_text = f"{clock(local_start)} {zone} {DASH} {clock(local_end)} {end_zone}"
        summary = f"{short_date(first_day)}, {time_text}"
    else:
        end_zone = zone_label(local_end)
        time_text = _(
            "From %(start)s %(start_zone)s on %(first)s to %(end)s %(end_zone)s on %(last)s"
        ) % {
            "start": clock(local_start),
            "start_zone": zone,
            "first": short_date(first_day),
            "end": clock(local_end),
            "end_zone": end_zone,
            "last": short_date(last_day),
        }
        summary = (
            f"{short_date(first_day)}, {clock(local_start)} {DASH} "
            f"{short_date(last_day)}, {clock(local_end)} {end_zone}"
        )
    return When(
        date_text=date_range(first_day, last_day, long_date),
        time_text=time_text,
        summary=summary,
        start_iso=local_start.isoformat(),
        end_iso=local_end.isoformat(),
        first_day_iso=first_day.isoformat(),
        has_time=True,
    )
