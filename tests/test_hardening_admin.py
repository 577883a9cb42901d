"""Parameters of the secretariat's change lists and actions (issue 21, item 3).

Every change list of every registered model, each of its filter parameters alone with a value
that is not a usable id (negative, not a number, a digit ``int()`` refuses), and an action
posted with a selection that is not a primary key: never a 500, and nothing changes.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from registrations.models import Registration
from tests import test_hostile_input as hostile_suite
from tests.hostile import NOT_IDS
from tests.hostile import NOT_KEYS as NOT_PKS
from tests.test_hostile_input import _filter_names, assert_safe_page

# The hostile-input suite's fixtures: one row of every model the admin edits.
world = hostile_suite.world
admin_world = hostile_suite.admin_world

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def _changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _parameters(staff_client, model) -> set[str]:
    """The parameters the change list's filter links use, and those of every filter it
    declares, shown or not (a filter with one choice is hidden, yet its parameter is read)."""
    page = staff_client.get(_changelist(model))
    model_admin = admin.site._registry[model]
    names = _filter_names(page.content.decode())
    for spec in model_admin.get_list_filter(page.wsgi_request):
        field = spec[0] if isinstance(spec, tuple) else spec
        if isinstance(field, str):
            suffixes = ["", "__exact", "__id__exact", "__isnull", "__gte", "__lt"]
            names.update(f"{field}{suffix}" for suffix in suffixes)
        else:
            names.add(field.parameter_name)
    return names


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_admin_changelist_filter_with_a_value_that_is_no_id(staff_client, admin_world, model):
    changelist = _changelist(model)

    for name in sorted(_parameters(staff_client, model)):
        for value in NOT_IDS:
            response = staff_client.get(changelist, {name: value})

            assert_safe_page(response)
            assert response.status_code in (200, 302), (name, value, response.status_code)


@pytest.mark.parametrize("value", ["-1", "abc", "²", "99999999999999999999"])
def test_registrations_changelist_for_no_event_has_no_counts_link(staff_client, admin_world, value):
    response = staff_client.get(
        "/admin/registrations/registration/", {"event__id__exact": value}, follow=True
    )

    assert response.status_code == 200
    assert "Counts for this event" not in response.content.decode()


def test_registrations_changelist_for_an_event_links_its_counts(staff_client, admin_world):
    event = admin_world["event"]

    response = staff_client.get(
        "/admin/registrations/registration/", {"event__id__exact": str(event.pk)}
    )

    summary = reverse("admin:registrations_registration_summary", args=[event.pk])
    assert f'href="{summary}"' in response.content.decode()


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_admin_action_with_a_selection_that_is_no_key_changes_nothing(
    staff_client, admin_world, model
):
    model_admin = admin.site._registry[model]
    changelist = _changelist(model)
    request = staff_client.get(changelist).wsgi_request
    actions = list(model_admin.get_actions(request))
    count = model.objects.count()

    for action in actions:
        for value in NOT_PKS:
            response = staff_client.post(
                changelist, {"action": action, "index": "0", "_selected_action": [value]}
            )

            assert_safe_page(response)
            assert response.status_code in (200, 302), (action, value, response.status_code)
    assert model.objects.count() == count


def test_admin_action_with_a_bad_selection_says_so(staff_client, admin_world):
    registration = Registration.objects.get()

    response = staff_client.post(
        "/admin/registrations/registration/",
        {"action": "cancel", "index": "0", "_selected_action": [str(registration.pk), "abc"]},
        follow=True,
    )

    assert response.status_code == 200
    assert "The selection could not be used." in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_admin_changelist_filter_that_fails_when_counting_is_explained(staff_client, admin_world):
    response = staff_client.get("/admin/events/event/", {"year": "0"}, follow=True)

    assert response.redirect_chain == [("/admin/events/event/?e=1", 302)]
    content = response.content.decode()
    assert "The filter in the address could not be used." in content
    assert admin_world["event"].title in content  # the list, unfiltered
