"""Open Graph and Twitter card tags: what a shared link shows, read as a crawler reads them."""

from html.parser import HTMLParser

import pytest

from tests.factories import EventFactory, ResourceFactory

pytestmark = pytest.mark.django_db

SITE_DESCRIPTION = (
    "The International Urban Resilience Forum, partner webinars and a library of best practices "
    "for resilient cities."
)


class MetaTags(HTMLParser):
    """``<meta property|name=... content=...>`` of the page, in order, as (key, content)."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        key = attrs.get("property") or attrs.get("name") or ""
        if tag == "meta" and key.startswith(("og:", "twitter:")):
            self.tags.append((key, attrs["content"]))


def _preview(client, path) -> dict[str, str]:
    parser = MetaTags()
    parser.feed(client.get(path).content.decode())
    keys = [key for key, _content in parser.tags]
    assert len(keys) == len(set(keys)), f"repeated tags: {keys}"
    return dict(parser.tags)


def test_event_preview_has_title_description_address_and_large_image(client):
    event = EventFactory(
        slug="iurf-2030",
        title="International Urban Resilience Forum 2030",
        summary="Resilience after the pandemic.",
        image="events/2030/banner.jpg",
        image_thumbnail="events/thumbnails/2030/banner.jpg",
        image_alt="Seoul City Hall at night",
    )

    tags = _preview(client, event.get_absolute_url())

    assert tags == {
        "og:site_name": "Forum Portal",
        "og:type": "website",
        "og:title": "International Urban Resilience Forum 2030",
        "og:description": "Resilience after the pandemic.",
        "og:url": "http://testserver/events/iurf-2030/",
        "og:locale": "en_GB",
        "og:locale:alternate": "ko_KR",
        "og:image": "http://testserver/media/events/thumbnails/2030/banner.jpg",
        "og:image:alt": "Seoul City Hall at night",
        "twitter:card": "summary_large_image",
        "twitter:title": "International Urban Resilience Forum 2030",
        "twitter:description": "Resilience after the pandemic.",
        "twitter:image": "http://testserver/media/events/thumbnails/2030/banner.jpg",
        "twitter:image:alt": "Seoul City Hall at night",
    }


def test_event_preview_without_image_is_a_summary_card_in_korean(client):
    EventFactory(
        slug="heat-webinar",
        title="Heat webinar",
        title_ko="폭염 웨비나",
        summary="Cities against heat.",
        summary_ko="폭염에 맞서는 도시들.",
    )

    tags = _preview(client, "/ko/events/heat-webinar/")

    assert tags["og:title"] == "폭염 웨비나"
    assert tags["og:description"] == "폭염에 맞서는 도시들."
    assert tags["og:url"] == "http://testserver/ko/events/heat-webinar/"
    assert tags["og:locale"] == "ko_KR"
    assert tags["og:locale:alternate"] == "en_GB"
    assert tags["twitter:card"] == "summary"
    assert tags["twitter:title"] == "폭염 웨비나"
    assert "og:image" not in tags
    assert "twitter:image" not in tags


def test_event_preview_shortens_a_long_description(client):
    event = EventFactory(summary="Resilience " * 40)

    tags = _preview(client, event.get_absolute_url())

    assert len(tags["og:description"]) == 200
    assert tags["og:description"].endswith("…")
    assert tags["twitter:description"] == tags["og:description"]


def test_resource_preview_has_title_summary_address_and_thumbnail(client):
    resource = ResourceFactory(
        title="Heatwave plan",
        slug="heatwave-plan",
        summary="A **city** plan for heatwaves, with [maps](https://example.org/maps).",
        thumbnail="resources/thumbnails/heat.png",
    )

    tags = _preview(client, resource.get_absolute_url())

    assert tags["og:title"] == "Heatwave plan"
    assert tags["og:description"] == "A city plan for heatwaves, with maps."
    assert tags["og:url"] == "http://testserver/resources/heatwave-plan/"
    assert tags["og:image"] == "http://testserver/media/resources/thumbnails/heat.png"
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["twitter:title"] == "Heatwave plan"
    assert tags["twitter:description"] == "A city plan for heatwaves, with maps."
    assert tags["twitter:image"] == "http://testserver/media/resources/thumbnails/heat.png"


def test_resource_preview_in_korean_uses_the_korean_title_and_summary(client):
    ResourceFactory(
        title="Heatwave plan",
        title_ko="폭염 대응 계획",
        summary="A plan.",
        summary_ko="**도시**의 폭염 대응 계획.",
        slug="heatwave-plan",
    )

    tags = _preview(client, "/ko/resources/heatwave-plan/")

    assert tags["og:title"] == "폭염 대응 계획"
    assert tags["og:description"] == "도시의 폭염 대응 계획."
    assert tags["og:url"] == "http://testserver/ko/resources/heatwave-plan/"
    assert tags["twitter:card"] == "summary"


def test_resource_without_summary_falls_back_to_the_site_description(client):
    resource = ResourceFactory(title="Heatwave plan", summary="")

    tags = _preview(client, resource.get_absolute_url())

    assert tags["og:description"] == SITE_DESCRIPTION
    assert tags["twitter:description"] == SITE_DESCRIPTION


@pytest.mark.parametrize("path", ["/", "/about/", "/events/", "/resources/?q=flood"])
def test_other_pages_preview_the_site(client, path):
    tags = _preview(client, path)

    assert tags == {
        "og:site_name": "Forum Portal",
        "og:type": "website",
        "og:title": "Forum Portal",
        "og:description": SITE_DESCRIPTION,
        "og:url": "http://testserver" + path.split("?")[0],
        "og:locale": "en_GB",
        "og:locale:alternate": "ko_KR",
        "twitter:card": "summary",
        "twitter:title": "Forum Portal",
        "twitter:description": SITE_DESCRIPTION,
    }


def test_not_found_page_previews_the_site_without_an_address(client):
    tags = _preview(client, "/no-such-page/")

    assert tags["og:title"] == "Forum Portal"
    assert "og:url" not in tags
