"""The event list's filter controls, written in Python, against Django's own widget templates."""

import copy

import pytest
from django.db import connection
from django.forms import widgets as django_widgets
from django.http import QueryDict

from events.filters import EventFilter
from events.models import Event
from tests.factories import EventFactory, EventSeriesFactory, OrganizationFactory, TopicFactory

pytestmark = pytest.mark.django_db

HOSTILE = "\"><script>alert(1)</script>&amp;'"


def _as_django_draws_it(bound_field) -> str:
    """The field through the stock Django widget class its widget extends."""
    widget = bound_field.field.widget
    stock = copy.copy(widget)
    stock.__class__ = next(
        cls for cls in type(widget).__mro__ if cls.__module__ == django_widgets.__name__
    )
    return bound_field.as_widget(widget=stock)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=city&kind=forum&kind=webinar&hosted=partner&organiser={organiser}&series=lessons"
        "&topic=covid-19&language=ko&date_from=2020-01-01&date_to=2031-01-01",
        "kind=nope&hosted=zz&organiser=999999&series=nope&topic=nope&language=xx&date_from=bad",
        "date_from=2031-01-01&date_to=2020-01-01",
        "q={hostile}&kind={hostile}&organiser={hostile}&date_to={hostile}",
    ],
)
def test_filter_controls_match_djangos_widget_templates(query):
    organiser = OrganizationFactory(name=f"Cities {HOSTILE}", acronym="C&C")
    EventFactory(
        organisers=[organiser],
        topics=[TopicFactory(slug="covid-19", name=HOSTILE)],
        series=EventSeriesFactory(slug="lessons", name=f"Lessons {HOSTILE}"),
    )
    data = QueryDict(query.format(organiser=organiser.pk, hostile=HOSTILE))
    form = EventFilter(data, queryset=Event.objects.all()).form
    form.is_valid()

    for name in form.fields:
        assert str(form[name]) == _as_django_draws_it(form[name]), name
    assert "<script>" not in "".join(str(form[name]) for name in form.fields)


def test_model_choices_are_read_without_a_server_side_cursor(
    django_assert_num_queries, monkeypatch
):
    organiser = OrganizationFactory(name="Seoul Metropolitan Government", acronym="SMG")
    EventFactory(organisers=[organiser])
    form = EventFilter(QueryDict(""), queryset=Event.objects.all()).form

    def no_chunked_cursor():
        raise AssertionError("a server-side cursor: three round trips for a short list")

    monkeypatch.setattr(connection, "chunked_cursor", no_chunked_cursor)
    with django_assert_num_queries(1):
        html = str(form["organiser"])

    assert html == (
        '<select name="organiser" id="id_organiser">\n'
        '  <option value="" selected>Any organiser</option>\n\n'
        f'  <option value="{organiser.pk}">Seoul Metropolitan Government (SMG)</option>\n\n'
        "</select>"
    )
