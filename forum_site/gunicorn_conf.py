"""gunicorn's settings for ``make run`` and ``make serve`` (``--config`` names this file).

The Makefile's command line gives the address and the workers; this file adds what a
command line cannot: the banner with the address and the secretariat's sign-in, printed once
every worker has loaded the portal, so that it is the last thing on the screen and not
scrolled away by start-up output.
"""

import multiprocessing

# gunicorn 25+ listens on a control socket, by default $XDG_RUNTIME_DIR/gunicorn.ctl: with the
# Makefile's XDG_RUNTIME_DIR=/tmp every gunicorn on the host would take /tmp/gunicorn.ctl, and
# the last one started would answer for all. A local server needs none.
control_socket_disable = True

# Workers that have loaded the portal, shared by the forked workers (made in the master).
_loaded = multiprocessing.Value("i", 0)


def post_worker_init(worker):
    with _loaded.get_lock():
        _loaded.value += 1
        last = _loaded.value == worker.cfg.workers
    if last:
        print("\n".join(banner(worker.cfg.bind[0])), flush=True)


def banner(bind: str) -> list[str]:
    """The lines that tell a newcomer where the portal is and how to sign in to its admin."""
    from django.conf import settings
    from django.db import connections

    from accounts.demo import STAFF_EMAIL, staff_password
    from accounts.models import User

    address = f"http://{bind}"
    lines = [
        "",
        f"  Forum Portal:      {address}/",
        f"  Secretariat admin: {address}/admin/",
    ]
    if User.objects.filter(email=STAFF_EMAIL).exists():
        lines.append(f"  Sign in as:        {STAFF_EMAIL} / {staff_password()}")
    connections.close_all()
    if address != settings.SITE_URL:
        lines.append(f"  Links in e-mails and feeds point to {settings.SITE_URL} (SITE_URL).")
    lines += ["  Ctrl-C stops it.", ""]
    return lines
