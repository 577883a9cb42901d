"""Writes to events: one function per thing the secretariat does."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify

from events import images
from events.models import (
    Event,
    EventOrganiser,
    FeaturedLink,
    Session,
    SessionSpeaker,
    Star,
    StreamLink,
)


def publish_events(*, events: QuerySet) -> tuple[int, list[Event]]:
    """Publish the given drafts, except those flagged for the secretariat's review.

    Returns the number published and the flagged events left as they were. Side effects:
    ``status`` becomes ``published`` on each draft published; other statuses are kept
    (a postponed or cancelled event stays so).
    """
    with transaction.atomic():
        drafts = events.select_for_update().filter(status=Event.Status.DRAFT)
        flagged = list(drafts.filter(needs_review=True).order_by("pk"))
        published = drafts.filter(needs_review=False).update(
            status=Event.Status.PUBLISHED, published_at=timezone.now()
        )
    return published, flagged


def unpublish_events(*, events: QuerySet) -> int:
    """Turn the given events back into drafts, hidden from everyone but staff.

    Side effects: ``status`` becomes ``draft``; a featured event stops being shown on the
    home page, since only published events are.
    """
    with transaction.atomic():
        return (
            events.select_for_update()
            .exclude(status=Event.Status.DRAFT)
            .update(status=Event.Status.DRAFT, published_at=None)
        )


def _free_slug(base: str) -> str:
    base = slugify(base)[:240] or "event"
    candidate, number = f"{base}-copy", 2
    while Event.objects.filter(slug=candidate).exists():
        candidate, number = f"{base}-copy-{number}", number + 1
    return candidate


def duplicate_event(*, event: Event) -> Event:
    """Copy an event, with its organisers, links, topics and sessions, as a new draft.

    Side effects: creates one Event (status ``draft``, not featured, slug ``<slug>-copy``
    or ``<slug>-copy-N``) and copies of its organiser rows, stream and "also featured on"
    links, topic links, sessions and session speakers. The image files are shared, not copied.
    """
    with transaction.atomic():
        original = Event.objects.select_for_update().get(pk=event.pk)
        copy = Event.objects.get(pk=event.pk)  # a second instance, saved as the new row
        copy.pk = None
        copy.id = None
        copy._state.adding = True
        copy.slug = _free_slug(original.slug)
        # The English title, whatever language the secretariat reads the admin in.
        copy.title_en = f"{original.title_en} (copy)"[:255]
        copy.status = Event.Status.DRAFT
        copy.featured = False
        copy.save()
        copy.topics.set(original.topics.all())
        EventOrganiser.objects.bulk_create(
            EventOrganiser(
                event=copy, organisation_id=row.organisation_id, role=row.role, sort_order=n
            )
            for n, row in enumerate(original.event_organisers.all())
        )
        for model in (StreamLink, FeaturedLink):
            model.objects.bulk_create(
                model(
                    event=copy,
                    label_en=link.label_en,
                    label_ko=link.label_ko,
                    url=link.url,
                    sort_order=link.sort_order,
                )
                for link in model.objects.filter(event=original)
            )
        for session in original.sessions.prefetch_related("session_speakers"):
            speakers = list(session.session_speakers.all())
            session.pk = None
            session.id = None
            session._state.adding = True
            session.event = copy
            session.save()
            SessionSpeaker.objects.bulk_create(
                SessionSpeaker(
                    session=session,
                    speaker_id=row.speaker_id,
                    role=row.role,
                    sort_order=row.sort_order,
                )
                for row in speakers
            )
    return copy


def refresh_event_thumbnail(*, event: Event) -> None:
    """Make (or remove) the thumbnail of the event's image.

    Side effects: writes a new thumbnail file to the media storage and saves
    ``image_thumbnail``; with no image, the thumbnail field is emptied.
    """
    _refresh_thumbnail(event, "image", "image_thumbnail")


def refresh_speaker_thumbnail(*, speaker) -> None:
    """Make (or remove) the thumbnail of a speaker's photo; see refresh_event_thumbnail."""
    _refresh_thumbnail(speaker, "photo", "photo_thumbnail")


def _refresh_thumbnail(instance, source_field: str, thumbnail_field: str) -> None:
    source = getattr(instance, source_field)
    thumb = getattr(instance, thumbnail_field)
    if not source:
        if thumb:
            thumb.delete(save=False)
        setattr(instance, thumbnail_field, "")
    else:
        with source.open("rb") as handle:
            made = images.thumbnail(handle)
        thumb.save(made.name, made, save=False)
    type(instance).objects.filter(pk=instance.pk).update(
        **{thumbnail_field: getattr(instance, thumbnail_field).name or ""}
    )


def set_star(*, user, event: Event | None = None, session: Session | None = None, starred: bool):
    """Star (or unstar) an event or a session for ``user``'s programme; idempotent.

    Returns whether it is starred now. Side effects: one Star row made or removed (twice the
    same request, or two at once, leave one row: the unique constraint and ON CONFLICT)."""
    target = {"session": session} if session is not None else {"event": event}
    if starred:
        Star.objects.bulk_create([Star(user=user, **target)], ignore_conflicts=True)
    else:
        Star.objects.filter(user=user, **target).delete()
    return starred
