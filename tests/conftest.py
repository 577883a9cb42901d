import pytest
from django.utils import translation

from tests.factories import StaffFactory, UserFactory

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _default_language():
    """Start every test in English: a request to /ko/ leaves Korean active in the thread,
    which would change what reverse() and gettext return in the next test."""
    translation.activate("en")
    yield
    translation.deactivate()


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
