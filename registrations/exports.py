"""Registrant lists as CSV, streamed row by row so a large event never sits in memory."""

import csv

from django.http import StreamingHttpResponse

from common.spreadsheets import text_cell

COLUMNS = [
    ("event", lambda r: r.event.title),
    ("status", lambda r: r.status),
    ("name", lambda r: r.name),
    ("email", lambda r: r.user.email),
    ("organisation", lambda r: r.organisation),
    ("position", lambda r: r.position),
    ("city", lambda r: r.city),
    ("country", lambda r: r.country),
    ("category", lambda r: r.category),
    ("channel", lambda r: r.channel),
    ("accessibility_needs", lambda r: r.accessibility_needs),
    ("question", lambda r: r.question),
    ("time_zone", lambda r: r.time_zone),
    ("registered_at", lambda r: r.created_at.isoformat()),
    ("promoted_at", lambda r: r.promoted_at.isoformat() if r.promoted_at else ""),
    ("cancelled_at", lambda r: r.cancelled_at.isoformat() if r.cancelled_at else ""),
]


class _Echo:
    def write(self, value):
        return value


def stream_csv(registrations, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow([name for name, _ in COLUMNS])
        for registration in registrations.select_related("event", "user").iterator(chunk_size=2000):
            yield writer.writerow([text_cell(value(registration)) for _, value in COLUMNS])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
