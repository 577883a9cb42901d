"""Headers and cookies (issue 21, item 10): the language cookie is Secure (behind HTTPS),
SameSite and HttpOnly; every response carries Permissions-Policy and
Cross-Origin-Resource-Policy; ``check --deploy`` stays clean (tests/test_settings.py)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.templatetags.static import static

ROOT = Path(__file__).resolve().parent.parent
POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)

pytestmark = pytest.mark.django_db


def _settings_with(**environment) -> str:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_SAMESITE, s.LANGUAGE_COOKIE_HTTPONLY)"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **os.environ,
            "ENV_FILE": "/dev/null",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "DJANGO_SETTINGS_MODULE": "forum_site.settings",
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_language_cookie_is_secure_behind_https():
    assert _settings_with(HTTPS="true") == "True Lax True"
    assert _settings_with(HTTPS="false") == "False Lax True"


def test_language_cookie_is_samesite_httponly_and_secure_when_configured(client, settings):
    settings.LANGUAGE_COOKIE_SECURE = True

    response = client.post("/i18n/setlang/", {"language": "ko", "next": "/"})

    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "ko"
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"] is True
    assert cookie["httponly"] is True


@pytest.mark.parametrize(
    "path",
    ["/", "/resources/", "/no-such-page/", "/healthz", "/admin/login/", "/events/feed/"],
)
def test_every_response_has_permissions_and_resource_policies(client, path):
    response = client.get(path)

    assert response["Permissions-Policy"] == POLICY
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_static_files_have_the_policies_too(client):
    response = client.get(static("css/site.css"))
    response.close()

    assert response.status_code == 200
    assert response["Permissions-Policy"] == POLICY
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_uploaded_images_have_the_policies_too(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "plan.png").write_bytes(b"\x89PNG\r\n\x1a\n")

    response = client.get("/media/plan.png")
    response.close()

    assert response.status_code == 200
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Permissions-Policy"] == POLICY
