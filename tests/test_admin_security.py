import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_admin_sign_in_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=%2Fadmin%2F" in response.url


def test_signed_in_non_staff_cannot_reach_admin(user_client):
    response = user_client.get("/admin/login/?next=/admin/", follow=True)

    assert response.status_code == 403


def test_failed_sign_ins_are_rate_limited(client, user):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_staff_without_second_factor_is_sent_to_set_one_up(client, settings):
    settings.STAFF_REQUIRE_MFA = True
    staff = StaffFactory()
    client.force_login(staff)

    response = client.get("/admin/", follow=True)

    visited = [url for url, _ in response.redirect_chain]
    assert reverse("mfa_activate_totp") in visited
    # allauth asks for the password again before a second factor is added.
    assert visited[-1].startswith(reverse("account_reauthenticate"))
    assert "Set up two-factor authentication" in response.content.decode()


def test_staff_with_totp_reaches_admin_when_required(client, settings):
    settings.STAFF_REQUIRE_MFA = True
    staff = StaffFactory()
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "Forum Portal secretariat" in response.content.decode()


def test_staff_reaches_admin_when_second_factor_not_required(staff_client):
    response = staff_client.get("/admin/")

    assert response.status_code == 200
    assert "Curate events, resources and registrations" in response.content.decode()
