"""The programme's data: an event's sessions grouped by their day in the event's zone.

A forum's programme can hold hundreds of sessions. They are read as tuples of plain values,
not model instances: a thousand sessions, speaker rows, speakers and organisations cost more
to build than the whole page, and their prefetch caches point at one another, so each page
left cycles behind that only the garbage collector's full collections (a pause of 100 ms
every few pages) freed. A programme also repeats itself (parallel sessions share their
times, a speaker often appears in several sessions, kinds are a handful of values), so each
of those is formatted once a page, not once a row.

``events/includes/_programme.html`` lays the days out inside ``{% cache %}``, keyed on
``Event.objects.with_programme_stamp()``, so the rows are read and rendered once per change.
"""

from collections import defaultdict

from common import addresses
from common.bilingual import pick
from events import timefmt

# What a row shows, in the order SessionRows unpacks it.
# Translated texts come in both languages; the row shows the reader's (common.bilingual.pick).
SESSION_FIELDS = (
    "pk",
    "kind",
    "start",
    "end",
    "title_en",
    "title_ko",
    "channel_en",
    "channel_ko",
    "description_en",
    "description_ko",
)
SPEAKER_FIELDS = (
    "session_id",
    "role",
    "speaker__slug",
    "speaker__name",
    "speaker__position_en",
    "speaker__position_ko",
    "speaker__organisation__acronym_en",
    "speaker__organisation__acronym_ko",
    "speaker__organisation__name_en",
    "speaker__organisation__name_ko",
)


class SessionRows:
    """Turns one event's SESSION_FIELDS tuples into the template's rows, with the page's
    labels translated once."""

    def __init__(self, event, kinds: dict, roles: dict, speaker_rows):
        self.tz = event.tz
        self.kinds, self.roles = kinds, roles
        self.speaker_url = addresses.by_slug("events:speaker")
        self.times: dict[tuple, tuple] = {}
        self.speakers: dict[int, list[dict]] = defaultdict(list)
        made: dict[tuple, dict] = {}
        for session_id, *speaker in speaker_rows:
            key = tuple(speaker)
            row = made.get(key)
            if row is None:
                row = made[key] = self._speaker(*speaker)
            self.speakers[session_id].append(row)

    def _speaker(self, role, slug, name, *texts) -> dict:
        position, acronym, organisation = (
            pick(english, korean)[0]
            for english, korean in zip(texts[::2], texts[1::2], strict=True)
        )
        # Speaker.affiliation: the position, then the organisation's short name.
        return {
            "url": self.speaker_url(slug),
            "name": name,
            "affiliation": ", ".join(part for part in (position, acronym or organisation) if part),
            "role": self.roles.get(role, role),
        }

    def when(self, start, end) -> tuple:
        """The local start and a row's time parts (ISO start and end, "09:00-09:40" with an
        en dash)."""
        parts = self.times.get((start, end))
        if parts is None:
            local_start, local_end = start.astimezone(self.tz), end.astimezone(self.tz)
            text = f"{timefmt.clock(local_start)}{timefmt.DASH}{timefmt.clock(local_end)}"
            parts = (local_start, local_start.isoformat(), local_end.isoformat(), text)
            self.times[(start, end)] = parts
        return parts

    def __call__(self, pk, kind, start, end, *texts) -> dict:
        """One session's row from its SESSION_FIELDS values."""
        _local_start, start_iso, end_iso, time_text = self.when(start, end)
        (
            (title, title_language),
            (channel, channel_language),
            (description, description_language),
        ) = (pick(english, korean) for english, korean in zip(texts[::2], texts[1::2], strict=True))
        return {
            "pk": pk,
            "kind": kind,
            "kind_label": self.kinds.get(kind, kind),
            "start_iso": start_iso,
            "end_iso": end_iso,
            "time_text": time_text,
            # Each text with its language: the template marks one shown in the other language.
            "title": title,
            "title_language": title_language,
            "channel": channel,
            "channel_language": channel_language,
            "description": description,
            "description_language": description_language,
            "speakers": self.speakers.get(pk, ()),
        }


def days(event, sessions, speaker_rows, *, kinds: dict, roles: dict) -> list[dict]:
    """The sessions (SESSION_FIELDS tuples, in programme order) grouped by their day in the
    event's zone: each day's label, zone and rows."""
    make_row = SessionRows(event, kinds, roles, speaker_rows)
    grouped: list[dict] = []
    for values in sessions:
        local_start = make_row.when(values[2], values[3])[0]
        if not grouped or grouped[-1]["day"] != local_start.date():
            grouped.append(
                {
                    "day": local_start.date(),
                    "label": timefmt.long_date(local_start.date()),
                    "zone": timefmt.zone_label(local_start),
                    "sessions": [],
                }
            )
        grouped[-1]["sessions"].append(make_row(*values))
    return grouped
