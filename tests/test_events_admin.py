import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from events.models import Event, Session
from tests.factories import (
    EventFactory,
    EventSeriesFactory,
    OrganizationFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    StreamLinkFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
CHANGELIST = reverse("admin:events_event_changelist")
ADD = reverse("admin:events_event_add")
INLINES = ("event_organisers", "stream_links", "featured_links", "sessions")


def _change_url(event):
    return reverse("admin:events_event_change", args=[event.pk])


def _event_form(**overrides) -> dict:
    data = {
        "title_en": "Resilience webinar",
        "slug": "resilience-webinar",
        "kind": "webinar",
        "hosted_by": "network",
        "status": "draft",
        "schedule": "exact",
        "time_zone": "Asia/Seoul",
        "start_0": "2020-12-09",
        "start_1": "10:00:00",
        "end_0": "2020-12-09",
        "end_1": "17:30:00",
        "languages": ["en"],
        "interpretation_languages": ["ko"],
        "objectives_en": "Share the best practices\n\nSolidify cooperative channels\n",
        "registration_mode": "none",
    }
    for prefix in INLINES:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data


def _png(width=1600, height=900) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (11, 79, 108)).save(buffer, format="PNG")
    return SimpleUploadedFile("forum banner.png", buffer.getvalue(), content_type="image/png")


# --- Who may enter --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        CHANGELIST,
        ADD,
        reverse("admin:events_session_changelist"),
        reverse("admin:events_speaker_changelist"),
        reverse("admin:events_eventseries_changelist"),
    ],
)
def test_events_admin_is_closed_to_visitors_and_ordinary_users(client, user, url):
    anonymous = client.get(url)
    client.force_login(user)
    signed_in = client.get(url)

    for response in (anonymous, signed_in):
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")


def test_events_admin_post_by_ordinary_user_changes_nothing(user_client):
    event = EventFactory(status="draft")

    response = user_client.post(CHANGELIST, {"action": "publish", "_selected_action": [event.pk]})

    event.refresh_from_db()
    assert response.status_code == 302
    assert event.status == "draft"


# --- Listing, filtering, searching -----------------------------------------------------------


def test_events_admin_lists_filters_and_searches(staff_client):
    series = EventSeriesFactory(name="Lessons series")
    who = OrganizationFactory(name="World Health Organization", acronym="WHO")
    EventFactory(
        title="WHO partner webinar",
        hosted_by="partner",
        series=series,
        start=datetime(2020, 7, 8, tzinfo=UTC),
        organisers=[who],
    )
    EventFactory(title="Network forum 2021", kind="forum", start=datetime(2021, 3, 24, tzinfo=UTC))

    def titles(query):
        html = staff_client.get(CHANGELIST, query).content.decode()
        return {t for t in ("WHO partner webinar", "Network forum 2021") if f">{t}</a>" in html}

    assert titles({}) == {"WHO partner webinar", "Network forum 2021"}
    assert titles({"kind__exact": "forum"}) == {"Network forum 2021"}
    assert titles({"hosted_by__exact": "partner"}) == {"WHO partner webinar"}
    assert titles({"series__id__exact": series.pk}) == {"WHO partner webinar"}
    assert titles({"status__exact": "draft"}) == set()
    assert titles({"year": "2021"}) == {"Network forum 2021"}
    assert titles({"year": "not-a-year"}) == {"WHO partner webinar", "Network forum 2021"}
    assert titles({"start__year": "2020"}) == {"WHO partner webinar"}
    assert titles({"q": "WHO"}) == {"WHO partner webinar"}


def test_events_admin_links_drafts_to_their_preview(staff_client):
    draft = EventFactory(title="Draft forum", slug="draft-forum", status="draft")

    list_html = staff_client.get(CHANGELIST).content.decode()
    change_html = staff_client.get(_change_url(draft)).content.decode()
    preview = staff_client.get(draft.get_absolute_url())

    assert '<a href="/events/draft-forum/">Preview</a>' in list_html
    assert 'href="/events/draft-forum/"' in change_html  # "View on site"
    assert preview.status_code == 200
    assert "<strong>Draft</strong>" in preview.content.decode()


# --- Actions ------------------------------------------------------------------------------------


def test_events_admin_publish_action_skips_events_flagged_for_review(staff_client):
    ready = EventFactory(title="Ready draft", status="draft")
    flagged = EventFactory(title="Untitled draft", status="draft", needs_review=True)
    cancelled = EventFactory(title="Cancelled one", status="cancelled")

    response = staff_client.post(
        CHANGELIST,
        {"action": "publish", "_selected_action": [ready.pk, flagged.pk, cancelled.pk]},
        follow=True,
    )

    for event in (ready, flagged, cancelled):
        event.refresh_from_db()
    assert (ready.status, flagged.status, cancelled.status) == ("published", "draft", "cancelled")
    html = response.content.decode()
    assert "1 event published." in html
    assert "Not published, because they are flagged for review: Untitled draft." in html


def test_events_admin_unpublish_action_turns_events_into_drafts(staff_client, client):
    event = EventFactory(title="Going back", slug="going-back")

    staff_client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [event.pk]})

    event.refresh_from_db()
    assert event.status == "draft"
    client.logout()
    assert client.get("/events/going-back/").status_code == 404


def test_events_admin_duplicate_action_copies_everything_as_a_draft(staff_client):
    organisation = OrganizationFactory()
    topic = TopicFactory()
    event = EventFactory(
        title="Seoul forum",
        slug="seoul-forum",
        featured=True,
        organisers=[organisation, (OrganizationFactory(), "co_organiser")],
        topics=[topic],
    )
    StreamLinkFactory(event=event, label="Seoul On", url="")
    session = SessionFactory(event=event, title="Opening")
    speaker = SpeakerFactory()
    SessionSpeakerFactory(session=session, speaker=speaker, role="moderator")

    response = staff_client.post(
        CHANGELIST, {"action": "duplicate", "_selected_action": [event.pk]}, follow=True
    )
    staff_client.post(CHANGELIST, {"action": "duplicate", "_selected_action": [event.pk]})

    copy = Event.objects.get(slug="seoul-forum-copy")
    assert copy.title == "Seoul forum (copy)"
    assert (copy.status, copy.featured) == ("draft", False)
    assert (copy.start, copy.end) == (event.start, event.end)
    assert [(row.organisation, row.role) for row in copy.event_organisers.all()] == [
        (row.organisation, row.role) for row in event.event_organisers.all()
    ]
    assert list(copy.topics.all()) == [topic]
    assert [(link.label, link.url) for link in copy.stream_links.all()] == [("Seoul On", "")]
    copied_session = copy.sessions.get()
    assert copied_session.pk != session.pk and copied_session.title == "Opening"
    assert [(row.speaker, row.role) for row in copied_session.session_speakers.all()] == [
        (speaker, "moderator")
    ]
    assert Event.objects.filter(slug="seoul-forum-copy-2").exists()
    assert event.sessions.count() == 1
    assert "1 draft copy made: seoul-forum-copy." in response.content.decode()


# --- Editing in the event's time zone -------------------------------------------------------


def test_events_admin_add_reads_times_in_the_event_zone(staff_client):
    organisation = OrganizationFactory()
    data = _event_form(
        **{
            "event_organisers-TOTAL_FORMS": "1",
            "event_organisers-0-organisation": organisation.pk,
            "event_organisers-0-role": "co_organiser",
            "event_organisers-0-sort_order": "0",
            "sessions-TOTAL_FORMS": "1",
            "sessions-0-title_en": "Opening ceremony",
            "sessions-0-kind": "opening",
            "sessions-0-start_0": "2020-12-09",
            "sessions-0-start_1": "10:00:00",
            "sessions-0-end_0": "2020-12-09",
            "sessions-0-end_1": "10:30:00",
            "sessions-0-sort_order": "0",
        }
    )

    response = staff_client.post(ADD, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(slug="resilience-webinar")
    assert event.start == datetime(2020, 12, 9, 1, 0, tzinfo=UTC)
    assert event.end == datetime(2020, 12, 9, 8, 30, tzinfo=UTC)
    assert event.objectives == ["Share the best practices", "Solidify cooperative channels"]
    assert (event.languages, event.interpretation_languages) == (["en"], ["ko"])
    assert [(row.organisation, row.role) for row in event.event_organisers.all()] == [
        (organisation, "co_organiser")
    ]
    assert event.sessions.get().start == datetime(2020, 12, 9, 1, 0, tzinfo=UTC)


def test_events_admin_change_form_shows_times_in_the_event_zone(staff_client):
    event = EventFactory(
        time_zone="America/New_York",
        start=datetime(2021, 7, 1, 13, 0, tzinfo=UTC),
        end=datetime(2021, 7, 1, 15, 0, tzinfo=UTC),
    )

    html = staff_client.get(_change_url(event)).content.decode()

    assert 'name="start_0" value="2021-07-01"' in html
    assert 'name="start_1" value="09:00:00"' in html
    assert 'name="end_1" value="11:00:00"' in html


def test_events_admin_date_only_event_stores_whole_days_and_survives_a_resave(staff_client):
    staff_client.post(
        ADD,
        _event_form(
            schedule="date_only",
            time_zone="UTC",
            start_0="2020-07-29",
            start_1="13:45:00",
            end_0="",
            end_1="",
        ),
    )
    event = Event.objects.get(slug="resilience-webinar")
    stored = (event.start, event.end)

    staff_client.post(
        _change_url(event),
        _event_form(
            schedule="date_only",
            time_zone="UTC",
            start_0="2020-07-29",
            start_1="00:00:00",
            end_0="2020-07-29",
            end_1="00:00:00",
        ),
    )
    event.refresh_from_db()

    assert stored == (datetime(2020, 7, 29, tzinfo=UTC), datetime(2020, 7, 30, tzinfo=UTC))
    assert (event.start, event.end) == stored


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"website": "ftp://files.example.org/"}, "website", "Enter a valid URL."),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Select a valid choice."),
        ({"end_1": "09:00:00"}, "end", "The event must end after it starts."),
        (
            {"registration_mode": "external", "registration_url": ""},
            "registration_url",
            "Give the address where people register.",
        ),
        ({"slug": "feed"}, "slug", "This slug is reserved for another page."),
    ],
)
def test_events_admin_rejects_bad_values_with_a_message(staff_client, overrides, field, message):
    response = staff_client.post(ADD, _event_form(**overrides))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors[field])
    assert not Event.objects.exists()


def test_events_admin_only_one_featured_event(staff_client):
    EventFactory(featured=True)

    response = staff_client.post(ADD, _event_form(featured="on"))

    assert response.status_code == 200
    assert "Another event is already featured." in response.content.decode()
    assert Event.objects.count() == 1


# --- Images -------------------------------------------------------------------------------------


def test_events_admin_image_is_reencoded_with_a_thumbnail(staff_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    response = staff_client.post(ADD, _event_form(image=_png(), image_alt="The forum's banner"))

    assert response.status_code == 302
    event = Event.objects.get()
    with Image.open(event.image.path) as image:
        assert (image.format, image.size) == ("PNG", (1600, 900))
    with Image.open(event.image_thumbnail.path) as thumbnail:
        assert thumbnail.size == (640, 360)
    assert event.image_thumbnail.name.endswith("-thumb.png")


def test_events_admin_rejects_a_file_that_is_not_an_image(staff_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("banner.png", b"<script>alert(1)</script>", content_type="image/png")

    response = staff_client.post(ADD, _event_form(image=fake))

    assert response.status_code == 200
    assert "image" in response.context["adminform"].form.errors
    assert not Event.objects.exists()
    assert list(tmp_path.iterdir()) == []


def test_speakers_admin_photo_gets_a_thumbnail(staff_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    response = staff_client.post(
        reverse("admin:events_speaker_add"),
        {"name": "Example Speaker", "slug": "example-speaker", "photo": _png(800, 800)},
    )

    assert response.status_code == 302
    from events.models import Speaker

    speaker = Speaker.objects.get()
    with Image.open(speaker.photo_thumbnail.path) as thumbnail:
        assert thumbnail.size == (360, 360)


# --- Sessions and autocomplete ------------------------------------------------------------------


def test_sessions_admin_reads_times_in_the_event_zone_and_adds_speakers(staff_client):
    event = EventFactory(time_zone="Asia/Seoul")
    speaker = SpeakerFactory(name="Example Speaker")
    year = datetime.now(UTC).year + 4

    response = staff_client.post(
        reverse("admin:events_session_add"),
        {
            "event": event.pk,
            "title_en": "Plenary 1",
            "kind": "plenary",
            "start_0": f"{year}-12-09",
            "start_1": "10:30:00",
            "end_0": f"{year}-12-09",
            "end_1": "12:00:00",
            "sort_order": "0",
            "session_speakers-TOTAL_FORMS": "1",
            "session_speakers-INITIAL_FORMS": "0",
            "session_speakers-MIN_NUM_FORMS": "0",
            "session_speakers-MAX_NUM_FORMS": "1000",
            "session_speakers-0-speaker": speaker.pk,
            "session_speakers-0-role": "moderator",
            "session_speakers-0-sort_order": "0",
        },
    )

    assert response.status_code == 302
    session = Session.objects.get()
    assert session.start == datetime(year, 12, 9, 1, 30, tzinfo=UTC)
    assert [(row.speaker, row.role) for row in session.session_speakers.all()] == [
        (speaker, "moderator")
    ]


@pytest.mark.parametrize(
    ("model_name", "field_name", "term", "expected"),
    [
        ("sessionspeaker", "speaker", "Speaker", "Example Speaker"),
        (
            "eventorganiser",
            "organisation",
            "UNDRR",
            "United Nations Office for Disaster Risk Reduction (UNDRR)",
        ),
    ],
)
def test_events_admin_autocompletes_speakers_and_organisations(
    staff_client, model_name, field_name, term, expected
):
    SpeakerFactory(name="Example Speaker")
    SpeakerFactory(name="Example Director")
    OrganizationFactory(name="United Nations Office for Disaster Risk Reduction", acronym="UNDRR")
    OrganizationFactory(name="Seoul Metropolitan Government")

    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": model_name, "field_name": field_name, "term": term},
    )

    assert [result["text"] for result in response.json()["results"]] == [expected]
