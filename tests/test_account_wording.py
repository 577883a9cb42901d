"""Every account page speaks the portal's language: allauth's stock phrasings that the portal
replaced ("Sign In", "Remember Me", "… is an email address for user …") appear on none of
them, in English or Korean."""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# allauth's English (and its Korean for the same phrases, where it differs from the portal's).
REPLACED = {
    "en": [
        "Sign In",
        "Sign Up",
        "Signup",
        "Sign Out",
        "Remember Me",
        "Forgot your password?",
        "Password Reset",
        "Reset My Password",
        "Email Address",
        "Email address",
        "Change Password",
        "Set Password",
        "Verify Your Email Address",
        "Confirm Email Address",
        "is an email address for user",
        "Send me a sign-in code",
        "Request Code",
        "Enter Sign-In Code",
        "Password (again)",
        "Change Email",
        "Re-send Verification",
        "Current email",
        ">Email<",
        ">Login<",
        "Two-Factor Authentication",
        "Authenticator App",
        "Recovery Codes",
        "An authenticator app is not active.",
    ],
    "ko": ["아이디 저장", "이메일 계정", "코드 요청", "비밀번호 (확인)", "이메일을 인증하세요"],
}
# What the portal says instead, one phrase a page (English), so a page that silently fell
# back to allauth's template fails here too.
ACCOUNT_PAGES = {
    "/accounts/login/": "Keep me signed in on this device",
    "/accounts/signup/": "The same password again",
    "/accounts/login/code/": "E-mail me the code",
    "/accounts/password/reset/": "E-mail me the link",
    "/accounts/password/reset/done/": "Check your e-mail",
    "/accounts/password/reset/key/1-bad/": "This link no longer works",
    "/accounts/password/reset/key/done/": "Your password has been changed",
    "/accounts/confirm-email/": "Confirm your e-mail address",
    "/accounts/confirm-email/no-such-key/": "This confirmation link has expired",
}
SIGNED_IN_PAGES = {
    "/accounts/logout/": "Do you want to sign out of the portal on this device?",
    "/accounts/password/change/": "The same new password again",
    "/accounts/email/": "New e-mail address",
    "/accounts/2fa/": "Set up an authenticator app",
    "/accounts/2fa/totp/activate/": "Enter the six-digit code the app then shows.",
}
# Signed in long ago: changing how one signs in first asks for the password again.
REAUTHENTICATION_PAGES = {
    "/accounts/2fa/totp/activate/": "Before you change how you sign in, enter your password again.",
}
# With the authenticator app on (and its recovery codes).
MFA_ON_PAGES = {
    "/accounts/2fa/": "Turn off the authenticator app",
    "/accounts/2fa/totp/deactivate/": "Signing in will ask for your password only",
    "/accounts/2fa/recovery-codes/": "Each code works once, in place of a code from the app.",
    "/accounts/2fa/recovery-codes/generate/": "The codes you have now will stop working.",
}


def _signed_in_just_now(client, user):
    """Signed in with a password a moment ago, so allauth asks for no re-authentication."""
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "reauthenticated": True}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def _get(client, path, language):
    prefix = "" if language == "en" else f"/{language}"
    response = client.get(prefix + path, follow=True)
    assert response.status_code == 200, path
    return response.content.decode()


def _replaced_in(html, language):
    return [phrase for phrase in REPLACED["en"] + REPLACED[language] if phrase in html]


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_account_page_uses_the_portals_wording(client, language):
    pages = {}
    for path, phrase in ACCOUNT_PAGES.items():
        pages[path] = (_get(client, path, language), phrase)
    _signed_in_just_now(client, UserFactory())
    for path, phrase in SIGNED_IN_PAGES.items():
        pages[path] = (_get(client, path, language), phrase)

    for path, (html, phrase) in pages.items():
        assert _replaced_in(html, language) == [], path
        if language == "en":
            assert phrase in html, path
        else:
            assert phrase not in html, path  # translated


@pytest.mark.parametrize("language", ["en", "ko"])
def test_two_factor_pages_with_the_app_on_use_the_portals_wording(client, language):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = UserFactory()
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    _signed_in_just_now(client, user)

    for path, phrase in MFA_ON_PAGES.items():
        response = client.get(("" if language == "en" else f"/{language}") + path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert _replaced_in(html, language) == [], path
        assert (phrase in html) == (language == "en"), path


@pytest.mark.parametrize("language", ["en", "ko"])
def test_reauthentication_page_uses_the_portals_wording(client, language):
    client.force_login(UserFactory())
    for path, phrase in REAUTHENTICATION_PAGES.items():
        html = _get(client, path, language)
        assert _replaced_in(html, language) == [], path
        for allauth_phrase in ["Confirm Access", "Please reauthenticate", "Enter your password:"]:
            assert allauth_phrase not in html
        assert (phrase in html) == (language == "en"), path
        assert ("로그인 방식을 바꾸기 전에" in html) == (language == "ko"), path
        assert (">계속<" in html) == (language == "ko"), path


@pytest.mark.parametrize("language", ["en", "ko"])
def test_confirmation_page_does_not_speak_of_an_address_for_a_user(client, language):
    user = UserFactory(email="planner@incheon.example", verified=False)
    client.post(
        reverse("account_login"), {"login": user.email, "password": "correct-horse-battery"}
    )
    from allauth.account.models import EmailConfirmationHMAC

    key = EmailConfirmationHMAC(EmailAddress.objects.get(user=user)).key

    html = _get(client, f"/accounts/confirm-email/{key}/", language)

    assert _replaced_in(html, language) == []
    assert "planner@incheon.example" in html
    if language == "en":
        assert "Confirm that planner@incheon.example is your e-mail address to finish." in html


ALLAUTH_MAIL_PHRASES = [
    "Please Confirm Your Email Address",
    "is an email address",
    "has given your email address",
    "Sign-In Code",
    "Password Reset Email",
    "your user account",
]


def test_account_e_mails_use_the_portals_wording(client, mailoutbox):
    from tests.conftest import PASSWORD

    client.post(
        reverse("account_signup"),
        {"email": "planner@incheon.example", "password1": PASSWORD, "password2": PASSWORD},
    )
    client.post(reverse("account_reset_password"), {"email": "planner@incheon.example"})
    EmailAddress.objects.filter(email="planner@incheon.example").update(verified=True)
    client.post(reverse("account_request_login_code"), {"email": "planner@incheon.example"})

    subjects = [message.subject for message in mailoutbox]
    assert subjects == [
        "[Forum Portal] Confirm your e-mail address",
        "[Forum Portal] Reset your password",
        "[Forum Portal] Your sign-in code",
    ]
    for message in mailoutbox:
        assert [phrase for phrase in ALLAUTH_MAIL_PHRASES if phrase in message.body] == []
    assert "To confirm that this is your e-mail address on" in mailoutbox[0].body


MORE_ALLAUTH_MAIL_PHRASES = [
    "Hello from",
    "Thank you for using",
    "You are receiving this",
    "However,",
    "Please enter it in your open browser window",
    "This mail can be safely ignored",
    "Account Already Exists",
    "Unknown Account",
]


def _lines(body):
    return [line.strip() for line in body.splitlines()]


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_account_e_mail_speaks_the_portals_voice_with_links_on_their_own_line(
    client, mailoutbox, language
):
    """Sign-up with a taken address, a reset and a code for an unknown one, a sign-in code:
    each e-mail in the portal's words (translated), its address, link or code alone on a line
    so no Korean particle touches it."""
    from tests.conftest import PASSWORD

    prefix = "" if language == "en" else f"/{language}"
    UserFactory(email="planner@incheon.example")
    client.post(
        prefix + "/accounts/signup/",
        {"email": "planner@incheon.example", "password1": PASSWORD, "password2": PASSWORD},
    )
    client.post(prefix + "/accounts/password/reset/", {"email": "nobody@incheon.example"})
    client.post(prefix + "/accounts/login/code/", {"email": "planner@incheon.example"})

    assert [message.to for message in mailoutbox] == [
        ["planner@incheon.example"],
        ["nobody@incheon.example"],
        ["planner@incheon.example"],
    ]
    exists, unknown, code = mailoutbox
    expected_subjects = {
        "en": [
            "You already have an account",
            "No account with this e-mail address",
            "Your sign-in code",
        ],
        "ko": ["이미 계정이 있습니다", "이 이메일 주소로 된 계정이 없습니다", "로그인 코드"],
    }[language]
    assert [message.subject for message in mailoutbox] == [
        f"[Forum Portal] {subject}" for subject in expected_subjects
    ]
    for message in mailoutbox:
        assert [
            p for p in ALLAUTH_MAIL_PHRASES + MORE_ALLAUTH_MAIL_PHRASES if p in message.body
        ] == []
        assert ("Hello," in message.body) == (language == "en")
        assert ("안녕하세요." in message.body) == (language == "ko")

    assert "planner@incheon.example" in _lines(exists.body)
    assert any(line.endswith("/accounts/password/reset/") for line in _lines(exists.body))
    assert "nobody@incheon.example" in _lines(unknown.body)
    assert any(line.endswith("/accounts/signup/") for line in _lines(unknown.body))
    assert (
        len([line for line in _lines(code.body) if re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", line)])
        == 1
    )
    if language == "en":
        assert "You already have an account with it." in exists.body
        assert (
            "There is no account with this address. To create one, open this link:" in unknown.body
        )
        assert "To sign in to" in code.body
    else:
        assert "이 주소로 된 계정이 이미 있습니다." in exists.body
        assert "계정을 만들려면 다음 링크를 여세요:" in unknown.body
        assert "다음 코드를 입력하세요:" in code.body


@pytest.mark.parametrize(
    ("language", "subject", "sentence"),
    [
        ("en", "Your password has been changed", "The password of your account has been changed."),
        ("ko", "비밀번호가 변경되었습니다", "계정의 비밀번호가 변경되었습니다."),
    ],
)
def test_security_notice_e_mail_speaks_the_portals_voice(
    client, mailoutbox, settings, language, subject, sentence
):
    """Sent only when ACCOUNT_EMAIL_NOTIFICATIONS is on (it is off by default)."""
    from tests.conftest import PASSWORD

    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True
    user = UserFactory(email="planner@incheon.example")
    _signed_in_just_now(client, user)
    new = PASSWORD + "-new"
    client.post(
        ("" if language == "en" else f"/{language}") + "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )

    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert subject in mailoutbox[0].subject
    assert sentence in body
    assert [p for p in ALLAUTH_MAIL_PHRASES + MORE_ALLAUTH_MAIL_PHRASES if p in body] == []
    assert "following change was made" not in body
    assert "security precautions" not in body
