import pytest
from django.db import connection
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_database_answers_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_database_down_is_503(client):
    original_host = connection.settings_dict["HOST"]
    connection.close()
    connection.settings_dict["HOST"] = "/nonexistent-socket-dir"
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict["HOST"] = original_host

    assert response.status_code == 503
    assert response.content == b"database unavailable"


def test_home_shows_shell_search_and_empty_states(client):
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in html
    assert ">Programme</a>" in html
    assert ">Partner webinars</a>" in html
    assert ">Resource library</a>" in html
    assert 'action="/resources/"' in html and 'name="q"' in html
    assert ">About</a>" in html and ">Privacy notice</a>" in html and ">Contact</a>" in html
    assert f'href="{reverse("account_login")}"' in html


def test_home_for_signed_in_person_links_to_account(user_client):
    html = user_client.get("/").content.decode()

    assert f'href="{reverse("accounts:profile")}">My account</a>' in html
    assert reverse("account_logout") in html


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/about/", "About the Forum Portal"),
        ("/privacy/", "Privacy notice"),
        ("/contact/", "Contact the secretariat"),
    ],
)
def test_footer_pages_render(client, path, heading):
    response = client.get(path)

    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode()


def test_unknown_page_is_404_in_site_look(client):
    response = client.get("/no-such-page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in html
    assert 'class="site-header"' in html


def test_korean_home_is_served_under_ko_prefix(client):
    response = client.get("/ko/")

    assert response.status_code == 200
    assert '<html lang="ko">' in response.content.decode()


def test_home_runs_constant_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        client.get("/")


def test_uploaded_media_is_served(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "note.txt").write_text("uploaded")

    response = client.get("/media/note.txt")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"uploaded"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_send_strict_security_headers(client):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_templates_have_no_inline_script_or_style(client):
    import re

    html = client.get("/").content.decode() + client.get("/accounts/login/").content.decode()

    assert " style=" not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", html) == []


def test_robots_txt_points_to_sitemap_and_keeps_crawlers_out_of_accounts(client):
    response = client.get("/robots.txt")

    body = response.content.decode()
    assert response["Content-Type"] == "text/plain"
    assert "Disallow: /admin/" in body
    assert "Disallow: /accounts/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_pages_in_both_languages(client):
    response = client.get("/sitemap.xml")

    body = response.content.decode()
    assert "/about/</loc>" in body
    assert "/ko/about/</loc>" in body
    assert 'hreflang="ko"' in body


@pytest.mark.parametrize(
    ("status", "heading"),
    [(400, "요청을 처리할 수 없습니다"), (500, "시스템에 오류가 발생했습니다")],
)
def test_error_pages_render_in_the_readers_language(status, heading):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("ko"):
        html = render_to_string(f"{status}.html")

    assert '<html lang="ko">' in html
    assert heading in html
    assert 'class="site-header"' in html
