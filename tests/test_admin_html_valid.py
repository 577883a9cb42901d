"""The secretariat's new pages validate with the Nu Html Checker, in English and Korean: the
workspace, the figures (library and feedback, one event's) and the fix-link screen."""

import json
import shutil
import subprocess

import pytest
from django.conf import settings
from django.utils import timezone

from events.models import Event
from feedback.models import PageFeedback
from resources.models import Resource
from tests.factories import EventFactory, RegistrationFactory, ResourceFactory
from tests.test_html_valid import VNU


@pytest.mark.django_db
def test_admin_pages_are_valid_html(staff_client, tmp_path):
    if not VNU.exists() or shutil.which("java") is None:
        pytest.fail("vnu.jar or Java is missing: run `make test-tools` (make test does).")
    event = EventFactory(registration_mode=Event.Registration.PORTAL, seats=4)
    RegistrationFactory.create_batch(2, event=event)
    PageFeedback.objects.create(kind="vote", path="/about/", language="en", useful=True)
    resource = ResourceFactory()
    Resource.objects.filter(pk=resource.pk).update(
        last_checked_at=timezone.now(), last_status=404, consecutive_failures=1
    )
    paths = [
        "/admin/",
        "/admin/figures/",
        f"/admin/figures/event/{event.pk}/",
        f"/admin/resources/resource/{resource.pk}/fix-link/",
    ]
    files = {}
    for language in ["en", "ko"]:
        staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for number, path in enumerate(paths):
            response = staff_client.get(path)
            assert response.status_code == 200, path
            page_file = tmp_path / f"{language}-{number}.html"
            page_file.write_bytes(response.content)
            files[str(page_file)] = f"{path} ({language})"

    result = subprocess.run(  # noqa: S603 - fixed arguments, our own files
        ["java", "-jar", str(VNU), "--format", "json", "--stdout", *files],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=300,
    )

    messages = json.loads(result.stdout)["messages"]
    problems = [
        f"{files.get(message.get('url', '').removeprefix('file:'), '?')}: {message['message']}"
        for message in messages
        if message["type"] in {"error", "non-document-error"}
    ]
    assert not problems, "\n".join(problems)
