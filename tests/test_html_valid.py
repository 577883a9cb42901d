"""Every page type validates with the Nu Html Checker (vnu.jar from npm, run with Java), and
is the page it is meant to be (status, heading, landmark: tests/pages.py)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from tests.pages import PAGE_TYPES, identity_problems, localised, resolve, sign_in

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.mark.django_db
def test_every_page_type_is_valid_html(user, tmp_path):
    if not VNU.exists() or shutil.which("java") is None:
        pytest.fail("vnu.jar or Java is missing: run `make test-tools` (make test does).")
    signed_in = Client()
    sign_in(signed_in, user)
    files, wrong_pages = {}, []
    for language in ["en", "ko"]:
        for page in PAGE_TYPES:
            client = signed_in if page.signed_in else Client()
            # The language switcher's cookie: the admin, outside the /ko/ addresses, follows it.
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            url = localised(resolve(page.path, user), language)
            response = client.get(url)
            assert response["Content-Type"].startswith("text/html"), url
            wrong_pages += identity_problems(
                page, language, status=response.status_code, html=response.content.decode()
            )
            page_file = tmp_path / f"{language}-{page.name}.html"
            page_file.write_bytes(response.content)
            files[str(page_file)] = url
    assert not wrong_pages, "\n".join(wrong_pages)

    # The 400 and 500 pages have no address of their own: render them as Django's handlers do.
    for language in ["en", "ko"]:
        with translation.override(language):
            for status in (400, 500):
                page_file = tmp_path / f"{language}-{status}.html"
                page_file.write_text(render_to_string(f"{status}.html"))
                files[str(page_file)] = f"{status}.html ({language})"

    result = subprocess.run(  # noqa: S603 - fixed arguments, our own files
        ["java", "-jar", str(VNU), "--format", "json", "--stdout", *files],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=300,
    )

    messages = json.loads(result.stdout)["messages"]
    # A file the checker could not read is a "non-document-error": as much a failure.
    problems = [
        f"{files.get(message.get('url', '').removeprefix('file:'), '?')}: {message['message']}"
        for message in messages
        if message["type"] in {"error", "non-document-error"}
    ]
    assert not problems, "\n".join(problems)
