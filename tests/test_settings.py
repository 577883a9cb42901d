"""Start-up configuration: a missing or malformed setting stops with one line naming it."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 50


def start_django(**overrides):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "EMAIL_URL", "ALLOWED_HOSTS"}
    }
    environment.update(ENV_FILE="/dev/null", DJANGO_SETTINGS_MODULE="forum_site.settings")
    environment.update(overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_settings_missing_secret_key_names_it():
    result = start_django()

    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == "Configuration error: SECRET_KEY is missing (ImproperlyConfigured)."
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "perhaps"),
        ("DATABASE_URL", "mysql://u@host/db"),
        ("CONN_MAX_AGE", "soon"),
        ("DATABASE_SERVER_SIDE_BINDING", "sometimes"),
    ],
)
def test_settings_malformed_value_names_it(name, value):
    result = start_django(SECRET_KEY=GOOD_KEY, **{name: value})

    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("Configuration error: ")
    assert name in result.stderr


def test_settings_database_url_is_used_when_set(tmp_path):
    # An unreachable server proves the URL is read instead of starting the embedded one.
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "d = settings.DATABASES['default']; print(d['HOST'], d['PORT'], d['NAME'])"
    )
    environment = dict(os.environ, ENV_FILE="/dev/null", SECRET_KEY=GOOD_KEY)
    environment["DATABASE_URL"] = "postgres://forum@db.internal:6543/portal"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )

    assert result.stdout.strip() == "db.internal 6543 portal"


@pytest.mark.parametrize(("value", "expected"), [("", "True"), ("false", "False")])
def test_server_side_binding_is_on_unless_turned_off(value, expected):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['OPTIONS']['server_side_binding'])"
    )
    environment = dict(os.environ, ENV_FILE="/dev/null", SECRET_KEY=GOOD_KEY)
    environment["DATABASE_URL"] = "postgres://forum@db.internal:6543/portal"
    environment.pop("DATABASE_SERVER_SIDE_BINDING", None)
    if value:
        environment["DATABASE_SERVER_SIDE_BINDING"] = value
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )

    assert result.stdout.strip() == expected


def test_settings_defaults_are_safe():
    from django.conf import settings

    assert settings.TIME_ZONE == "UTC"
    assert settings.USE_TZ is True
    assert settings.DATABASES["default"]["ENGINE"] == "forum_site.postgresql"


def test_production_settings_pass_check_deploy():
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment.update(
        ENV_FILE="/dev/null",
        SECRET_KEY=secrets.token_urlsafe(60),
        HTTPS="true",
        DEBUG="false",
        ALLOWED_HOSTS="forum.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
