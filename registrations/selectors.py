from django.db.models import Count, Q

from events.models import LANGUAGE_NAMES
from registrations.models import Registration


def event_summary(event_id: int) -> dict:
    """Counts for one event: by status, and confirmed/waiting by channel and by category."""
    registrations = Registration.objects.filter(event_id=event_id)
    totals = registrations.aggregate(
        confirmed=Count("pk", filter=Q(status="confirmed")),
        waiting=Count("pk", filter=Q(status="waiting")),
        cancelled=Count("pk", filter=Q(status="cancelled")),
    )

    def breakdown(field):
        return list(
            registrations.values(field)
            .annotate(
                confirmed=Count("pk", filter=Q(status="confirmed")),
                waiting=Count("pk", filter=Q(status="waiting")),
                cancelled=Count("pk", filter=Q(status="cancelled")),
            )
            .order_by(field)
        )

    by_channel = breakdown("channel")
    for row in by_channel:
        row["name"] = str(LANGUAGE_NAMES.get(row["channel"], row["channel"]))
    return {
        "totals": totals,
        "by_channel": by_channel,
        "by_category": breakdown("category"),
    }
