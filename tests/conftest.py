import pytest
from django.utils import translation

from tests.factories import StaffFactory, UserFactory

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness (a third of a second per user) protects real passwords;
    # tests that create hundreds of users need none of it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Tests change rows behind the model signals' back (queryset.update, settings overrides)
    # and read the page again at once; tests/test_page_cache.py turns the cache on. The same
    # setting turns on the events a worker keeps (common.snapshots): each test starts afresh.
    from common import content_version
    from events.selectors import forget_kept_events

    settings.PAGE_CACHE_SECONDS = 0
    content_version.forget()
    forget_kept_events()


@pytest.fixture(autouse=True)
def _default_language():
    """Start every test in English: a request to /ko/ leaves Korean active in the thread,
    which would change what reverse() and gettext return in the next test."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_glossary():
    """The search keeps the glossary in memory for a minute; each test's database has its own."""
    from directory import glossary

    glossary.forget()
    yield
    glossary.forget()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def smtp_server():
    from tests.smtp import SMTPServer

    server = SMTPServer()
    yield server
    server.stop()


@pytest.fixture
def queued_mail(settings, smtp_server):
    """Send e-mail the production way: queued in the database, delivered over SMTP by a worker."""
    settings.EMAIL_BACKEND = "outbox.backends.QueuedEmailBackend"
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    return smtp_server


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # Browser tests last: Playwright's sync API keeps an event loop running in the main
    # thread for the rest of the session, which code under test that calls asyncio.run()
    # (the link checker, the queue worker) must not find.
    items.sort(key=lambda item: "/browser/" in str(item.path))


@pytest.fixture(autouse=True)
def _empty_task_queue(request, django_db_blocker):
    """Tests that commit (transactional or live-server tests) leave their queued jobs behind:
    Django's flush empties only the tables of managed models, not procrastinate's. Empty them,
    so a later test finds only its own jobs."""
    yield
    marker = request.node.get_closest_marker("django_db")
    committed = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if committed:
        from django.db import connection

        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE procrastinate_jobs, procrastinate_events, "
                "procrastinate_periodic_defers RESTART IDENTITY CASCADE"
            )


@pytest.fixture(autouse=True)
def _link_checker_may_visit_the_local_test_server(request, settings):
    """The link checker visits only public addresses. A test with a local server (pytest-
    httpserver's, on 127.0.0.1 or ::1) lets it visit that one server, and only it: the tests of
    the refusal (tests/test_hardening_linkcheck.py) run a second server it must not reach."""
    settings.LINK_CHECK_ALLOWED_ADDRESSES = []
    if "httpserver" in request.fixturenames:
        port = request.getfixturevalue("httpserver").port
        settings.LINK_CHECK_ALLOWED_ADDRESSES = [f"127.0.0.1:{port}", f"[::1]:{port}"]
