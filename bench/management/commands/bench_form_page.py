"""Time the registration form page against its event's page, in this process.

Why: the form page once cost about 50 ms of CPU a request, most of it the menu of ~600 time
zones written each time; it must cost no more than the event page it comes from. Both pages
of one synthetic event are requested through Django's whole stack (middleware, a signed-in
session, so never from the page cache) in turns, ``--requests`` times each after a warm-up, in
each language. CPU is this process's (``time.process_time``: Python, templates and the database
driver; PostgreSQL's own work is not in it). Prints p50/p95 wall time and CPU per request, and
whether the form page costs no more than the event page. A benchmark, not a test: the figures
depend on the machine and on what else runs on it. ``--delete`` removes its event and user.
"""

import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from bench.load import percentile
from bench.registrants import bench_event
from bench.report import text_table
from events.models import Event

SLUG = "synthetic-bench-form-page"
EMAIL = "bench-form-page@synthetic.invalid"
WARM_UP = 3


@dataclass
class Timing:
    page: str
    language: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def cpu_per_request(self) -> float:
        return 1000 * sum(self.cpu) / len(self.cpu)

    def row(self) -> list[str]:
        wall = sorted(self.wall)
        return [
            self.page,
            self.language,
            str(len(self.wall)),
            f"{1000 * percentile(wall, 50):.1f}",
            f"{1000 * percentile(wall, 95):.1f}",
            f"{self.cpu_per_request:.1f}",
        ]


class Command(BaseCommand):
    help = "Time the registration form page and its event page in-process (CPU per request)."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=200, help="Requests per page.")
        parser.add_argument(
            "--languages", nargs="+", default=[code for code, _name in settings.LANGUAGES]
        )
        parser.add_argument("--delete", action="store_true", help="Remove the bench data.")

    def handle(self, *args, **options):
        if options["delete"]:
            self._delete()
            return
        if options["requests"] < 1:
            raise CommandError("--requests must be at least 1.")
        unknown = set(options["languages"]) - {code for code, _name in settings.LANGUAGES}
        if unknown:
            raise CommandError(f"Unknown language(s): {', '.join(sorted(unknown))}.")

        event = bench_event(
            slug=SLUG, title="Synthetic form-page benchmark (not a real event)", seats=1000
        )
        user, _ = User.objects.get_or_create(email=EMAIL, defaults={"name": "Synthetic reader"})
        site = urlsplit(settings.SITE_URL)
        client = Client(headers={"host": site.netloc}, secure=site.scheme == "https")
        client.force_login(user)

        timings = []
        for language in options["languages"]:
            with translation.override(language):
                pages = {
                    "event page": event.get_absolute_url(),
                    "form page": reverse("registrations:register", kwargs={"slug": SLUG}),
                }
            measured = {name: Timing(name, language) for name in pages}
            for turn in range(WARM_UP + options["requests"]):
                for name, path in pages.items():
                    wall, cpu = self._time(client, path)
                    if turn >= WARM_UP:
                        measured[name].wall.append(wall)
                        measured[name].cpu.append(cpu)
            timings += measured.values()

        self.stdout.write(
            text_table(
                ["page", "language", "requests", "p50 ms", "p95 ms", "CPU ms per request"],
                [timing.row() for timing in timings],
            )
        )
        for language in options["languages"]:
            event_cpu, form_cpu = (
                timing.cpu_per_request for timing in timings if timing.language == language
            )
            verdict = "yes" if form_cpu <= event_cpu else "NO"
            self.stdout.write(
                f"{language}: form page / event page CPU = {form_cpu / event_cpu:.2f}"
                f" (no more than the event page: {verdict})"
            )

    def _time(self, client: Client, path: str) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if response.status_code != 200:
            raise CommandError(f"{path} answered {response.status_code}, not 200.")
        return wall, cpu

    def _delete(self):
        Event.objects.filter(slug=SLUG).delete()
        User.objects.filter(email=EMAIL).delete()
        self.stdout.write("Removed the form-page bench event and user.")
