from procrastinate.contrib.django import app

from personal import digests


@app.periodic(cron="17 * * * *", periodic_id="saved-search-digests")
@app.task(queue="mail", queueing_lock="saved-search-digests", pass_context=False)
def send_digests(timestamp: int):
    """Every hour: the daily and weekly digests of saved searches that are due."""
    return digests.send_due_digests()
