"""The event cards, the partner table's rows and the programme: templates kept in the
fragment cache ({% cache %}), keyed on what they show, so a change shows at once however it
was made (queryset updates send no signals) and an unchanged fragment is not rendered again."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils.safestring import SafeData

from directory.models import Organization
from events.cards import card_stamp
from events.models import Event, Session, SessionSpeaker, Speaker
from events.selectors import programme_by_day
from tests.factories import (
    EventFactory,
    OrganizationFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/events/"


@pytest.fixture(autouse=True)
def _empty_fragment_cache():
    caches["fragments"].clear()
    yield
    caches["fragments"].clear()


def _forum_with_session(event=None, **session_fields):
    event = event or EventFactory(kind="forum")
    session = SessionFactory(
        event=event, title="Opening ceremony", kind="opening", **session_fields
    )
    return event, session


def _programme(html: str) -> str:
    return html[html.index('<section class="programme"') : html.index("</section>")]


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- The programme ----------------------------------------------------------------------


def test_programme_is_read_and_rendered_once_then_served_from_the_fragment_cache(
    client, django_assert_num_queries
):
    event, session = _forum_with_session()
    SessionSpeakerFactory(session=session, speaker=SpeakerFactory(name="Dr Example Speaker"))

    with django_assert_num_queries(7):  # the event, its facts, and the programme's two reads
        first = _page(client, event.get_absolute_url())
    with django_assert_num_queries(5):  # the programme's rows are not read again
        second = _page(client, event.get_absolute_url())

    assert _programme(first) == _programme(second)
    assert second.count(f'id="session-{session.pk}"') == 1
    assert ">Dr Example Speaker</a>" in second


def test_programme_shows_a_session_changed_without_signals(client):
    event, session = _forum_with_session()
    assert "Opening ceremony" in _page(client, event.get_absolute_url())

    Session.objects.filter(pk=session.pk).update(title="Welcome and opening")
    html = _page(client, event.get_absolute_url())

    assert "Welcome and opening" in html
    assert "Opening ceremony" not in html


def test_programme_shows_added_and_deleted_sessions(client):
    event, session = _forum_with_session()
    _page(client, event.get_absolute_url())

    later = SessionFactory(
        event=event, title="Closing remarks", start=event.start + timedelta(hours=1)
    )
    html = _page(client, event.get_absolute_url())
    assert html.index("Opening ceremony") < html.index("Closing remarks")

    Session.objects.filter(pk=session.pk).delete()
    html = _page(client, event.get_absolute_url())
    assert "Opening ceremony" not in html
    assert f'id="session-{later.pk}"' in html


def test_programme_shows_a_speaker_and_organisation_renamed_without_signals(client):
    event, session = _forum_with_session()
    organisation = OrganizationFactory(name="Seoul Institute", acronym="SI")
    speaker = SpeakerFactory(name="Dr Kim", position="Director", organisation=organisation)
    SessionSpeakerFactory(session=session, speaker=speaker, role="moderator")
    assert ">Dr Kim</a>, Director, SI " in _page(client, event.get_absolute_url())

    Speaker.objects.filter(pk=speaker.pk).update(name="Dr Example Speaker")
    Organization.objects.filter(pk=organisation.pk).update(acronym="TSI")
    SessionSpeaker.objects.filter(session=session).update(role="speaker")
    html = _page(client, event.get_absolute_url())

    assert ">Dr Example Speaker</a>, Director, TSI " in html
    assert '<span class="session__role">(speaker)</span>' in html
    assert "(moderator)" not in html


def test_programme_follows_the_events_time_zone_and_illustrative_mark(client):
    event, session = _forum_with_session()
    html = _page(client, event.get_absolute_url())
    seoul_time = session.start.astimezone(event.tz).strftime("%H:%M")
    assert f">{seoul_time}\u2013" in html
    assert "Illustrative programme" not in html

    Event.objects.filter(pk=event.pk).update(
        time_zone="Europe/London", programme_is_illustrative=True
    )
    html = _page(client, event.get_absolute_url())

    london_time = session.start.astimezone(Event.objects.get(pk=event.pk).tz).strftime("%H:%M")
    assert f">{london_time}\u2013" in html
    assert "Times in GMT" in html or "Times in BST" in html
    assert "Illustrative programme" in html


def test_programme_is_kept_per_language(client):
    event, _session = _forum_with_session()
    url = event.get_absolute_url()

    english = _page(client, url)
    korean = _page(client, f"/ko{url}")
    # A new reader: the first one's choice of Korean is remembered on unprefixed addresses.
    english_again = _page(Client(), url)

    assert '<span class="badge badge--quiet">Opening</span>' in english
    assert '<span class="badge badge--quiet">개회</span>' in korean
    assert _programme(english_again) == _programme(english)


def test_event_without_sessions_has_no_programme_section(client):
    event = EventFactory()

    html = _page(client, event.get_absolute_url())

    assert Event.objects.with_programme_stamp().get(pk=event.pk).programme_stamp == ""
    assert 'class="programme"' not in html


def test_programme_stamp_follows_the_events_own_rows_only():
    event, session = _forum_with_session()
    other, _other_session = _forum_with_session(event=EventFactory())

    def stamps():
        rows = Event.objects.with_programme_stamp().filter(pk__in=[event.pk, other.pk])
        return {row.pk: row.programme_stamp for row in rows}

    before = stamps()
    Session.objects.filter(event=other).update(channel="Room B")
    after = stamps()

    assert after[event.pk] == before[event.pk] != ""
    assert after[other.pk] != before[other.pk]
    Session.objects.filter(pk=session.pk).update(sort_order=3)
    assert stamps()[event.pk] != before[event.pk]


def test_programme_by_day_returns_data_not_html():
    event, _session = _forum_with_session(description="Line one\n<b>line two</b>")
    SessionSpeakerFactory(session=_session, speaker=SpeakerFactory(name="<i>Kim</i>"))

    days = programme_by_day(event)

    assert [len(day["sessions"]) for day in days] == [1]
    row = days[0]["sessions"][0]
    assert row["description"] == "Line one\n<b>line two</b>"
    assert row["kind_label"] == "Opening"
    assert [speaker["name"] for speaker in row["speakers"]] == ["<i>Kim</i>"]
    assert not any(isinstance(value, SafeData) for value in row.values())
    assert not hasattr(Event, "programme_by_day")


# --- Cards and the partner table -----------------------------------------------------------


def test_card_shows_status_and_organisers_changed_without_signals(client):
    who = OrganizationFactory(name="World Health Organization", acronym="WHO")
    event = EventFactory(title="Cities and health", organisers=[who])
    html = _page(client, LIST_URL)
    assert '<abbr title="World Health Organization">WHO</abbr>' in html
    assert "badge--warning" not in html

    Event.objects.filter(pk=event.pk).update(status=Event.Status.POSTPONED)
    Organization.objects.filter(pk=who.pk).update(acronym="W.H.O.")
    html = _page(client, LIST_URL)

    assert '<span class="badge badge--warning">Postponed</span>' in html
    assert '<abbr title="World Health Organization">W.H.O.</abbr>' in html


def test_partner_table_row_shows_a_title_changed_without_signals(client):
    event = EventFactory(title="Lessons webinar", hosted_by="partner")
    assert "Lessons webinar</a>" in _page(client, f"{LIST_URL}?hosted=partner")

    Event.objects.filter(pk=event.pk).update(title="Lessons learnt webinar")
    html = _page(client, f"{LIST_URL}?hosted=partner")

    assert "Lessons learnt webinar</a>" in html
    assert "Lessons webinar</a>" not in html


def test_featured_card_and_list_card_are_kept_apart(client):
    event = EventFactory(title="Seoul forum", theme="Safe cities", featured=True)

    home = _page(client, "/")
    listing = _page(client, LIST_URL)

    assert '<article class="card event-card event-card--featured">' in home
    assert "<q>Safe cities</q>" in home
    assert f'<h3 class="event-card__title"><a href="{event.get_absolute_url()}">' in listing
    assert "event-card--featured" not in listing
    assert "<q>Safe cities</q>" not in listing


def test_cards_are_kept_per_language(client):
    EventFactory(title="Seoul forum", title_ko="서울 포럼", kind="forum")

    english = _page(client, LIST_URL)
    korean = _page(client, f"/ko{LIST_URL}")

    assert ">Seoul forum</a></h3>" in english
    assert ">서울 포럼</a></h3>" in korean
    assert ">Seoul forum</a></h3>" in _page(Client(), LIST_URL)


def test_card_stamp_holds_every_value_the_card_shows():
    organisation = OrganizationFactory(name="Incheon")
    event = Event.objects.with_organisers().get(
        pk=EventFactory(organisers=[(organisation, "co_organiser")]).pk
    )
    stamp = card_stamp(event)

    for field, value in [
        ("title_ko", "서울"),
        ("summary_ko", "요약"),
        ("theme", "New theme"),
        ("image_alt", "A new photo"),
        ("hosted_by", "partner"),
        ("schedule", "date_only"),
    ]:
        changed = Event.objects.with_organisers().get(pk=event.pk)
        setattr(changed, field, value)
        assert card_stamp(changed) != stamp, field
    event.prefetched_organiser_rows[0].role = "partner"
    assert card_stamp(event) != stamp
