import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from directory.models import Organization, Topic
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_organization_str_uses_acronym():
    organization = OrganizationFactory.build(name="World Health Organization", acronym="WHO")

    assert str(organization) == "World Health Organization (WHO)"


def test_organization_website_must_be_http(db):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        OrganizationFactory(website="javascript:alert(1)")


def test_admin_lists_and_searches_organizations(staff_client):
    OrganizationFactory(name="Dhankuta Municipality", country="Nepal")
    OrganizationFactory(name="Seoul Metropolitan Government")

    response = staff_client.get(reverse("admin:directory_organization_changelist"), {"q": "Nepal"})

    html = response.content.decode()
    assert "Dhankuta Municipality" in html
    assert "Seoul Metropolitan Government" not in html


def test_admin_filters_organizations_by_kind(staff_client):
    OrganizationFactory(name="WHO test", kind=Organization.Kind.UN_AGENCY)
    OrganizationFactory(name="Incheon test", kind=Organization.Kind.CITY)

    response = staff_client.get(
        reverse("admin:directory_organization_changelist"), {"kind__exact": "un_agency"}
    )

    html = response.content.decode()
    assert "WHO test" in html
    assert "Incheon test" not in html


def test_admin_is_closed_to_ordinary_users(user_client):
    response = user_client.get(reverse("admin:directory_organization_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_load_demo_creates_seed_organizations_and_is_idempotent():
    call_command("load_demo", stdout=io.StringIO())
    counts = (Organization.objects.count(), Topic.objects.count())
    call_command("load_demo", stdout=io.StringIO())

    assert (Organization.objects.count(), Topic.objects.count()) == counts
    dhankuta = Organization.objects.get(name="Dhankuta Municipality")
    assert (dhankuta.kind, dhankuta.country) == ("city", "Nepal")
    seoul = Organization.objects.get(name="Seoul Metropolitan Government")
    assert (seoul.kind, seoul.country) == ("city", "Republic of Korea")
    assert Organization.objects.get(acronym="WHO").kind == "un_agency"
    assert Organization.objects.get(acronym="OECD").kind == "international"
    assert Organization.objects.get(acronym="UNDRR ONEA & GETI").country == "Republic of Korea"
    for acronym in ["ICLEI", "ESCAP", "WRI", "WeGO", "UCLG", "Metropolis", "UN-Habitat", "ICDI"]:
        assert Organization.objects.filter(acronym=acronym).exists(), acronym
    assert Organization.objects.get(acronym="CIFAL Jeju").name == "UNITAR CIFAL Jeju"
    assert set(Topic.objects.values_list("slug", flat=True)) >= {
        "urban-resilience",
        "covid-19",
        "smart-safety",
        "social-protection",
        "climate-change",
        "business-continuity",
    }


def test_load_demo_staff_account_can_sign_in(client):
    from accounts.demo import STAFF_EMAIL, staff_password

    call_command("load_demo", stdout=io.StringIO())

    response = client.post(
        reverse("account_login"), {"login": STAFF_EMAIL, "password": staff_password()}
    )
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_load_demo_dry_run_saves_nothing():
    call_command("load_demo", "--dry-run", stdout=io.StringIO())

    assert Organization.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "acronym", "label"),
    [
        ("World Health Organization", "WHO", "World Health Organization (WHO)"),
        ("CityNet", "CityNet", "CityNet"),
        ("TheCityFix (WRI)", "TheCityFix", "TheCityFix (WRI)"),
        ("Dhankuta Municipality", "", "Dhankuta Municipality"),
    ],
)
def test_organization_display_name_adds_the_acronym_only_where_it_differs(name, acronym, label):
    organization = OrganizationFactory.build(name=name, acronym=acronym)

    assert organization.display_name == label
    assert str(organization) == label


DOUBLED_LABELS = ["CityNet (CityNet)", "TheCityFix (WRI) (TheCityFix)"]


@pytest.mark.parametrize("language", ["en", "ko"])
def test_no_page_doubles_an_organisation_label(client, language):
    from tests.factories import EventFactory, ResourceFactory

    citynet = OrganizationFactory(name="CityNet", acronym="CityNet")
    cityfix = OrganizationFactory(name="TheCityFix (WRI)", acronym="TheCityFix")
    who = OrganizationFactory(name="World Health Organization", acronym="WHO")
    ResourceFactory(publishers=[citynet, cityfix, who])
    event = EventFactory(organisers=[citynet, (cityfix, "partner"), who])
    prefix = "" if language == "en" else "/ko"

    pages = [
        f"{prefix}/resources/",
        f"{prefix}/events/",
        f"{prefix}/events/?organiser={citynet.pk}",
        f"{prefix}{event.get_absolute_url().removeprefix('/ko')}",
    ]
    for path in pages:
        html = client.get(path).content.decode()
        for doubled in DOUBLED_LABELS:
            assert doubled not in html, path
    assert "World Health Organization (WHO)" in client.get(f"{prefix}/resources/").content.decode()
    assert ">TheCityFix (WRI)</option>" in client.get(f"{prefix}/events/").content.decode()
