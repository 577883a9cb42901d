"""Form bodies in a character set Django refuses (issue 21, item 1).

Django answers a body whose declared charset it cannot decode with a 400; the 400 page must
not read the body a second time (which raised again, and made it a 500).
"""

import pytest
from django.test import Client

from accounts.models import User
from feedback.models import PageFeedback
from tests.hostile import FORM_CHARSETS as CHARSETS

pytestmark = pytest.mark.django_db

PATHS = ["/", "/feedback/report/", "/accounts/login/", "/accounts/signup/", "/resources/submit/"]


@pytest.mark.parametrize("charset", CHARSETS)
@pytest.mark.parametrize("path", PATHS)
def test_form_body_in_an_odd_charset_is_a_bad_request_not_an_error(path, charset):
    client = Client(enforce_csrf_checks=True)
    client.raise_request_exception = False
    client.cookies["csrftoken"] = "a" * 32

    response = client.generic(
        "POST",
        path,
        b"a=b&email=x%40example.org&comment=hello",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )

    assert response.status_code in (400, 403), response.status_code
    assert User.objects.count() == 0
    assert PageFeedback.objects.count() == 0


def test_bad_request_page_is_the_site_page():
    client = Client(enforce_csrf_checks=True)
    client.raise_request_exception = False
    client.cookies["csrftoken"] = "a" * 32

    response = client.generic(
        "POST",
        "/",
        b"a=b",
        content_type="application/x-www-form-urlencoded; charset=utf-16",
    )

    assert response.status_code == 400
    assert "We could not understand that request" in response.content.decode()
