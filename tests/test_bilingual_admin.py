"""The secretariat edits both languages on one form and finds what lacks Korean."""

import pytest
from django.urls import reverse
from django.utils import translation

from directory.models import Topic
from events.models import Event
from resources.models import Resource
from tests.factories import EventFactory, ResourceFactory, TopicFactory


def _listed(staff_client, model, **params) -> set[str]:
    meta = model._meta
    response = staff_client.get(
        reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"), params
    )
    assert response.status_code == 200
    return {str(item) for item in response.context["cl"].result_list}


def test_bilingual_admin_missing_korean_filter_lists_exactly_the_events_without_korean(
    staff_client,
):
    EventFactory(title="Complete", title_ko="완성", summary="One.", summary_ko="하나.")
    EventFactory(title="No Korean at all", summary="Two.")
    EventFactory(title="Title only", title_ko="제목만", summary="Three.")
    EventFactory(title="Nothing else in English", title_ko="영어 요약 없음", summary="")

    missing = _listed(staff_client, Event, korean="missing")
    complete = _listed(staff_client, Event, korean="complete")

    assert missing == {"No Korean at all", "Title only"}
    assert complete == {"Complete", "Nothing else in English"}


@pytest.mark.parametrize(
    ("model", "make_complete", "make_missing"),
    [
        (
            Topic,
            lambda: TopicFactory(name="Heat", name_ko="폭염"),
            lambda: TopicFactory(name="Floods"),
        ),
        (
            Resource,
            lambda: ResourceFactory(
                title="Plan", title_ko="계획", summary="A plan.", summary_ko="계획입니다."
            ),
            lambda: ResourceFactory(title="Guide", summary=""),
        ),
    ],
)
def test_bilingual_admin_missing_korean_filter_on_other_content_lists(
    staff_client, model, make_complete, make_missing
):
    complete, missing = make_complete(), make_missing()

    assert _listed(staff_client, model, korean="missing") == {str(missing)}
    assert _listed(staff_client, model, korean="complete") == {str(complete)}


def test_bilingual_admin_form_puts_languages_side_by_side_and_marks_missing_korean(
    staff_client,
):
    event = EventFactory(title="Partner webinar", title_ko="", summary="Cities meet.")

    page = staff_client.get(reverse("admin:events_event_change", args=[event.pk]))

    html = page.content.decode()
    assert 'class="form-row field-title_en field-title_ko"' in html
    assert 'class="form-row field-summary_en field-summary_ko"' in html
    form = page.context["adminform"].form
    assert form.fields["title_ko"].help_text == (
        "Korean missing: Korean readers see the English, marked as English."
    )
    assert "missing-korean" in form.fields["summary_ko"].widget.attrs["class"]
    # A field without English (the theme) is not missing its Korean.
    assert form.fields["theme_ko"].help_text == ""


def test_bilingual_admin_saves_both_languages_from_one_form(staff_client):
    topic = TopicFactory(name="Heat", slug="heat")

    response = staff_client.post(
        reverse("admin:directory_topic_change", args=[topic.pk]),
        {
            "name_en": "Heatwaves",
            "name_ko": "폭염",
            "slug": "heat",
            "description_en": "",
            "description_ko": "",
        },
    )

    assert response.status_code == 302
    topic.refresh_from_db()
    assert (topic.name_en, topic.name_ko, topic.name) == ("Heatwaves", "폭염", "Heatwaves")


def test_bilingual_admin_import_and_export_carry_both_languages(staff):
    from tablib import Dataset

    from resources.admin import ResourceImport

    dataset = Dataset().load(
        "title,title_ko,summary,summary_ko,url,kind,published_on,status\n"
        "Heatwave plan,폭염 대응 계획,A plan.,계획입니다.,https://example.org/heat,Report,"
        "2020-03-01,published\n",
        format="csv",
    )

    with translation.override("ko"):
        result = ResourceImport().import_data(dataset, dry_run=False)
    exported = ResourceImport().export().dict

    assert not result.has_errors() and not result.has_validation_errors()
    resource = Resource.objects.get(slug="heatwave-plan")
    assert (resource.title_en, resource.title_ko, resource.summary_en, resource.summary_ko) == (
        "Heatwave plan",
        "폭염 대응 계획",
        "A plan.",
        "계획입니다.",
    )
    row = exported[0]
    assert (row["title"], row["title_ko"], row["summary"], row["summary_ko"]) == (
        "Heatwave plan",
        "폭염 대응 계획",
        "A plan.",
        "계획입니다.",
    )
