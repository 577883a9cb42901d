"""A member proposing a link the library already has (issue 21, item 5).

Only a published resource's title may be named; of a draft, a rejected proposal or a
withdrawn resource the member learns only that the link is already known.
"""

import pytest

from resources.models import Resource
from tests.factories import ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db

SUBMIT = "/resources/submit/"
SECRET = "Unannounced flood plan"
KNOWN = "The secretariat already knows this link; there is no need to propose it."


def _proposal(url):
    return {
        "title": "A proposal",
        "url": url,
        "publisher_name": "Busan Metropolitan City",
        "kind": "case_study",
        "summary": "Shelters.",
        "country": "Republic of Korea",
    }


UNPUBLISHED = {
    "draft": {"status": Resource.Status.DRAFT},
    "withdrawn": {"status": Resource.Status.WITHDRAWN},
    "rejected": {
        "status": Resource.Status.DRAFT,
        "moderation": Resource.Moderation.REJECTED,
        "rejection_reason": "Out of scope",
        "submitted_by": UserFactory,
    },
}


@pytest.mark.parametrize("state", list(UNPUBLISHED))
@pytest.mark.parametrize("suffix", ["", "?utm_source=x", "#top"])
def test_duplicate_of_an_unpublished_resource_keeps_its_title_secret(client, user, state, suffix):
    fields = {
        name: value() if callable(value) else value for name, value in UNPUBLISHED[state].items()
    }
    ResourceFactory(title=SECRET, url="https://flood.example.org/plan", **fields)
    client.force_login(user)

    response = client.post(SUBMIT, _proposal(f"https://flood.example.org/plan{suffix}"))

    html = response.content.decode()
    assert response.status_code == 200
    assert SECRET not in html
    assert KNOWN in html
    assert Resource.objects.count() == 1


def test_duplicate_of_a_published_resource_names_it(client, user):
    ResourceFactory(title="Heat shelters", url="https://heat.example.org/")
    client.force_login(user)

    response = client.post(SUBMIT, _proposal("https://heat.example.org/?utm_source=x"))

    assert "This link is already in the library as “Heat shelters”." in response.content.decode()
    assert Resource.objects.count() == 1
