"""Run the real procrastinate worker from tests."""

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

from django.db import connection
from procrastinate.contrib.django import app


def run_with_worker_connector(coroutine_function, *args, **kwargs):
    """Run one of the queue's coroutines as a worker would: over the worker connector
    (psycopg 3, async), in a thread of its own (Playwright's sync API may own this thread's
    event loop), with Django connections closed after each job instead of kept for reuse."""

    async def run():
        with app.replace_connector(app.connector.get_worker_connector()) as worker_app:
            async with worker_app.open_async():
                return await coroutine_function(worker_app, *args, **kwargs)

    kept = connection.settings_dict["CONN_MAX_AGE"]
    connection.settings_dict["CONN_MAX_AGE"] = 0
    try:
        with ThreadPoolExecutor(max_workers=1) as thread:
            return thread.submit(asyncio.run, run()).result()
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = kept


def drain_until(condition=None, timeout: float = 30.0) -> bool:
    """Run a worker until no job is ready (`procrastinate worker --one-shot`); with a condition,
    keep running it until the condition holds (a retry is scheduled seconds ahead) or time out.
    """

    async def drain(worker_app):
        deadline = time.monotonic() + timeout
        while True:
            await worker_app.run_worker_async(
                wait=False, install_signal_handlers=False, listen_notify=False
            )
            if condition is None or await asyncio.to_thread(condition):
                return True
            if time.monotonic() > deadline:
                return False
            await asyncio.sleep(0.25)

    return run_with_worker_connector(drain)


def drain_queue() -> None:
    drain_until()
