import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.mail import login_code, path_of_link


@pytest.mark.django_db(transaction=True)
def test_new_visitor_signs_up_verifies_signs_out_and_signs_in_with_code(
    live_server, page, mailoutbox
):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("E-mail address").fill("resilience@busan.example")
    page.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
    page.get_by_role("textbox", name="The same password again").fill(PASSWORD)
    page.get_by_role("button", name="Create the account").click()

    expect(page.get_by_role("heading", name="Confirm your e-mail address")).to_be_visible()
    assert len(mailoutbox) == 1
    page.goto(live_server.url + path_of_link(mailoutbox[0]))
    page.get_by_role("button", name="Confirm the address").click()

    expect(page.get_by_role("link", name="My account")).to_be_visible()
    assert EmailAddress.objects.get(email="resilience@busan.example").verified is True

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()

    page.get_by_role("link", name="Sign in").click()
    page.get_by_role("link", name="E-mail me a sign-in code instead").click()
    page.get_by_label("E-mail address").fill("resilience@busan.example")
    page.get_by_role("button", name="E-mail me the code").click()
    expect(page.get_by_label("Code")).to_be_visible()
    page.get_by_label("Code").fill(login_code(mailoutbox[-1]))
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("link", name="My account")).to_be_visible()
    page.get_by_role("link", name="My account").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    expect(page.get_by_text("Signed in as resilience@busan.example")).to_be_visible()
