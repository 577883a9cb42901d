from procrastinate.contrib.django import app

from resources import linkcheck, services
from resources.search import groups


@app.periodic(cron="30 2 * * *", periodic_id="check-links")
@app.task(queue="maintenance", queueing_lock="check-links", pass_context=False)
def check_links(timestamp: int):
    """Nightly: check every resource's link, then keep the day's link health for the figures."""
    report = linkcheck.check_links()
    services.snapshot_link_health()
    return {"checked": report.checked, "failed": report.failed}


@app.periodic(cron="15 3 * * *", periodic_id="purge-search-log")
@app.task(queue="maintenance", queueing_lock="purge-search-log", pass_context=False)
def purge_search_log(timestamp: int):
    """Nightly: forget the library searches older than twelve months."""
    return services.purge_search_log()


@app.periodic(cron="45 3 * * *", periodic_id="build-search-groups")
@app.task(queue="maintenance", queueing_lock="build-search-groups", pass_context=False)
def build_search_groups(timestamp: int | None = None):
    """After a change to the glossary, and nightly (searches grow as the library does): the
    search groups of the glossary's wide searches (resources.search.groups)."""
    built = groups.build_groups()
    return {"kept": built.kept, "made": built.made, "dropped": built.dropped}
