"""Run a task-queue worker that outlives database restarts.

procrastinate stops a worker, with exit status 0, as soon as one of its background
connections fails, which every PostgreSQL restart or fail-over causes: the e-mails would then
wait until someone started the worker again. This command runs the same worker and, when it
stops without being asked to, waits until the database answers and starts it again in the
same process. SIGTERM or SIGINT stop it for good, after the job in hand.
"""

import asyncio
import contextlib
import logging
import signal

from django.core.management.base import BaseCommand
from procrastinate.contrib.django import app

logger = logging.getLogger(__name__)

# Seconds between two checks whether the database answers again.
RECONNECT_INTERVAL = 1.0


class Command(BaseCommand):
    help = "Run a task-queue worker that starts again by itself after a database outage."

    def add_arguments(self, parser):
        parser.add_argument(
            "--queues",
            default="",
            help="Comma-separated queues to work on (all of them when omitted).",
        )

    def handle(self, *args, queues, **options):
        queue_names = [name.strip() for name in queues.split(",") if name.strip()] or None
        with app.replace_connector(app.connector.get_worker_connector()) as worker_app:
            asyncio.run(self._run(worker_app, queue_names))

    async def _run(self, worker_app, queues):
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signal_number, stop.set)
        async with worker_app.open_async():
            while not stop.is_set():
                worker = asyncio.create_task(
                    worker_app.run_worker_async(queues=queues, install_signal_handlers=False)
                )
                stopping = asyncio.create_task(stop.wait())
                await asyncio.wait({worker, stopping}, return_when=asyncio.FIRST_COMPLETED)
                if stop.is_set():
                    worker.cancel()  # the worker finishes the job in hand, then returns
                    await asyncio.gather(worker, return_exceptions=True)
                    break
                stopping.cancel()
                problem = worker.exception()
                logger.warning(
                    "The task-queue worker stopped (%s); starting it again once the database "
                    "answers.",
                    problem or "a connection failed",
                )
                await self._wait_for_database(worker_app, stop)

    async def _wait_for_database(self, worker_app, stop):
        while not stop.is_set():
            try:
                await worker_app.job_manager.check_connection_async()
            except Exception:  # any failure means: not yet
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=RECONNECT_INTERVAL)
            else:
                return
