"""Run the real procrastinate worker from tests."""

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

from django.db import connection
from procrastinate.contrib.django import app


def drain_until(condition=None, timeout: float = 30.0) -> bool:
    """Run a worker until no job is ready (`procrastinate worker --one-shot`); with a condition,
    keep running it until the condition holds (a retry is scheduled seconds ahead) or time out.

    Like the management command, it uses the worker connector (psycopg 3, async), opened once.
    """

    async def run():
        deadline = time.monotonic() + timeout
        with app.replace_connector(app.connector.get_worker_connector()) as worker_app:
            async with worker_app.open_async():
                while True:
                    await worker_app.run_worker_async(
                        wait=False, install_signal_handlers=False, listen_notify=False
                    )
                    if condition is None or await asyncio.to_thread(condition):
                        return True
                    if time.monotonic() > deadline:
                        return False
                    await asyncio.sleep(0.25)

    # The worker's pool threads end with this call: have procrastinate's Django clean-up close
    # their connections after each job instead of keeping them for reuse (CONN_MAX_AGE).
    kept = connection.settings_dict["CONN_MAX_AGE"]
    connection.settings_dict["CONN_MAX_AGE"] = 0
    try:
        # A thread of its own: Playwright's sync API may own this thread's event loop.
        with ThreadPoolExecutor(max_workers=1) as thread:
            return thread.submit(asyncio.run, run()).result()
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = kept


def drain_queue() -> None:
    drain_until()
