import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from directory.models import Organization
from resources import services
from resources.models import Resource
from tests.factories import OrganizationFactory, ResourceFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:resources_resource_changelist"


def test_admin_list_shows_status_kind_publishers_and_link_health(staff_client):
    who = OrganizationFactory(name="World Health Organization", acronym="WHO")
    ResourceFactory(title="Treatment centre", publishers=[who], kind=Resource.Kind.GUIDELINE)
    broken = ResourceFactory(title="Dead link")
    Resource.objects.filter(pk=broken.pk).update(
        broken_since=timezone.now(), consecutive_failures=2, last_status=404
    )

    html = staff_client.get(reverse(CHANGELIST)).content.decode()

    assert "Treatment centre" in html and "Guideline / protocol" in html
    assert '<td class="field-publisher_names">WHO</td>' in html
    assert "Broken since" in html and "(404)" in html


def test_admin_filters_broken_links_and_countries(staff_client):
    ResourceFactory(title="Working one", countries=["Nepal"])
    broken = ResourceFactory(title="Broken one", countries=["Japan"])
    Resource.objects.filter(pk=broken.pk).update(broken_since=timezone.now())

    broken_html = staff_client.get(reverse(CHANGELIST), {"link": "broken"}).content.decode()
    nepal_html = staff_client.get(reverse(CHANGELIST), {"country": "Nepal"}).content.decode()

    assert "Broken one" in broken_html and "Working one" not in broken_html
    assert "Working one" in nepal_html and "Broken one" not in nepal_html


def test_admin_search_by_publisher(staff_client):
    ResourceFactory(title="OECD paper", publishers=[OrganizationFactory(acronym="OECD")])
    ResourceFactory(title="Other paper")

    html = staff_client.get(reverse(CHANGELIST), {"q": "oecd"}).content.decode()

    assert "OECD paper" in html and "Other paper" not in html


def test_admin_bulk_actions_publish_withdraw_feature(staff_client, staff):
    draft = ResourceFactory(title="Draft", status=Resource.Status.DRAFT)
    live = ResourceFactory(title="Live")
    url = reverse(CHANGELIST)

    staff_client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    staff_client.post(url, {"action": "feature", "_selected_action": [draft.pk]})
    staff_client.post(url, {"action": "withdraw", "_selected_action": [live.pk]})

    draft.refresh_from_db()
    live.refresh_from_db()
    assert (draft.status, draft.featured, draft.published_at is not None) == (
        "published",
        True,
        True,
    )
    assert live.status == "withdrawn"


def test_admin_check_links_now_action(staff_client, httpserver):
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    resource = ResourceFactory(url=httpserver.url_for("/gone"))

    response = staff_client.post(
        reverse(CHANGELIST),
        {"action": "check_links_now", "_selected_action": [resource.pk]},
        follow=True,
    )

    resource.refresh_from_db()
    assert resource.last_status == 404
    assert "Checked 1 links: 0 working, 1 failing, 0 newly broken." in response.content.decode()


def test_admin_add_form_saves_through_the_service(staff_client, staff):
    topic = TopicFactory()
    publisher = OrganizationFactory(country="Nepal")

    response = staff_client.post(
        reverse("admin:resources_resource_add"),
        {
            "title_en": "Added in the admin",
            "slug": "added-in-the-admin",
            "url": "https://Example.org/added/?utm_campaign=x",
            "kind": "report",
            "status": "published",
            "summary_en": "",
            "topics": [topic.pk],
            "countries": "",
            "cities": "",
            "published_on": "2021-07-15",
            "date_precision": "year",
            "moderation": "curated",
            "publisher_links-TOTAL_FORMS": "1",
            "publisher_links-INITIAL_FORMS": "0",
            "publisher_links-0-organization": publisher.pk,
            "publisher_links-0-position": "0",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    resource = Resource.objects.get(slug="added-in-the-admin")
    assert resource.normalized_url == "https://example.org/added"
    assert resource.published_on == date(2021, 1, 1)
    assert resource.countries == ["Nepal"]
    assert resource.curated_by == staff
    assert resource.topic_ids == [topic.pk] and resource.publisher_ids == [publisher.pk]


def test_admin_refuses_duplicate_link(staff_client):
    ResourceFactory(title="First copy", url="https://example.org/x")

    response = staff_client.post(
        reverse("admin:resources_resource_add"),
        {
            "title_en": "Second copy",
            "slug": "second-copy",
            "url": "http://example.org/x/",
            "kind": "report",
            "status": "draft",
            "date_precision": "year",
            "moderation": "curated",
            "publisher_links-TOTAL_FORMS": "0",
            "publisher_links-INITIAL_FORMS": "0",
        },
    )

    assert "This link is already in the library as “First copy”." in response.content.decode()
    assert Resource.objects.count() == 1


CSV = (
    "title,url,publishers,kind,topics,countries,languages,published_on,status\n"
    "Good row,https://example.org/good,WHO,guideline,public-health,,en,2020-03-01,published\n"
    "Duplicate of the library,https://EXAMPLE.org/existing/?utm_source=x,WHO,report,,,en,,draft\n"
    "Unknown publisher,https://example.org/other,Nobody Org,report,,,en,,draft\n"
    "Bad link,javascript:alert(1),WHO,report,,,en,,draft\n"
    "Same link twice,https://example.org/good#again,WHO,report,,,en,,draft\n"
)


def _import(staff_client, content, name="resources.csv"):
    return staff_client.post(
        reverse("admin:resources_resource_import"),
        {
            "format": "0",
            "import_file": io.BytesIO(content.encode()) if isinstance(content, str) else content,
            "resource": "0",
        },
    )


def test_admin_import_reports_row_errors_and_saves_nothing(staff_client):
    OrganizationFactory(name="World Health Organization", acronym="WHO")
    TopicFactory(slug="public-health")
    ResourceFactory(title="Existing", url="https://example.org/existing")
    upload = io.BytesIO(CSV.encode())
    upload.name = "resources.csv"

    response = staff_client.post(
        reverse("admin:resources_resource_import"), {"format": "0", "import_file": upload}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "This link is already in the library as “Existing”." in html
    assert "Unknown publisher: Nobody Org" in html
    assert "Enter a valid URL." in html or "Enter a complete http" in html
    assert "The same link is on row" in html
    assert Resource.objects.count() == 1


def test_import_resource_creates_rows_with_publishers_and_topics(staff):
    from tablib import Dataset

    from resources.admin import ResourceImport

    OrganizationFactory(name="World Health Organization", acronym="WHO")
    OrganizationFactory(name="United Nations", acronym="UN")
    TopicFactory(slug="public-health", name="Public health")
    dataset = Dataset().load(
        "title,url,publishers,kind,topics,countries,languages,published_on,status\n"
        "Protocol,https://example.org/p,WHO; UN,Guideline / protocol,public-health,Nepal,en;fr,"
        "2020-03-01,published\n",
        format="csv",
    )

    result = ResourceImport().import_data(dataset, dry_run=False)

    assert not result.has_errors() and not result.has_validation_errors()
    resource = Resource.objects.get(title="Protocol")
    assert [o.acronym for o in resource.ordered_publishers] == ["WHO", "UN"]
    assert resource.kind == "guideline" and resource.languages == ["en", "fr"]
    assert resource.search_topics == "Public health" and resource.published_at is not None


def test_moderation_list_shows_pending_and_approves(staff_client, mailoutbox):
    member = UserFactory()
    pending = services.submit_resource(
        user=member, title="Pending idea", url="https://example.org/idea", publisher_name="X"
    )
    ResourceFactory(title="Curated one")

    html = staff_client.get(reverse("admin:resources_submission_changelist")).content.decode()
    assert "Pending idea" in html and "Curated one" not in html

    staff_client.post(
        reverse("admin:resources_submission_changelist"),
        {"action": "approve", "_selected_action": [pending.pk]},
    )

    pending.refresh_from_db()
    assert pending.status == "published" and pending.moderation == "approved"
    assert Organization.objects.filter(name="X").exists()
    assert len(mailoutbox) == 1


def test_moderation_refuses_an_english_title_still_in_korean(staff_client, mailoutbox):
    pending = services.submit_resource(
        user=UserFactory(), title="쉼터 제안", url="https://example.org/shelter", publisher_name="X"
    )
    pending.title_en = "쉼터 제안"
    pending.save(update_fields=["title_en"])

    response = staff_client.post(
        reverse("admin:resources_submission_changelist"),
        {"action": "approve", "_selected_action": [pending.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert next(str(m) for m in response.context["messages"]).endswith(
        "Translate the English title first: it still holds the Korean text."
    )
    pending.refresh_from_db()
    assert (pending.status, pending.moderation) == ("draft", "pending")
    assert mailoutbox == []


def test_moderation_reject_asks_for_a_reason_then_records_it(staff_client, mailoutbox):
    member = UserFactory()
    pending = services.submit_resource(
        user=member, title="Weak idea", url="https://example.org/weak", publisher_name="Y"
    )
    url = reverse("admin:resources_submission_changelist")

    form = staff_client.post(url, {"action": "reject", "_selected_action": [pending.pk]})
    assert "Reason, sent to the member" in form.content.decode()
    staff_client.post(
        url,
        {
            "action": "reject",
            "_selected_action": [pending.pk],
            "apply": "1",
            "reason": "Not about cities.",
        },
    )

    pending.refresh_from_db()
    assert (pending.moderation, pending.rejection_reason) == ("rejected", "Not about cities.")
    assert "Not about cities." in mailoutbox[0].body


def test_admin_view_on_site_link(staff_client):
    resource = ResourceFactory()

    html = staff_client.get(
        reverse("admin:resources_resource_change", args=[resource.pk])
    ).content.decode()

    assert "View on site" in html


def test_load_demo_resources_facts_and_idempotency(client):
    call_command("load_demo", stdout=io.StringIO())
    count = Resource.objects.count()
    call_command("load_demo", stdout=io.StringIO())

    assert Resource.objects.count() == count == 14
    assert Resource.objects.filter(url="", needs_review=True).count() == 14
    dhankuta = Resource.objects.get(slug="dhankuta-measures-to-prevent-covid-19")
    assert [o.name for o in dhankuta.publishers.all()] == ["Dhankuta Municipality"]
    assert dhankuta.countries == ["Nepal"]
    assert Resource.objects.get(title="Cities policy responses").publishers.get().acronym == "OECD"
    korea_gov = Resource.objects.filter(publishers__name="Government of the Republic of Korea")
    assert korea_gov.count() == 3
    assert (
        Resource.objects.filter(
            publishers__name="Central Disaster and Safety Countermeasure Headquarters"
        ).count()
        == 1
    )
    assert Resource.objects.get(title="CAC (Cities Against COVID-19)").publishers.get().name == (
        "Seoul Metropolitan Government"
    )
    assert Resource.objects.filter(publishers__acronym="WHO", kind="guideline").count() == 2
    assert Resource.objects.get(publishers__acronym="UNDRR").kind == "planning_tool"
    learning = Resource.objects.with_publishers().get(title__startswith="Learning From Seoul")
    assert [o.acronym for o in learning.ordered_publishers] == ["WRI", "TheCityFix"]
    citynet = Resource.objects.get(title="Local Responses and Measures to COVID-19")
    assert citynet.publishers.get().name == "CityNet"
    html = client.get("/resources/", {"q": "Dhankuta"}).content.decode()
    assert "Measures and activities undertaken by" in html
    assert "Nothing matched" in client.get("/resources/", {"q": "Dhankutta"}).content.decode()
