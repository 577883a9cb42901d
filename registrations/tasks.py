from procrastinate.contrib.django import app

from registrations import services


@app.periodic(cron="*/5 * * * *", periodic_id="registration-reminders")
@app.task(queue="mail", queueing_lock="registration-reminders", pass_context=False)
def send_reminders(timestamp: int):
    """Every five minutes: the 24-hour and 1-hour reminders that have become due."""
    return services.send_due_reminders()
