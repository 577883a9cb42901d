"""A person's own portal in their data download (``accounts.personal_data``)."""

from events.models import Star


def personal_section(user) -> dict:
    stars = Star.objects.filter(user=user).select_related("event", "session", "session__event")
    return {
        "stars": [
            {
                "event": (star.event or star.session.event).title,
                "session": star.session.title if star.session else None,
                "starred_at": star.created_at.isoformat(),
            }
            for star in stars
        ],
        "calendar_feeds": [
            {
                "created_at": feed.created_at.isoformat(),
                "revoked_at": feed.revoked_at.isoformat() if feed.revoked_at else None,
            }
            for feed in user.calendar_feeds.all()
        ],
        "saved_searches": [
            {
                "name": search.name,
                "kind": search.kind,
                "search": search.query,
                "email": search.frequency,
                "saved_at": search.created_at.isoformat(),
                "digests_sent": [
                    {"period": digest.period, "items": digest.item_count}
                    for digest in search.digests.all()
                ],
            }
            for search in user.saved_searches.prefetch_related("digests")
        ],
        "proposals": [
            {
                "title": resource.title,
                "url": resource.url,
                "proposed_at": resource.created_at.isoformat(),
                "moderation": resource.moderation,
                "published": resource.is_published,
                "reason": resource.rejection_reason,
            }
            for resource in user.submitted_resources.order_by("created_at", "pk")
        ],
    }
