import pytest
from django.urls import reverse

from common import addresses


@pytest.mark.parametrize(
    ("view_name", "slug"),
    [
        ("resources:detail", "measures-dhankuta-municipality"),
        ("events:speaker", "seoul-metropolitan-government-2"),
        ("events:detail", "slug-placeholder-in-the-slug"),
    ],
)
def test_address_by_slug_is_the_reversed_url(view_name, slug):
    address = addresses.by_slug(view_name)

    assert address(slug) == reverse(view_name, kwargs={"slug": slug})
