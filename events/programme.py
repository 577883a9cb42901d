"""The programme's session rows as HTML, built in Python from plain values.

A forum's programme can hold hundreds of sessions; through template includes and lookups they
cost over 100 ms a page. Built here with every variable part escaped, the same markup costs a
few milliseconds. The rows are read as tuples, not model instances: a thousand sessions,
speaker rows, speakers and organisations cost more to build than the whole page, and their
prefetch caches point at one another, so each page left cycles behind that only the garbage
collector's full collections (a pause of 100 ms every few pages) freed.
``events/_programme.html`` lays the days out.
"""

from collections import defaultdict
from html import escape

from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from common import addresses
from events import timefmt

SESSION_HTML = (
    '<li class="session session--{kind}" id="session-{pk}">'
    '<p class="session__time"><time datetime="{start_iso}" data-local="local-session-{pk}" '
    'data-local-end="{end_iso}">{time_text}</time> '
    '<span class="local-time" data-local-wrapper hidden>{your_time} '
    '<span id="local-session-{pk}"></span></span></p>'
    '<div class="session__body"><h4 class="session__title">{title}</h4>'
    '<p class="session__meta"><span class="badge badge--quiet">{kind_label}</span>{channel}</p>'
    "{description}{speakers}</div></li>"
)
SPEAKER_HTML = (
    '<li><a href="{url}">{name}</a>{affiliation} <span class="session__role">({role})</span></li>'
)
# What a row shows, in the order SessionRows unpacks it.
SESSION_FIELDS = ("pk", "kind", "start", "end", "title", "channel", "description")
SPEAKER_FIELDS = (
    "session_id",
    "role",
    "speaker__slug",
    "speaker__name",
    "speaker__position",
    "speaker__organisation__acronym",
    "speaker__organisation__name",
)


def lines_html(text: str) -> str:
    """The ``linebreaksbr`` filter's output (escaped, a ``<br>`` for each line break) without
    its lazy-string wrappers, a cost that shows over hundreds of rows."""
    return escape(text).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


class SessionRows:
    """Renders one event's sessions with the page's words translated once.

    A programme repeats itself: parallel sessions share their times, a speaker often appears
    in several sessions, and kinds and rooms are a handful of values. Each of those is
    formatted and escaped once a page, not once a row.
    """

    def __init__(self, event, kinds: dict, roles: dict, speaker_rows):
        self.tz = event.tz
        self.kinds, self.roles = kinds, roles
        self.your_time = escape(gettext("Your time:"))
        self.speaker_url = addresses.by_slug("events:speaker")
        self.times: dict[tuple, tuple] = {}
        self.kind_parts: dict[str, tuple[str, str]] = {}
        self.channels: dict[str, str] = {}
        self.speakers: dict[int, list[str]] = defaultdict(list)
        made: dict[tuple, str] = {}
        for session_id, *speaker in speaker_rows:
            key = tuple(speaker)
            html = made.get(key)
            if html is None:
                html = made[key] = self._speaker_html(*speaker)
            self.speakers[session_id].append(html)

    def _speaker_html(self, role, slug, name, position, acronym, organisation) -> str:
        # Speaker.affiliation: the position, then the organisation's short name.
        affiliation = ", ".join(part for part in (position, acronym or organisation) if part)
        return SPEAKER_HTML.format(
            url=escape(self.speaker_url(slug)),
            name=escape(name),
            affiliation=f", {escape(affiliation)}" if affiliation else "",
            role=escape(self.roles.get(role, role)),
        )

    def when(self, start, end) -> tuple:
        """The local start and a row's time parts (ISO start and end, "09:00-09:40" with an
        en dash)."""
        parts = self.times.get((start, end))
        if parts is None:
            local_start, local_end = start.astimezone(self.tz), end.astimezone(self.tz)
            text = escape(f"{timefmt.clock(local_start)}{timefmt.DASH}{timefmt.clock(local_end)}")
            parts = (local_start, local_start.isoformat(), local_end.isoformat(), text)
            self.times[(start, end)] = parts
        return parts

    def __call__(self, pk, kind, start, end, title, channel, description) -> str:
        """One session's row from its SESSION_FIELDS values."""
        _local_start, start_iso, end_iso, time_text = self.when(start, end)
        kind_parts = self.kind_parts.get(kind)
        if kind_parts is None:
            kind_parts = self.kind_parts[kind] = (escape(kind), escape(self.kinds.get(kind, kind)))
        room = self.channels.get(channel)
        if room is None:
            room = self.channels[channel] = f" {escape(channel)}" if channel else ""
        speakers = "".join(self.speakers.get(pk, ()))
        return SESSION_HTML.format(
            kind=kind_parts[0],
            pk=pk,
            start_iso=start_iso,
            end_iso=end_iso,
            time_text=time_text,
            your_time=self.your_time,
            title=escape(title),
            kind_label=kind_parts[1],
            channel=room,
            description=f"<p>{lines_html(description)}</p>" if description else "",
            speakers=f'<ul class="session__speakers">{speakers}</ul>' if speakers else "",
        )


def days(event, sessions, speaker_rows, *, kinds: dict, roles: dict) -> list[dict]:
    """The sessions (SESSION_FIELDS tuples, in programme order) grouped by their day in the
    event's zone, each day's rows as one piece of HTML."""
    row_html = SessionRows(event, kinds, roles, speaker_rows)
    grouped: list[dict] = []
    for values in sessions:
        local_start = row_html.when(values[2], values[3])[0]
        if not grouped or grouped[-1]["day"] != local_start.date():
            grouped.append(
                {
                    "day": local_start.date(),
                    "label": timefmt.long_date(local_start.date()),
                    "zone": timefmt.zone_label(local_start),
                    "rows": [],
                }
            )
        grouped[-1]["rows"].append(row_html(*values))
    for day in grouped:
        day["rows"] = mark_safe("".join(day["rows"]))  # noqa: S308 - every variable part is escaped above
    return grouped
