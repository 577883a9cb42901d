"""Writes to a person's own portal."""

import hashlib

from django.db import IntegrityError, transaction
from django.utils import timezone

from personal.models import CalendarFeed, SavedSearch


def current_feed(*, user) -> CalendarFeed:
    """The person's calendar feed address, made on first use."""
    feed = CalendarFeed.objects.current().filter(user=user).first()
    if feed is not None:
        return feed
    try:
        with transaction.atomic():
            return CalendarFeed.objects.create(user=user)
    except IntegrityError:  # made at the same moment by another request
        return CalendarFeed.objects.current().get(user=user)


def renew_feed(*, user) -> CalendarFeed:
    """A new secret address; the old one ends (it answers 410 Gone from now on).

    Side effects: the current CalendarFeed row gets ``revoked_at``; a new row is made."""
    with transaction.atomic():
        CalendarFeed.objects.current().filter(user=user).select_for_update().update(
            revoked_at=timezone.now()
        )
        return CalendarFeed.objects.create(user=user)


def note_feed_body(*, feed: CalendarFeed, body: bytes) -> CalendarFeed:
    """Remember the digest of what the feed said and when it last changed (Last-Modified)."""
    digest = hashlib.sha256(body).hexdigest()
    if feed.body_hash != digest:
        feed.body_hash, feed.changed_at = digest, timezone.now()
        CalendarFeed.objects.filter(pk=feed.pk).update(
            body_hash=feed.body_hash, changed_at=feed.changed_at
        )
    return feed


def save_search(*, user, kind: str, query: str, name: str, frequency: str) -> SavedSearch:
    """Keep a search; its first digest lists what appears from now on."""
    return SavedSearch.objects.create(
        user=user,
        kind=kind,
        query=query,
        name=name,
        frequency=frequency,
        last_digest_at=timezone.now(),
    )


def change_search(*, search: SavedSearch, name: str, frequency: str) -> SavedSearch:
    search.name, search.frequency = name, frequency
    search.save(update_fields=["name", "frequency"])
    return search
