import pytest

from tests.factories import StaffFactory, UserFactory

PASSWORD = "correct-horse-battery"


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
