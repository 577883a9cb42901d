"""The bench forum: a published forum with a long programme, marked synthetic."""

from datetime import timedelta

from django.utils import timezone

from events.models import Event, Session, SessionSpeaker, Speaker
from forum_site import page_cache

FORUM_SLUG = "synthetic-bench-forum"
SPEAKER_SLUG = "synthetic-bench-speaker-{}"
ROOMS = ["Room A", "Room B", "Room C", "Room D", "Room E"]


def bench_forum(sessions: int = 200):
    """A published forum with ``sessions`` sessions over four days, five rooms in parallel,
    two speakers each; marked synthetic (slug, title, review notes). Kept between runs."""
    event = Event.objects.filter(slug=FORUM_SLUG).first()
    if event is not None and event.sessions.count() == sessions:
        return event
    delete_bench_forum()
    first_day = (timezone.now() + timedelta(days=60)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    days = 4
    per_day = -(-sessions // days)
    event = Event.objects.create(
        title="Synthetic benchmark forum (not a real event)",
        slug=FORUM_SLUG,
        kind=Event.Kind.FORUM,
        status=Event.Status.PUBLISHED,
        schedule=Event.Schedule.EXACT,
        time_zone="Asia/Seoul",
        start=first_day,
        end=first_day + timedelta(days=days - 1, hours=10),
        summary="Made by `manage.py bench` to time a forum page with a long programme.",
        languages=["en"],
        needs_review=True,
        review_notes="Synthetic: made by manage.py bench; `manage.py bench --delete` removes it.",
    )
    speakers = Speaker.objects.bulk_create(
        Speaker(
            name=f"Synthetic speaker {number}",
            slug=SPEAKER_SLUG.format(number),
            position="Benchmark speaker",
        )
        for number in range(100)
    )
    rows = []
    for number in range(sessions):
        day, slot = divmod(number, per_day)
        start = first_day + timedelta(days=day, minutes=45 * (slot // len(ROOMS)))
        rows.append(
            Session(
                event=event,
                title=f"Synthetic session {number + 1}: resilient infrastructure",
                kind=Session.Kind.PANEL,
                start=start,
                end=start + timedelta(minutes=40),
                channel=ROOMS[slot % len(ROOMS)],
                description="A synthetic session for the benchmark.",
                sort_order=slot % len(ROOMS),
            )
        )
    made = Session.objects.bulk_create(rows)
    SessionSpeaker.objects.bulk_create(
        SessionSpeaker(
            session=session,
            speaker=speakers[(number * 2 + offset) % len(speakers)],
            role=SessionSpeaker.Role.SPEAKER,
            sort_order=offset,
        )
        for number, session in enumerate(made)
        for offset in range(2)
    )
    page_cache.bump()  # bulk inserts send no signals
    return event


def delete_bench_forum() -> None:
    Event.objects.filter(slug=FORUM_SLUG).delete()
    Speaker.objects.filter(slug__startswith=SPEAKER_SLUG.format("")).delete()
