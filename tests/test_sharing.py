""" "Share this" on events and resources: plain links to the networks, and a QR code made here."""

import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest
import segno

from tests.factories import EventFactory, ResourceFactory

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def _share_links(html: str) -> dict[str, dict]:
    """Each share link by where it goes: {"www.linkedin.com": {"href", "rel", "query"}}."""
    links = {}
    box = re.search(r'<section class="share[^"]*".*?</section>', html, re.S)
    assert box, "no share section"
    for href, rel in re.findall(r'<a href="([^"]+)"(?: rel="([^"]*)")?', box.group(0)):
        href = href.replace("&amp;", "&")
        parts = urlsplit(href)
        key = parts.netloc or parts.scheme
        links[key] = {"href": href, "rel": rel, "query": parse_qs(parts.query)}
    return links


def _qr_path(html: str) -> str:
    match = re.search(r'<img src="/share/qr\.svg\?url=([^"]+)"', html)
    assert match, "no QR code image"
    return parse_qs("url=" + match.group(1))["url"][0]


def test_event_share_links_carry_the_encoded_address_and_title(client):
    event = EventFactory(slug="flood-week", title="Floods & heat: what cities do")

    html = client.get("/events/flood-week/").content.decode()

    url = "http://testserver/events/flood-week/"
    title = "Floods & heat: what cities do"
    links = _share_links(html)
    assert set(links) == {
        "mailto",
        "www.linkedin.com",
        "twitter.com",
        "www.facebook.com",
        "wa.me",
        "",  # the QR code download, on this site
    }
    assert links["mailto"]["href"] == (
        "mailto:?subject=Floods%20%26%20heat%3A%20what%20cities%20do"
        "&body=http%3A%2F%2Ftestserver%2Fevents%2Fflood-week%2F"
    )
    assert links["www.linkedin.com"]["href"] == (
        "https://www.linkedin.com/sharing/share-offsite/"
        "?url=http%3A%2F%2Ftestserver%2Fevents%2Fflood-week%2F"
    )
    assert links["twitter.com"]["query"] == {"url": [url], "text": [title]}
    assert links["www.facebook.com"]["query"] == {"u": [url]}
    assert links["wa.me"]["query"] == {"text": [f"{title} {url}"]}
    for key in ["mailto", "www.linkedin.com", "twitter.com", "www.facebook.com", "wa.me"]:
        assert links[key]["rel"] == "noopener noreferrer", key
    assert f'<input type="text" id="share-link" value="{url}" readonly data-copy-source>' in html
    assert _qr_path(html) == event.get_absolute_url()


def test_event_share_links_in_korean_use_the_korean_title_and_address(client):
    EventFactory(slug="flood-week", title="Flood week", title_ko="홍수 대비 주간")

    html = client.get("/ko/events/flood-week/").content.decode()

    links = _share_links(html)
    url = "http://testserver/ko/events/flood-week/"
    assert links["twitter.com"]["query"] == {"url": [url], "text": ["홍수 대비 주간"]}
    assert links["mailto"]["href"] == (
        "mailto:?subject=%ED%99%8D%EC%88%98%20%EB%8C%80%EB%B9%84%20%EC%A3%BC%EA%B0%84"
        "&body=http%3A%2F%2Ftestserver%2Fko%2Fevents%2Fflood-week%2F"
    )
    assert links["wa.me"]["query"] == {"text": [f"홍수 대비 주간 {url}"]}
    assert _qr_path(html) == "/ko/events/flood-week/"
    assert '<h2 id="share-title">공유하기</h2>' in html


def test_resource_share_links_carry_the_encoded_address_and_title(client):
    resource = ResourceFactory(title="Heatwave plan for 2021", slug="heatwave-plan")

    html = client.get(resource.get_absolute_url()).content.decode()

    url = "http://testserver/resources/heatwave-plan/"
    links = _share_links(html)
    assert links["www.linkedin.com"]["query"] == {"url": [url]}
    assert links["www.facebook.com"]["query"] == {"u": [url]}
    assert links["twitter.com"]["query"] == {"url": [url], "text": ["Heatwave plan for 2021"]}
    assert links["mailto"]["query"] == {"subject": ["Heatwave plan for 2021"], "body": [url]}
    assert _qr_path(html) == "/resources/heatwave-plan/"


def test_resource_share_links_in_korean_use_the_korean_title(client):
    ResourceFactory(title="Heatwave plan", title_ko="폭염 대응 계획", slug="heatwave-plan")

    html = client.get("/ko/resources/heatwave-plan/").content.decode()

    url = "http://testserver/ko/resources/heatwave-plan/"
    links = _share_links(html)
    assert links["twitter.com"]["query"] == {"url": [url], "text": ["폭염 대응 계획"]}
    assert links["mailto"]["query"] == {"subject": ["폭염 대응 계획"], "body": [url]}


@pytest.mark.parametrize("kind", ["event", "resource"])
def test_share_box_loads_nothing_from_other_sites(client, kind):
    path = (
        EventFactory().get_absolute_url()
        if kind == "event"
        else ResourceFactory().get_absolute_url()
    )

    html = client.get(path).content.decode()

    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts
    for attrs in scripts:
        assert attrs == ' type="application/ld+json"' or 'src="/static/' in attrs, attrs
    assert (
        re.findall(r'<(?:img|iframe|embed|object)\b[^>]*\b(?:src|data)="(?:https?:)?//', html) == []
    )
    assert re.findall(r'<link rel="(?:stylesheet|icon|preload)" href="(?!/static/)', html) == []


def test_share_box_copy_button_waits_for_the_script(client):
    html = client.get(EventFactory().get_absolute_url()).content.decode()

    assert re.search(r"<button [^>]*data-copy-button hidden>Copy link</button>", html)


def test_share_box_is_left_out_of_draft_previews(staff_client):
    event = EventFactory(status="draft")
    resource = ResourceFactory(status="draft")

    event_html = staff_client.get(event.get_absolute_url()).content.decode()
    resource_html = staff_client.get(resource.get_absolute_url()).content.decode()

    assert 'class="share' not in event_html
    assert 'class="share' not in resource_html


def _modules(svg: bytes) -> set[tuple[int, int]]:
    """The dark modules an SVG from segno draws: its path is horizontal runs of lines."""
    root = ET.fromstring(svg)  # noqa: S314 - our own SVG
    path = root.find(f"{SVG}path[@class='qrline']").get("d")
    dark, x, y = set(), 0.0, 0.0
    for command, dx, dy in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(dx), float(dy)
        elif command == "m":
            x, y = x + float(dx), y + float(dy)
        else:
            for step in range(int(float(dx))):
                dark.add((int(y), int(x) + step))
            x += float(dx)
    return dark


def test_qr_code_for_a_local_path_is_an_svg_of_the_full_address(client):
    response = client.get("/share/qr.svg", {"url": "/ko/events/flood-week/"})

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Cache-Control"] == "public, max-age=604800"
    root = ET.fromstring(response.content)  # noqa: S314 - our own SVG
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 37 37"
    expected = segno.make("http://testserver/ko/events/flood-week/", error="m", micro=False)
    border = 4
    assert _modules(response.content) == {
        (row + border, column + border)
        for row, line in enumerate(expected.matrix)
        for column, value in enumerate(line)
        if value
    }


def test_qr_code_keeps_a_query_string(client):
    response = client.get("/share/qr.svg", {"url": "/resources/?q=flood"})

    assert response.status_code == 200
    assert ET.fromstring(response.content).tag == f"{SVG}svg"  # noqa: S314 - our own SVG


@pytest.mark.parametrize(
    "url",
    [
        "https://phishing.example/login",
        "//phishing.example/login",
        "/\\phishing.example/login",
        "javascript:alert(1)",
        "events/",
        "/no-such-page/",
        "/events/ x/",
        "",
        "/" + "a" * 600,
    ],
)
def test_qr_code_refuses_anything_but_a_page_of_this_site(client, url):
    response = client.get("/share/qr.svg", {"url": url})

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == "Give the path of a page on this site, such as /events/."
    assert "max-age" not in response.get("Cache-Control", "")


def test_qr_code_without_a_path_is_refused(client):
    response = client.get("/share/qr.svg")

    assert response.status_code == 400


def test_robots_txt_keeps_crawlers_away_from_qr_codes(client):
    assert "Disallow: /share/\n" in client.get("/robots.txt").content.decode()
