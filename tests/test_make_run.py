"""What `make run` relies on: SITE_URL following the served port, a banner printed last by
gunicorn, no shared control socket, and the embedded PostgreSQL stopped only on request."""

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.mail import EmailMessage
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.demo import STAFF_EMAIL, staff_password
from accounts.models import User
from outbox.models import OutgoingMessage
from outbox.services import queue_email
from tests import processes
from tests.smtp import free_port

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 50


def site_url(env_file: str = os.devnull, **environment) -> subprocess.CompletedProcess:
    """SITE_URL as the settings read it in a fresh process with this environment and .env."""
    inherited = {key: value for key, value in os.environ.items() if key not in {"PORT", "SITE_URL"}}
    return subprocess.run(
        [sys.executable, "-c", "from forum_site import settings; print(settings.SITE_URL)"],
        cwd=ROOT,
        # A DATABASE_URL that is never reached keeps the embedded server out of it.
        env={
            **inherited,
            "ENV_FILE": env_file,
            "SECRET_KEY": GOOD_KEY,
            "DATABASE_URL": "postgres://forum@db.internal:6543/portal",
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("environment", "env_file_lines", "expected"),
    [
        ({}, [], "http://127.0.0.1:8000"),
        ({"PORT": "8080"}, [], "http://127.0.0.1:8080"),
        ({}, ["PORT=8081"], "http://127.0.0.1:8081"),
        ({"PORT": "8080"}, ["SITE_URL=https://forum.example.org/"], "https://forum.example.org"),
        (
            {"PORT": "8080", "SITE_URL": "https://portal.example.org"},
            ["SITE_URL=https://forum.example.org"],
            "https://portal.example.org",
        ),
    ],
    ids=[
        "default-port",
        "port-from-environment",
        "port-from-env-file",
        "env-file-site-url-wins",
        "environment-wins-over-env-file",
    ],
)
def test_site_url_defaults_to_the_served_port_unless_set(
    tmp_path, environment, env_file_lines, expected
):
    env_file = tmp_path / ".env"
    env_file.write_text("".join(f"{line}\n" for line in env_file_lines))

    result = site_url(str(env_file), **environment)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_malformed_port_names_it():
    result = site_url(PORT="eighty")

    assert result.returncode == 1
    assert result.stderr.strip() == "Configuration error: PORT is malformed (ValueError)."


def test_env_example_leaves_site_url_to_the_port():
    lines = (ROOT / ".env.example").read_text().splitlines()

    assert not [line for line in lines if line.startswith("SITE_URL=")]
    assert "# SITE_URL=https://forum.example.org" in lines


# --- gunicorn as make run starts it ----------------------------------------------------------


def _read_lines(stream, lines: list[str]) -> None:
    for line in stream:
        lines.append(line.rstrip("\n"))


def test_gunicorn_prints_the_banner_last_and_opens_no_control_socket(transactional_db, tmp_path):
    User.objects.create(email=STAFF_EMAIL, name="Forum secretariat", is_staff=True)
    port = free_port()
    environment = processes.portal_environment(
        database_url=processes.database_url(connection.settings_dict),
        SITE_URL="https://forum.example.org",
        # gunicorn's default control socket is $XDG_RUNTIME_DIR/gunicorn.ctl.
        XDG_RUNTIME_DIR=str(tmp_path),
    )
    server = subprocess.Popen(  # noqa: S603 - the venv's gunicorn, fixed arguments
        [
            str(processes.GUNICORN),
            "forum_site.wsgi",
            "--config=forum_site/gunicorn_conf.py",
            f"--bind=127.0.0.1:{port}",
            "--workers=2",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=_read_lines, args=(server.stdout, lines), daemon=True)
    reader.start()
    try:
        processes.wait_until(
            lambda: "  Ctrl-C stops it." in lines, timeout=60, message="\n".join(lines)
        )
        processes.wait_until_serving(f"http://127.0.0.1:{port}", server, workers=2)
        time.sleep(1)  # anything printed after the banner would show by now
        printed = list(lines)
        sockets = list(tmp_path.iterdir())  # gunicorn removes its socket when it stops
    finally:
        processes.stop(server)
        reader.join(timeout=10)
        server.stdout.close()

    address = f"http://127.0.0.1:{port}"
    assert printed[-7:] == [
        "",
        f"  Forum Portal:      {address}/",
        f"  Secretariat admin: {address}/admin/",
        f"  Sign in as:        {STAFF_EMAIL} / {staff_password()}",
        "  Links in e-mails and feeds point to https://forum.example.org (SITE_URL).",
        "  Ctrl-C stops it.",
        "",
    ]
    assert sum("Booting worker with pid" in line for line in printed) == 2
    assert printed.count(f"  Forum Portal:      {address}/") == 1
    assert sockets == []


# --- The embedded PostgreSQL -------------------------------------------------------------------


def embedded_db(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "forum_site.embedded_db", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


def test_embedded_db_says_whether_it_runs_and_stops_it():
    server = processes.PrivatePostgres()
    server.start()
    data = str(server.data)
    try:
        running = embedded_db("running", "--data-dir", data)
        stopped = embedded_db("stop", "--data-dir", data)
        after = embedded_db("running", "--data-dir", data)
        pid_file_left = (server.data / "postmaster.pid").exists()
        again = embedded_db("stop", "--data-dir", data)
    finally:
        if embedded_db("running", "--data-dir", data).returncode == 0:
            server.stop()
        else:
            shutil.rmtree(server.folder, ignore_errors=True)

    assert running.returncode == 0
    assert stopped.returncode == 0
    assert stopped.stdout == f"Stopped the embedded PostgreSQL ({data}).\n"
    assert after.returncode == 1
    assert pid_file_left is False
    # Nothing to stop is no error, and nothing is started.
    assert (again.returncode, again.stdout) == (0, "")


# --- Waiting for the worker to send what is queued -------------------------------------------


def test_wait_for_outbox_waits_for_queued_mail_only(db):
    call_command("wait_for_outbox", timeout=0)  # nothing queued: returns at once
    queue_email(email_message=EmailMessage("Welcome", "Hello", None, ["park@city.example"]))
    with pytest.raises(CommandError, match=r"^1 e-mails are still queued after 0.3 s\.$"):
        call_command("wait_for_outbox", timeout=0.3)

    OutgoingMessage.objects.update(status=OutgoingMessage.Status.RETRYING)

    call_command("wait_for_outbox", timeout=0)
