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
