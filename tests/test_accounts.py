import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import User
from tests.conftest import PASSWORD
from tests.factories import UserFactory
from tests.mail import login_code, path_of_link

pytestmark = pytest.mark.django_db


def test_signup_requires_verification_then_signs_in(client, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {"email": "planner@incheon.example", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="planner@incheon.example")
    assert EmailAddress.objects.get(user=user).verified is False
    assert "_auth_user_id" not in client.session
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["planner@incheon.example"]

    confirm_url = path_of_link(mailoutbox[0])
    assert "confirm-email" in confirm_url
    response = client.post(confirm_url)

    assert EmailAddress.objects.get(user=user).verified is True
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize(
    ("sent", "kept"),
    [("Asia/Seoul", "Asia/Seoul"), ("", ""), ("Mars/Olympus", ""), ("x" * 500, "")],
)
def test_signup_keeps_the_browsers_zone_it_knows(client, sent, kept):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "planner@incheon.example",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "time_zone": sent,
        },
    )

    assert response.status_code == 302
    assert User.objects.get(email="planner@incheon.example").time_zone == kept


def test_signup_form_carries_a_hidden_field_for_the_browsers_zone(client):
    html = client.get(reverse("account_signup")).content.decode()

    assert '<input type="hidden" name="time_zone" data-browser-zone id="id_time_zone">' in html


def test_signup_has_no_username_field(client):
    html = client.get(reverse("account_signup")).content.decode()

    assert 'name="email"' in html
    assert 'name="username"' not in html


def test_signup_with_taken_email_creates_nothing_and_tells_the_owner(client, user, mailoutbox):
    # allauth prevents account enumeration: the page looks the same, the owner is told by e-mail.
    response = client.post(
        reverse("account_signup"),
        {"email": user.email.upper(), "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    assert User.objects.count() == 1
    assert mailoutbox[0].to == [user.email]
    assert "already" in mailoutbox[0].body


def test_password_login_of_unverified_address_is_held_back(client, mailoutbox):
    UserFactory(email="new@city.example", verified=False)

    response = client.post(
        reverse("account_login"), {"login": "new@city.example", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert len(mailoutbox) == 1


def test_password_login_of_verified_address_signs_in(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_by_emailed_code(client, user, mailoutbox):
    response = client.post(reverse("account_request_login_code"), {"email": user.email})

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    code = login_code(mailoutbox[0])

    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_by_wrong_code_is_refused(client, user, mailoutbox):
    client.post(reverse("account_request_login_code"), {"email": user.email})

    response = client.post(reverse("account_confirm_login_code"), {"code": "WRONG1"})

    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_working_link(client, user, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": user.email})

    assert len(mailoutbox) == 1
    reset_url = path_of_link(mailoutbox[0])
    response = client.get(reset_url, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else reset_url
    client.post(
        form_url, {"password1": "a-new-long-pass-2021", "password2": "a-new-long-pass-2021"}
    )

    user.refresh_from_db()
    assert user.check_password("a-new-long-pass-2021")


def test_email_change_adds_unverified_address_and_sends_verification(user_client, user, mailoutbox):
    response = user_client.post(
        reverse("account_email"), {"action_add": "", "email": "new-address@city.example"}
    )

    assert response.status_code == 302
    added = EmailAddress.objects.get(email="new-address@city.example")
    assert added.user == user
    assert added.verified is False
    assert mailoutbox[-1].to == ["new-address@city.example"]


def test_profile_edit_saves_every_field(user_client, user):
    response = user_client.post(
        reverse("accounts:profile"),
        {
            "name": "Example Registrant",
            "organisation": "Seoul Metropolitan Government",
            "position": "Resilience officer",
            "city": "Seoul",
            "country": "Republic of Korea",
            "preferred_language": "ko",
            "time_zone": "Asia/Seoul",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name, user.organisation, user.position) == (
        "Example Registrant",
        "Seoul Metropolitan Government",
        "Resilience officer",
    )
    assert (user.city, user.country, user.preferred_language, user.time_zone) == (
        "Seoul",
        "Republic of Korea",
        "ko",
        "Asia/Seoul",
    )


def test_profile_rejects_unknown_time_zone(user_client, user):
    response = user_client.post(
        reverse("accounts:profile"), {"preferred_language": "en", "time_zone": "Mars/Olympus"}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    user.refresh_from_db()
    assert user.time_zone == ""


def test_new_profile_has_no_zone_and_offers_the_browsers(user_client, user):
    html = user_client.get(reverse("accounts:profile")).content.decode()

    assert user.time_zone == ""
    assert '<select name="time_zone" data-browser-zone id="id_time_zone">' in html
    assert '<option value="" selected>---------</option>' in html


def test_profile_with_a_zone_keeps_it(user_client, user):
    user.time_zone = "Asia/Seoul"
    user.save()

    html = user_client.get(reverse("accounts:profile")).content.decode()

    assert '<select name="time_zone" id="id_time_zone">' in html
    assert '<option value="Asia/Seoul" selected>Asia/Seoul</option>' in html


def test_profile_requires_sign_in(client):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_delete_account_with_password_removes_user(user_client, user):
    response = user_client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert "_auth_user_id" not in user_client.session


def test_delete_account_with_wrong_password_keeps_user(user_client, user):
    response = user_client.post(reverse("accounts:delete"), {"password": "nope", "confirm": "on"})

    assert response.status_code == 200
    assert "This is not your current password." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def test_account_pages_use_site_look(client):
    html = client.get(reverse("account_login")).content.decode()

    assert 'class="site-header"' in html
    assert 'class="site-footer"' in html
    assert reverse("account_request_login_code") in html


@pytest.mark.django_db(transaction=True)
def test_time_zone_migration_forgets_the_silent_utc_and_keeps_chosen_zones():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = (
        [("accounts", "0001_initial")],
        [("accounts", "0002_time_zone_unknown_until_chosen")],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_user = executor.loader.project_state(before).apps.get_model("accounts", "User")
    old_user.objects.create(email="silent@city.example", time_zone="UTC")
    old_user.objects.create(email="seoul@city.example", time_zone="Asia/Seoul")

    executor = MigrationExecutor(connection)
    executor.migrate(after)

    zones = dict(User.objects.values_list("email", "time_zone"))
    assert zones == {"silent@city.example": "", "seoul@city.example": "Asia/Seoul"}

    executor = MigrationExecutor(connection)
    executor.migrate(before)
    new_user = executor.loader.project_state(before).apps.get_model("accounts", "User")
    assert dict(new_user.objects.values_list("email", "time_zone")) == {
        "silent@city.example": "UTC",
        "seoul@city.example": "Asia/Seoul",
    }
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("accounts"))
