from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from common.markdown import render_markdown
from events import timefmt
from events.models import Event, normalise_schedule
from tests.factories import (
    EventFactory,
    EventOrganiserFactory,
    OrganizationFactory,
    SessionFactory,
    StreamLinkFactory,
)

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def _event(start, end, zone, schedule=Event.Schedule.EXACT):
    return EventFactory.build(start=start, end=end, time_zone=zone, schedule=schedule)


def test_event_time_seoul_forum_shows_zone_name_and_offset():
    event = _event(
        datetime(2020, 12, 9, 10, 0, tzinfo=SEOUL),
        datetime(2020, 12, 9, 17, 30, tzinfo=SEOUL),
        "Asia/Seoul",
    )

    assert event.when.date_text == "Wednesday 9 December 2020"
    assert event.when.time_text == "10:00\u201317:30 KST (GMT+9)"
    assert event.when.summary == "9 December 2020, 10:00\u201317:30 KST (GMT+9)"
    assert event.when.start_iso == "2020-12-09T10:00:00+09:00"
    assert event.when.end_iso == "2020-12-09T17:30:00+09:00"
    assert event.start.astimezone(UTC) == datetime(2020, 12, 9, 1, 0, tzinfo=UTC)


def test_event_time_is_stored_in_utc_whatever_the_zone_it_was_given_in():
    event = EventFactory(
        start=datetime(2020, 12, 9, 10, 0, tzinfo=SEOUL),
        end=datetime(2020, 12, 9, 17, 30, tzinfo=SEOUL),
    )

    event.refresh_from_db()

    assert event.start.utcoffset() == timedelta(0)
    assert event.start == datetime(2020, 12, 9, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "start", "expected"),
    [
        ("Europe/London", datetime(2021, 7, 1, 14, 0), "14:00\u201315:00 BST (GMT+1)"),
        ("Europe/London", datetime(2021, 1, 15, 14, 0), "14:00\u201315:00 GMT"),
        ("America/New_York", datetime(2021, 7, 1, 9, 0), "09:00\u201310:00 EDT (GMT-4)"),
        ("America/New_York", datetime(2021, 1, 15, 9, 0), "09:00\u201310:00 EST (GMT-5)"),
        ("Asia/Kolkata", datetime(2021, 1, 15, 9, 0), "09:00\u201310:00 IST (GMT+5:30)"),
        ("Asia/Seoul", datetime(2021, 7, 1, 9, 0), "09:00\u201310:00 KST (GMT+9)"),
        ("Etc/GMT-9", datetime(2021, 3, 24, 15, 50), "15:50\u201316:50 GMT+9"),
        ("America/Sao_Paulo", datetime(2021, 1, 15, 9, 0), "09:00\u201310:00 GMT-3"),
        ("UTC", datetime(2021, 1, 15, 9, 0), "09:00\u201310:00 UTC"),
    ],
)
def test_event_time_in_zones_with_and_without_daylight_saving(zone, start, expected):
    tz = ZoneInfo(zone)
    local_start = start.replace(tzinfo=tz)
    event = _event(local_start, local_start + timedelta(hours=1), zone)

    assert event.when.time_text == expected


def test_event_time_same_wall_clock_in_london_differs_in_utc_across_seasons():
    summer = _event(
        datetime(2021, 7, 1, 14, 0, tzinfo=LONDON), datetime(2021, 7, 1, 15, 0, tzinfo=LONDON), ""
    )
    winter = _event(
        datetime(2021, 1, 15, 14, 0, tzinfo=LONDON),
        datetime(2021, 1, 15, 15, 0, tzinfo=LONDON),
        "",
    )

    assert summer.start.astimezone(UTC).hour == 13
    assert winter.start.astimezone(UTC).hour == 14


def test_event_time_across_a_clock_change_names_both_zones():
    # Clocks in London went forward at 01:00 GMT on 28 March 2021.
    start = datetime(2021, 3, 28, 0, 30, tzinfo=LONDON)
    end = datetime(2021, 3, 28, 3, 0, tzinfo=LONDON)
    event = _event(start, end, "Europe/London")

    assert event.when.time_text == "00:30 GMT \u2013 03:00 BST (GMT+1)"
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=1, minutes=30)


def test_event_time_in_new_york_uses_the_event_zone_not_the_server_zone(settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    start = datetime(2021, 11, 7, 0, 30, tzinfo=NEW_YORK).astimezone(UTC)
    event = _event(start, start + timedelta(hours=3), "America/New_York")

    # The clocks fell back at 02:00 EDT: 00:30 EDT + 3 hours is 02:30 EST.
    assert event.when.time_text == "00:30 EDT (GMT-4) \u2013 02:30 EST (GMT-5)"


@pytest.mark.parametrize(
    ("offset", "label"),
    [
        (timedelta(hours=9), "GMT+9"),
        (timedelta(hours=-4), "GMT-4"),
        (timedelta(hours=5, minutes=30), "GMT+5:30"),
        (timedelta(hours=-9, minutes=-30), "GMT-9:30"),
        (timedelta(0), "GMT"),
    ],
)
def test_gmt_offset_label_formats_hours_and_minutes(offset, label):
    assert timefmt.gmt_offset_label(offset) == label


def test_event_time_multi_day_names_both_days():
    event = _event(
        datetime(2021, 3, 18, 15, 0, tzinfo=SEOUL),
        datetime(2021, 3, 19, 17, 0, tzinfo=SEOUL),
        "Asia/Seoul",
    )

    assert event.when.date_text == "Thursday 18 March 2021 \u2013 Friday 19 March 2021"
    assert event.when.time_text == (
        "From 15:00 KST (GMT+9) on 18 March 2021 to 17:00 KST (GMT+9) on 19 March 2021"
    )


def test_event_time_date_only_says_the_time_is_not_announced():
    start, end = normalise_schedule(
        Event.Schedule.DATE_ONLY, datetime(2020, 7, 29, 13, 0, tzinfo=UTC), None, ZoneInfo("UTC")
    )
    event = _event(start, end, "UTC", Event.Schedule.DATE_ONLY)

    assert (start, end) == (
        datetime(2020, 7, 29, tzinfo=ZoneInfo("UTC")),
        datetime(2020, 7, 30, tzinfo=ZoneInfo("UTC")),
    )
    assert event.when.date_text == "Wednesday 29 July 2020"
    assert event.when.time_text == "Time not announced"
    assert event.when.summary == "29 July 2020"
    assert event.when.start_iso == "2020-07-29"
    assert event.when.has_time is False


def test_event_time_start_only_gives_the_start_and_the_days():
    start, end = normalise_schedule(
        Event.Schedule.START_ONLY,
        datetime(2021, 3, 18, 15, 0, tzinfo=SEOUL),
        datetime(2021, 3, 25, 9, 0, tzinfo=SEOUL),
        SEOUL,
    )
    event = _event(start, end, "Asia/Seoul", Event.Schedule.START_ONLY)

    assert end == datetime(2021, 3, 26, 0, 0, tzinfo=SEOUL)
    assert event.when.date_text == "Thursday 18 March 2021 \u2013 Thursday 25 March 2021"
    assert event.when.time_text == "Starts at 15:00 KST (GMT+9); end time not announced"
    assert event.when.start_iso == "2021-03-18T15:00:00+09:00"
    assert event.when.end_iso == ""


def test_event_time_undated_says_so():
    event = EventFactory.build(schedule=Event.Schedule.TBA, start=None, end=None)

    assert event.when.date_text == "Date not announced"
    assert event.when.summary == "Date not announced"
    assert event.when.start_iso == ""


def test_event_date_in_korean_uses_the_korean_date_format():
    event = _event(
        datetime(2020, 12, 9, 10, 0, tzinfo=SEOUL),
        datetime(2020, 12, 9, 17, 30, tzinfo=SEOUL),
        "Asia/Seoul",
    )

    with translation.override("ko"):
        summary = timefmt.describe(event.schedule, event.start, event.end, event.tz).summary

    assert summary == "2020년 12월 9일, 10:00\u201317:30 KST (GMT+9)"


def test_the_remembered_texts_are_per_language():
    start = datetime(2020, 12, 9, 10, 0, tzinfo=SEOUL)
    end = datetime(2020, 12, 9, 17, 30, tzinfo=SEOUL)
    texts = {}
    for language in ("en", "ko", "en", "ko"):
        with translation.override(language):
            when = timefmt.describe("exact", start, end, ZoneInfo("Asia/Seoul"))
            texts.setdefault(language, set()).add(when.summary)

    assert texts == {
        "en": {"9 December 2020, 10:00\u201317:30 KST (GMT+9)"},
        "ko": {"2020년 12월 9일, 10:00\u201317:30 KST (GMT+9)"},
    }
    # The same instant given in another zone reads the same in the event's zone.
    in_utc = timefmt.describe("exact", start.astimezone(UTC), end, ZoneInfo("Asia/Seoul"))
    assert in_utc.summary == "9 December 2020, 10:00\u201317:30 KST (GMT+9)"


def test_event_display_title_in_korean_falls_back_to_english():
    with_korean = EventFactory.build(title="Forum", title_ko="포럼", summary="S", summary_ko="요약")
    without_korean = EventFactory.build(title="Forum", title_ko="", summary="S")

    with translation.override("ko"):
        assert (with_korean.display_title, with_korean.display_summary) == ("포럼", "요약")
        assert (without_korean.display_title, without_korean.display_summary) == ("Forum", "S")
    with translation.override("en"):
        assert with_korean.display_title == "Forum"


def test_session_time_is_shown_in_the_event_zone():
    event = EventFactory(
        start=datetime(2020, 12, 9, 10, 0, tzinfo=SEOUL),
        end=datetime(2020, 12, 9, 17, 30, tzinfo=SEOUL),
    )
    session = SessionFactory(
        event=event,
        start=datetime(2020, 12, 9, 1, 30, tzinfo=UTC),
        end=datetime(2020, 12, 9, 3, 0, tzinfo=UTC),
    )

    assert session.time_text == "10:30\u201312:00"
    assert session.summary == "9 December 2020, 10:30\u201312:00 KST (GMT+9)"


# --- Rules kept by the database ---------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"end": datetime(2020, 1, 1, tzinfo=UTC), "start": datetime(2020, 1, 2, tzinfo=UTC)},
        {"website": "javascript:alert(1)"},
        {"registration_url": "ftp://files.example/register"},
        {"registration_mode": Event.Registration.EXTERNAL, "registration_url": ""},
        {"schedule": Event.Schedule.TBA},
        {"schedule": Event.Schedule.EXACT, "start": None, "end": None},
        {"slug": "feed"},
        {"status": "secret"},
        {
            "registration_opens": datetime(2020, 2, 1, tzinfo=UTC),
            "registration_closes": datetime(2020, 1, 1, tzinfo=UTC),
        },
    ],
)
def test_event_constraint_rejects_bad_rows(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(**fields)


def test_event_constraint_allows_only_one_featured_event():
    EventFactory(featured=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(featured=True)


def test_stream_link_constraint_rejects_non_http_links():
    with pytest.raises(IntegrityError), transaction.atomic():
        StreamLinkFactory(url="javascript:alert(1)")


def test_stream_link_may_have_no_address():
    link = StreamLinkFactory(label="Seoul On", url="")

    assert link.url == ""


def test_session_constraint_rejects_end_before_start():
    event = EventFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(event=event, end=event.start - timedelta(minutes=1))


def test_event_full_clean_explains_bad_values():
    event = EventFactory.build(
        website="ftp://example.org/",
        time_zone="Mars/Olympus_Mons",
        end=datetime(2020, 1, 1, tzinfo=UTC),
        start=datetime(2020, 1, 2, tzinfo=UTC),
    )

    with pytest.raises(ValidationError) as caught:
        event.full_clean()

    errors = caught.value.message_dict
    assert errors["website"] == ["Enter a valid URL."]
    assert "is not a time zone name" in errors["time_zone"][0]
    assert errors["end"] == ["The event must end after it starts."]


# --- Registration -----------------------------------------------------------------------

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.mark.parametrize(
    ("fields", "state"),
    [
        ({"registration_mode": "none"}, "none"),
        ({"registration_mode": "portal"}, "open"),
        (
            {"registration_mode": "portal", "registration_opens": NOW + timedelta(days=1)},
            "not_open",
        ),
        ({"registration_mode": "portal", "registration_closes": NOW - timedelta(days=1)}, "closed"),
        ({"registration_mode": "portal", "registration_closes": NOW + timedelta(days=1)}, "open"),
        (
            {"registration_mode": "external", "registration_url": "https://register.example"},
            "external",
        ),
        (
            {
                "registration_mode": "external",
                "registration_url": "https://register.example",
                "registration_closes": NOW - timedelta(hours=1),
            },
            "closed",
        ),
        ({"registration_mode": "portal", "status": "cancelled"}, "cancelled"),
        (
            {
                "registration_mode": "portal",
                "start": NOW - timedelta(days=2),
                "end": NOW - timedelta(days=1),
            },
            "ended",
        ),
    ],
)
def test_event_registration_state(fields, state):
    defaults = {"start": NOW + timedelta(days=10), "end": NOW + timedelta(days=10, hours=2)}
    event = EventFactory.build(**{**defaults, **fields})

    assert event.registration_state(NOW) == state


def test_event_registration_path_is_under_the_event_page():
    event = EventFactory.build(slug="iurf-2030", registration_mode="portal")

    assert event.registration_path == "/events/iurf-2030/register/"
    assert event.registration_url_for_visitors == "/events/iurf-2030/register/"


# --- Markdown ------------------------------------------------------------------------------


def test_markdown_is_rendered_and_sanitised():
    html = render_markdown(
        "Intro **bold**\n\n<script>alert('x')</script>\n\n"
        "[bad](javascript:alert(1)) [good](https://example.org) "
        '<a href="data:text/html,x" onclick="steal()">raw</a>\n\n'
        '<img src=x onerror="alert(1)">'
    )

    assert "<strong>bold</strong>" in html
    assert "<script" not in html and "alert('x')" not in html
    assert "javascript:" not in html
    assert "data:text" not in html and "onclick" not in html and "onerror" not in html
    assert "<img" not in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">good</a>' in html


# --- Querysets -------------------------------------------------------------------------------


def test_event_queryset_published_visible_upcoming_and_past(staff, user):
    now = datetime.now(UTC)
    soon = EventFactory(start=now + timedelta(days=1))
    later = EventFactory(start=now + timedelta(days=5))
    past = EventFactory(start=now - timedelta(days=5))
    draft = EventFactory(start=now + timedelta(days=2), status="draft")
    undated = EventFactory(schedule="tba", start=None, end=None)

    assert set(Event.objects.published()) == {soon, later, past, undated}
    assert set(Event.objects.visible_to(user)) == {soon, later, past, undated}
    assert set(Event.objects.visible_to(staff)) == {soon, later, past, undated, draft}
    # One event's check (for an event a worker keeps) says the same as the queryset.
    for reader in (user, staff, AnonymousUser()):
        visible = set(Event.objects.visible_to(reader))
        assert {e for e in Event.objects.all() if e.is_visible_to(reader)} == visible
    assert list(Event.objects.published().upcoming(now)) == [soon, later]
    assert list(Event.objects.published().past(now)) == [past]
    assert list(Event.objects.published().dated().in_listing_order(now)) == [soon, later, past]


# --- Images ----------------------------------------------------------------------------------


def _image_bytes(image_format: str, **save_options) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(buffer, format=image_format, **save_options)
    return buffer.getvalue()


def test_image_reencode_drops_metadata():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from events import images

    exif = Image.Exif()
    exif[0x010E] = "secret description"  # ImageDescription
    upload = SimpleUploadedFile("photo.jpg", _image_bytes("JPEG", exif=exif.tobytes()))

    clean = images.reencode(upload)

    with Image.open(io.BytesIO(clean.read())) as image:
        assert image.format == "JPEG"
        assert image.size == (40, 30)
        assert dict(image.getexif()) == {}
    assert clean.name == "photo.jpg"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("anim.gif", _image_bytes("GIF"), "upload a JPEG, PNG or WebP picture"),
        ("fake.png", b"\x89PNG\r\n\x1a\nnot really", "This file is not an image we can use"),
        ("empty.jpg", b"", "This file is not an image we can use"),
    ],
)
def test_image_reencode_rejects_other_files(name, data, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from events import images

    with pytest.raises(ValidationError) as caught:
        images.reencode(SimpleUploadedFile(name, data))

    assert message in caught.value.messages[0]


@pytest.mark.django_db
def test_organiser_rows_are_the_same_prefetched_or_read_on_demand(django_assert_num_queries):
    event = EventFactory()
    EventOrganiserFactory(
        event=event, organisation=OrganizationFactory(name="UNDRR", acronym=""), sort_order=2
    )
    EventOrganiserFactory(
        event=event,
        organisation=OrganizationFactory(name="Seoul Metropolitan Government", acronym="SMG"),
        role="co_organiser",
        sort_order=1,
    )

    plain = Event.objects.get(pk=event.pk)
    with django_assert_num_queries(1):  # read once, organisations joined, then kept
        assert plain.organiser_names == "Seoul Metropolitan Government, UNDRR"
        assert plain.organiser_short_names == "SMG, UNDRR"
    prefetched = Event.objects.with_organisers().get(pk=event.pk)
    with django_assert_num_queries(0):
        rows = prefetched.organiser_rows
        assert [(row.organisation.name, row.role) for row in rows] == [
            ("Seoul Metropolitan Government", "co_organiser"),
            ("UNDRR", "organiser"),
        ]
