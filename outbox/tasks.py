"""The outbox's jobs: one delivery job per message, and the retry of a dead worker's jobs.

A delivery job that has sent its message goes on with the other messages whose jobs are due
in its queue (``deliver_due``): under load a worker sends many messages per job it fetches,
instead of paying the queue's round trips (fetch, heartbeat, finish) for each.
"""

import logging
import time

from django.db import connection, transaction
from procrastinate import RetryStrategy, sql
from procrastinate.contrib.django import app

from outbox import delivery
from outbox.models import OutgoingMessage

logger = logging.getLogger(__name__)

# 5 s + 2^(n+1) s between attempts: about 18 hours of retries before giving up.
MAIL_RETRY = RetryStrategy(max_attempts=15, wait=5, exponential_wait=2)


# How long a delivery job goes on with other due messages: at most this many, for this long.
BATCH_SIZE = 50
BATCH_SECONDS = 5.0


@app.task(queue="mail", retry=MAIL_RETRY, pass_context=True)
def deliver_message(context, message_id: int):
    try:
        delivery.deliver(message_id=message_id)
    except Exception:
        if context.job.attempts + 1 >= MAIL_RETRY.max_attempts:
            delivery.mark_failed(message_id=message_id)
        raise
    deliver_due(queue=context.job.queue)


def deliver_due(*, queue: str) -> int:
    """Deliver the messages whose jobs are due in ``queue``, as those jobs would, until none is
    left, ``BATCH_SIZE`` were taken or ``BATCH_SECONDS`` passed; return how many were sent.

    Each message is taken with its job, both rows locked (SKIP LOCKED: what another worker
    holds is left to it), then sent, recorded and its job marked succeeded in one transaction:
    a worker that dies in the middle leaves both as they were, and a message recorded as sent
    is not sent again. A failure is recorded as the job would record it and ends the batch;
    the job stays queued and makes the next attempt itself (at once, then with its back-off).
    """
    deadline = time.monotonic() + BATCH_SECONDS
    sent = 0
    for _ in range(BATCH_SIZE):
        if time.monotonic() > deadline:
            break
        with transaction.atomic():
            message = _take_due_message(queue)
            if message is None:
                break
            sent_now, error = delivery.attempt(message)
            if error is None:
                _finish_job(message.job_id)
        if error is not None:
            break
        sent += sent_now
    return sent


def _take_due_message(queue: str) -> OutgoingMessage | None:
    """The message of the next due delivery job in ``queue``, with ``job_id``; both rows
    locked until the transaction ends."""
    found = OutgoingMessage.objects.raw(
        """
        SELECT message.*, job.id AS job_id
        FROM procrastinate_jobs AS job
        JOIN outbox_outgoingmessage AS message
            ON message.id = (job.args ->> 'message_id')::bigint
        WHERE job.status = 'todo' AND job.queue_name = %s AND job.task_name = %s
            AND job.lock IS NULL AND (job.scheduled_at IS NULL OR job.scheduled_at <= now())
        ORDER BY job.priority DESC, job.id
        LIMIT 1
        FOR UPDATE OF job, message SKIP LOCKED
        """,
        [queue, deliver_message.name],
    )
    return next(iter(found), None)


def _finish_job(job_id: int) -> None:
    """Record a waiting job as run and succeeded, in this transaction: started, then finished
    through procrastinate's own query, so its history reads as any other job's."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'doing' WHERE id = %s",
            [job_id],
        )
        cursor.execute(
            sql.queries["finish_job"],
            {"job_id": job_id, "status": "succeeded", "delete_job": False},
        )


# A worker sends a heartbeat every 10 seconds; one silent for this long has died.
STALLED_AFTER_SECONDS = 30


async def retry_stalled(*, seconds_since_heartbeat: float = STALLED_AFTER_SECONDS) -> list[int]:
    """Queue again the running jobs of workers that died (killed, machine lost); return their
    ids. A delivery job may run twice: ``delivery.deliver`` skips a message already recorded
    as sent."""
    stalled = await app.job_manager.get_stalled_jobs(
        seconds_since_heartbeat=seconds_since_heartbeat
    )
    for job in stalled:
        logger.warning("Retrying stalled job %s (%s)", job.id, job.task_name)
        await app.job_manager.retry_job(job)
    return [job.id for job in stalled]


@app.periodic(cron="* * * * *", periodic_id="retry-stalled-jobs")
@app.task(queue="maintenance", queueing_lock="retry-stalled-jobs", pass_context=True)
async def retry_stalled_jobs(context, timestamp):
    """Jobs of a worker that died (no heartbeat for 30 s) run again on another worker."""
    await retry_stalled()
