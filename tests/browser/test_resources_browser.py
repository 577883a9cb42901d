import pytest
from playwright.sync_api import expect

from resources.models import Resource
from tests.factories import OrganizationFactory, ResourceFactory, TopicFactory


@pytest.mark.django_db(transaction=True)
def test_member_searches_library_applies_facet_and_removes_chip(live_server, page):
    covid = TopicFactory(name="COVID-19", slug="covid-19")
    health = TopicFactory(name="Public health", slug="public-health")
    who = OrganizationFactory(name="World Health Organization", acronym="WHO", country="")
    ResourceFactory(
        title="Severe Acute Respiratory Infections Treatment Centre",
        publishers=[who],
        topics=[covid, health],
        kind=Resource.Kind.GUIDELINE,
        summary="How to set up a treatment centre during the pandemic.",
    )
    ResourceFactory(
        title="Is Your Business Resilient to COVID-19; Planning Tool",
        topics=[covid],
        kind=Resource.Kind.PLANNING_TOOL,
        summary="Business continuity planning during the pandemic.",
    )

    page.goto(live_server.url + "/")
    page.get_by_label("Search the resource library").fill("pandemic")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("heading", name="2 resources")).to_be_visible()
    expect(page.locator("mark").first).to_have_text("pandemic")

    page.get_by_role("link", name="Public health 1 resources").click()

    expect(page.get_by_role("heading", name="1 resource", exact=True)).to_be_visible()
    chip = page.get_by_role("link", name="Remove filter Topic: Public health")
    expect(chip).to_be_visible()
    assert "topic=public-health" in page.url and "q=pandemic" in page.url

    chip.click()

    expect(page.get_by_role("heading", name="2 resources")).to_be_visible()
    expect(page.get_by_role("link", name="Remove filter Topic: Public health")).to_have_count(0)
    assert "topic=" not in page.url
