import logging

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from outbox import delivery

logger = logging.getLogger(__name__)

# 5 s + 2^(n+1) s between attempts: about 18 hours of retries before giving up.
MAIL_RETRY = RetryStrategy(max_attempts=15, wait=5, exponential_wait=2)


@app.task(queue="mail", retry=MAIL_RETRY, pass_context=True)
def deliver_message(context, message_id: int):
    try:
        delivery.deliver(message_id=message_id)
    except Exception:
        if context.job.attempts + 1 >= MAIL_RETRY.max_attempts:
            delivery.mark_failed(message_id=message_id)
        raise


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
