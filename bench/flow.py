"""The registration flow as a browser runs it, through gunicorn, with the e-mail workers
delivering to an SMTP sink on 127.0.0.1 (``make bench-registrations``).

Each registrant is signed in (the bench makes its session as signing in does and hands the
client its ``sessionid`` cookie). Its client loads the event page and the registration form,
POSTs the form with the form's CSRF token and the cookies the form page set, and follows the
redirect to the result page, checking each answer. Meanwhile the mail workers
(``manage.py run_worker``, procrastinate) render and send each registration's e-mail to the
sink, which logs every message it accepts.

CPU is measured in two ways, which should nearly agree for gunicorn:
- per request, in the gunicorn workers (``bench.gunicorn_hooks``: the worker's CPU time
  between the start and the end of each request), summed per step;
- per process, from /proc (user + system time, ended children included through their
  parent) over the load: gunicorn (which adds what happens outside a request: accepting,
  reading the request's head, the master), the mail workers, PostgreSQL's server processes,
  the SMTP sink, and the load generator itself, which shares the cores with everything else.
"""

import asyncio
import logging
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Max

from bench.browser import Browser
from bench.registrants import bench_event, signed_in
from bench.server import free_port, start_gunicorn, stop, wait_until_up
from bench.sink import Sink
from outbox.models import OutgoingMessage
from registrations.models import Registration

SLUG = "synthetic-bench-registration-flow"
SECTION_TITLE = "Registration flow, as a browser does (`make bench-registrations`)"
SYNTHETIC_DOMAIN = "@synthetic.invalid"
STEPS = ("event page", "form page", "POST", "result page")
TARGET_PER_SECOND = 100
DRAIN_TARGET_SECONDS = 30
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
RESULT_PATH = re.compile(r"^/registrations/(\d+)/$")
OUTCOME_BADGE = re.compile(rb'class="badge badge--(confirmed|waiting)"')


@dataclass
class FlowResult:
    clients: int
    seats: int
    workers: int
    mail_workers: int
    concurrency: int
    confirmed: int = 0
    waiting: int = 0
    completed: int = 0  # flows that reached their result page with the right outcome
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0  # from the first request to the last result page
    latencies_ms: dict[str, list[float]] = field(default_factory=dict)
    emails_expected: int = 0
    emails_delivered_once: int = 0
    emails_duplicated: int = 0
    emails_missing: int = 0
    emails_stray: int = 0  # to a registrant of this run, but not one of its messages
    emails_unsent: int = 0  # of this run's, not marked sent in the outbox
    drain_seconds: float | None = None  # None: not drained within the time allowed
    # CPU in milliseconds: per request for the steps, per message for the e-mail and the
    # sink, per registration for the rest.
    step_cpu_ms: dict[str, float] = field(default_factory=dict)
    step_requests: dict[str, int] = field(default_factory=dict)
    cpu_ms: dict[str, float] = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return self.completed / self.seconds if self.seconds else 0.0

    @property
    def oversold(self) -> int:
        return max(self.confirmed - self.seats, 0)

    def checks(self) -> list[tuple[str, str, bool]]:
        """(what, measured, met) for each target: the machine's speed, then the guarantees."""
        drained = (
            f"{self.drain_seconds:.1f} s"
            if self.drain_seconds is not None
            else f"not drained: {self.emails_missing} missing at the sink, "
            f"{self.emails_unsent} not marked sent"
        )
        rate = (
            f"at least {TARGET_PER_SECOND} whole-flow registrations/s",
            f"{self.per_second:.1f}/s",
            self.per_second >= TARGET_PER_SECOND,
        )
        drain = (
            f"outbox drained within {DRAIN_TARGET_SECONDS} s of the last registration",
            drained,
            self.drain_seconds is not None and self.drain_seconds <= DRAIN_TARGET_SECONDS,
        )
        return [rate, *self.guarantees(), drain]

    def guarantees(self) -> list[tuple[str, str, bool]]:
        """The targets no machine excuses: nothing oversold, no error, each e-mail once."""
        return [
            ("0 oversold", str(self.oversold), self.oversold == 0),
            ("0 errors", str(len(self.errors)), not self.errors),
            (
                "every registration's e-mail delivered exactly once",
                f"{self.emails_delivered_once} of {self.emails_expected} once, "
                f"{self.emails_duplicated} twice or more, {self.emails_missing} missing, "
                f"{self.emails_stray} stray",
                self.emails_expected == self.confirmed + self.waiting
                and self.emails_delivered_once == self.emails_expected
                and not (self.emails_duplicated or self.emails_missing or self.emails_stray),
            ),
        ]


def run_flow(
    *,
    clients: int,
    seats: int,
    workers: int = 2,
    mail_workers: int = 1,
    concurrency: int = 16,
    url: str = "",
    environment: dict | None = None,
    drain_timeout: float = 120,
) -> FlowResult:
    """Reset the bench event, sign the registrants in, run every flow and wait for the mail.

    Against ``url`` when given (then no gunicorn is started and there are no per-request CPU
    figures), else against gunicorn with ``workers`` sync workers on a free port. gunicorn and
    the mail workers get ``environment`` on top of this process's (a test gives them its
    database).
    """
    logging.getLogger("httpx").setLevel(logging.WARNING)  # no line per request
    with _alone():
        return _run_flow(
            clients, seats, workers, mail_workers, concurrency, url, environment, drain_timeout
        )


@contextmanager
def _alone():
    """One run at a time on a database: a second would reset the first one's event and mail."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtext(%s))", [SLUG])
        if not cursor.fetchone()[0]:
            raise RuntimeError("Another registration bench is running on this database.")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [SLUG])


def _run_flow(
    clients, seats, workers, mail_workers, concurrency, url, environment, drain_timeout
) -> FlowResult:
    result = FlowResult(clients, seats, workers, mail_workers, concurrency)
    event = bench_event(
        slug=SLUG,
        title="Synthetic benchmark: registration flow (not a real event)",
        seats=seats,
    )
    forget_synthetic_mail()
    registrants = signed_in(clients)
    last_message = OutgoingMessage.objects.order_by("-pk").values_list("pk", flat=True).first()
    with tempfile.TemporaryDirectory(prefix="bench-registrations-") as folder:
        folder = Path(folder)
        cpu_log = folder / "cpu.log"
        sink = Sink(port=free_port(), log=folder / "smtp.log")
        server = mailers = None
        base = url.rstrip("/")
        try:
            sink.start()
            mailers = _start_mail_workers(mail_workers, sink.port, environment or {})
            if not url:
                port = free_port()
                base = f"http://127.0.0.1:{port}"
                server = start_gunicorn(
                    port=port,
                    workers=workers,
                    options=["--config", "python:bench.gunicorn_hooks"],
                    env={**(environment or {}), "BENCH_CPU_LOG": str(cpu_log)},
                )
            wait_until_up(base)
            _warm_up(base, event, registrants[: 4 * workers])
            processes = {
                "gunicorn": [server.pid] if server else [],
                "e-mail (mail workers)": [mailer.pid for mailer in mailers],
                "PostgreSQL": _postgres_pids(),
                "SMTP sink": [sink.process.pid],
            }
            before = {name: _tree_cpu(pids) for name, pids in processes.items()}
            loader_before = time.process_time()
            flows = _run_flows(base, event, registrants, concurrency)
            loader_cpu = time.process_time() - loader_before
            gunicorn_cpu = _tree_cpu(processes["gunicorn"]) - before["gunicorn"]
            last_registration = flows.last_post_done
            mail = _wait_for_mail(sink, last_message, registrants, drain_timeout)
            after = {name: _tree_cpu(pids) for name, pids in processes.items()}
        finally:
            if server:
                stop(server)
            for mailer in mailers or []:
                _stop_process(mailer)
            sink.stop()
        steps = _step_cpu(cpu_log, event) if server else {}

    result.errors = flows.errors
    result.completed = flows.completed
    result.seconds = flows.last_result_done - flows.first_request
    result.latencies_ms = flows.latencies_ms
    result.confirmed = Registration.objects.filter(event=event, status="confirmed").count()
    result.waiting = Registration.objects.filter(event=event, status="waiting").count()
    result.emails_expected = mail.expected
    result.emails_delivered_once = mail.once
    result.emails_duplicated = mail.duplicated
    result.emails_missing = mail.missing
    result.emails_stray = mail.stray
    result.emails_unsent = mail.unsent
    if mail.missing == 0 and mail.unsent == 0 and last_registration:
        result.drain_seconds = max(mail.drained_at - last_registration, 0.0)
    for step, (requests, cpu) in steps.items():
        result.step_requests[step] = requests
        result.step_cpu_ms[step] = cpu / requests * 1000 if requests else 0.0
    registrations = max(result.completed, 1)
    messages = max(mail.once + mail.duplicated, 1)
    result.cpu_ms = {
        "e-mail (mail workers), per message": (
            (after["e-mail (mail workers)"] - before["e-mail (mail workers)"]) / messages * 1000
        ),
        "SMTP sink, per message": (after["SMTP sink"] - before["SMTP sink"]) / messages * 1000,
        "PostgreSQL (every step and the e-mail), per registration": (
            (after["PostgreSQL"] - before["PostgreSQL"]) / registrations * 1000
        ),
        "load generator, per registration": loader_cpu / registrations * 1000,
    }
    if server:
        result.cpu_ms["gunicorn (from /proc), per registration"] = (
            gunicorn_cpu / registrations * 1000
        )
    return result


# --- the registrants' flows ---------------------------------------------------------------


@dataclass
class Flows:
    completed: int = 0
    errors: list[str] = field(default_factory=list)
    latencies_ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    first_request: float = 0.0
    last_post_done: float = 0.0  # time.time(), to compare with the sink's arrival times
    last_result_done: float = 0.0


class FlowError(Exception):
    pass


def _run_flows(base, event, registrants, concurrency) -> Flows:
    """Every registrant's flow, ``concurrency`` at a time: each of that many browsers takes
    the next registrant (a fresh browser, with that registrant's session) when done."""
    flows = Flows()
    waiting = iter(registrants)

    async def browsing():
        while (registrant := next(waiting, None)) is not None:
            email, session_key = registrant
            browser = Browser(base)
            browser.cookies["sessionid"] = session_key
            try:
                posted = await _one_flow(browser, event, flows.latencies_ms)
            except (FlowError, OSError, asyncio.IncompleteReadError, TimeoutError) as error:
                flows.errors.append(f"{email}: {type(error).__name__}: {error}")
            else:
                flows.completed += 1
                flows.last_post_done = max(flows.last_post_done, posted)
            finally:
                browser.close()

    async def everyone():
        await asyncio.gather(*(browsing() for _ in range(concurrency)))

    flows.first_request = time.time()
    asyncio.run(everyone())
    flows.last_result_done = time.time()
    return flows


async def _one_flow(browser, event, latencies) -> float:
    """One registrant's visit; returns when its POST was answered (time.time())."""
    event_path = event.get_absolute_url()
    form_path = f"{event_path}register/"

    async def step(name, request):
        started = time.perf_counter()
        response = await request
        latencies[name].append((time.perf_counter() - started) * 1000)
        return response

    page = await step("event page", browser.get(event_path))
    linked = form_path.encode() in page.content
    if page.status != 200 or not linked:
        raise FlowError(f"event page: {page.status}, link to the form: {linked}")
    form = await step("form page", browser.get(form_path))
    token = CSRF_INPUT.search(form.content)
    if form.status != 200 or token is None:
        raise FlowError(f"form page: {form.status}, CSRF token: {token is not None}")
    fields = {
        "csrfmiddlewaretoken": token.group(1).decode(),
        "name": "Synthetic registrant",
        "category": "other",
        "channel": "en",
        "time_zone": "Asia/Seoul",
        "consent": "on",
    }
    answer = await step("POST", browser.post_form(form_path, fields, referer=form_path))
    posted = time.time()
    location = answer.headers.get("location", "")
    if answer.status != 302 or not RESULT_PATH.match(location):
        raise FlowError(f"POST: {answer.status}, redirected to {location!r}")
    shown = await step("result page", browser.get(location))
    outcome = OUTCOME_BADGE.search(shown.content)
    if shown.status != 200 or outcome is None:
        raise FlowError(f"result page: {shown.status}, outcome shown: {outcome is not None}")
    return posted


def _warm_up(base, event, registrants):
    """Each gunicorn worker loads its code and templates before the measured run: the event
    page and the form only (nobody registers), with a query string that keeps these requests
    out of the steps' figures."""

    async def warm_up():
        for _email, session_key in registrants:
            browser = Browser(base, timeout=60)
            browser.cookies["sessionid"] = session_key
            await browser.get(f"{event.get_absolute_url()}?warm-up=1")
            await browser.get(f"{event.get_absolute_url()}register/?warm-up=1")
            browser.close()

    asyncio.run(warm_up())


# --- the mail -------------------------------------------------------------------------------


def forget_synthetic_mail():
    """Earlier runs' messages to the synthetic registrants: a message left unsent by a run that
    stopped half-way would otherwise reach this run's sink."""
    OutgoingMessage.objects.filter(recipients__0__endswith=SYNTHETIC_DOMAIN).delete()


def _start_mail_workers(count, smtp_port, environment) -> list[subprocess.Popen]:
    """``manage.py run_worker`` for the mail queue, as ``make serve`` runs it, delivering to
    the sink; returns once each has registered with the queue."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM procrastinate_workers")
        (known,) = cursor.fetchone()
    env = {
        **os.environ,
        "DEBUG": "false",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        **environment,
    }
    started = [
        subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--queues", "mail"],
            cwd=settings.BASE_DIR,
            env=env,
        )
        for _ in range(count)
    ]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM procrastinate_workers WHERE id > %s", [known])
            (running,) = cursor.fetchone()
        if running >= count:
            return started
        if any(worker.poll() is not None for worker in started):
            break
        time.sleep(0.2)
    for worker in started:
        _stop_process(worker)
    raise RuntimeError("The mail workers did not start.")


@dataclass
class Mail:
    expected: int = 0
    once: int = 0
    duplicated: int = 0
    missing: int = 0
    stray: int = 0
    unsent: int = 0  # rows of the outbox not marked sent
    drained_at: float = 0.0  # the last arrival at the sink or the last row marked sent


def _wait_for_mail(sink, last_message, registrants, timeout) -> Mail:
    """Wait until the sink holds every message this run queued for its registrants and the
    outbox has marked each sent (or time runs out), then count them by Message-ID and
    recipient."""
    addresses = {email for email, _key in registrants}
    queued = OutgoingMessage.objects.filter(
        pk__gt=last_message or 0, recipients__0__endswith=SYNTHETIC_DOMAIN
    )
    expected = {
        message_id: recipients
        for message_id, recipients in queued.values_list("message_id", "recipients")
        if set(recipients) <= addresses
    }
    deadline = time.monotonic() + timeout
    while True:
        deliveries = [d for d in sink.deliveries() if set(d.recipients) & addresses]
        unsent = queued.filter(message_id__in=expected).unsent().count()
        if {d.message_id for d in deliveries} >= set(expected) and not unsent:
            break
        if time.monotonic() > deadline:
            break
        time.sleep(0.1)
    counts = Counter((d.message_id, d.recipients) for d in deliveries if d.message_id in expected)
    wanted = {(message_id, tuple(recipients)) for message_id, recipients in expected.items()}
    last_sent = queued.filter(message_id__in=expected).aggregate(last=Max("sent_at"))["last"]
    return Mail(
        expected=len(expected),
        once=sum(1 for key in wanted if counts[key] == 1),
        duplicated=sum(1 for key in wanted if counts[key] > 1),
        missing=sum(1 for key in wanted if counts[key] == 0),
        stray=sum(1 for d in deliveries if (d.message_id, d.recipients) not in wanted),
        unsent=unsent,
        drained_at=max([d.at for d in deliveries] + [last_sent.timestamp() if last_sent else 0.0]),
    )


# --- CPU ------------------------------------------------------------------------------------


def _step_cpu(cpu_log: Path, event) -> dict[str, tuple[int, float]]:
    """(requests, CPU seconds) per step, from the gunicorn hooks' log (the warm-up's requests,
    with their query string, count as other)."""
    event_path = event.get_absolute_url()
    form_path = f"{event_path}register/"
    steps = {step: [0, 0.0] for step in STEPS}
    lines = cpu_log.read_text().splitlines() if cpu_log.exists() else []
    for line in lines:
        method, path, _status, cpu = line.split("\t")
        if method == "GET" and path == event_path:
            step = "event page"
        elif method == "GET" and path == form_path:
            step = "form page"
        elif method == "POST" and path == form_path:
            step = "POST"
        elif method == "GET" and RESULT_PATH.match(path):
            step = "result page"
        else:
            step = f"other ({method} {path})"
        counted = steps.setdefault(step, [0, 0.0])
        counted[0] += 1
        counted[1] += float(cpu)
    return {step: (requests, cpu) for step, (requests, cpu) in steps.items()}


def _stat_fields(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None  # ended, or not on this machine


def _tree_cpu(pids) -> float:
    """CPU seconds of these processes and their children, the ended ones included (through
    their parent's cutime and cstime)."""
    ticks = 0
    for pid in pids:
        fields = _stat_fields(pid)
        if fields is None:
            continue
        ticks += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
        for child in _children(pid):
            child_fields = _stat_fields(child)
            if child_fields is not None:
                ticks += int(child_fields[11]) + int(child_fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        fields = _stat_fields(int(stat.parent.name))
        if fields is not None and int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def _postgres_pids() -> list[int]:
    """PostgreSQL's postmaster when it runs on this machine (its backends are its children)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (backend,) = cursor.fetchone()
    fields = _stat_fields(backend)
    if fields is None or Path(f"/proc/{backend}/comm").read_text().strip() != "postgres":
        return []  # a server on another machine (or in another container)
    return [int(fields[1])]


def _stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
