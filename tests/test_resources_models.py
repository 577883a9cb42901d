import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from PIL import Image

from resources.links import archive_url, is_public_host, normalize_url
from resources.models import Resource, SearchWord
from resources.services import process_thumbnail, save_resource, unique_slug
from tests.factories import OrganizationFactory, ResourceFactory, TopicFactory


@pytest.mark.parametrize(
    ("url", "normalized"),
    [
        ("HTTPS://Example.ORG/Report/", "https://example.org/Report"),
        ("http://example.org:80/a", "https://example.org/a"),
        ("https://example.org:443/a/", "https://example.org/a"),
        ("https://example.org:8443/a", "https://example.org:8443/a"),
        ("https://example.org/a#section-2", "https://example.org/a"),
        (
            "https://example.org/a?utm_source=x&b=2&fbclid=y&a=1&gclid=z&UTM_Medium=m",
            "https://example.org/a?a=1&b=2",
        ),
        ("https://example.org", "https://example.org"),
        ("https://user:secret@example.org/", "https://example.org"),
        ("  https://example.org/x  ", "https://example.org/x"),
    ],
)
def test_normalize_url_forms(url, normalized):
    assert normalize_url(url) == normalized


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "/relative", ""])
def test_normalize_url_rejects_non_http(url):
    with pytest.raises(ValueError):
        normalize_url(url)


@pytest.mark.parametrize(
    ("url", "public"),
    [
        ("https://www.who.int/x", True),
        ("http://localhost:8000/", False),
        ("http://127.0.0.1/", False),
        ("http://10.1.2.3/", False),
        ("http://[::1]/", False),
        ("http://intranet/", False),
        ("http://printer.local/", False),
    ],
)
def test_is_public_host(url, public):
    assert is_public_host(url) is public


def test_archive_url_is_built_from_the_link():
    assert (
        archive_url("https://example.org/a?b=1")
        == "https://web.archive.org/web/https://example.org/a?b=1"
    )


@pytest.mark.django_db
def test_duplicate_link_after_normalisation_is_rejected():
    ResourceFactory(title="Original", url="https://example.org/report/?utm_source=newsletter")

    with pytest.raises(ValidationError) as error:
        ResourceFactory(title="Copy", url="http://EXAMPLE.org/report#top")

    assert error.value.message_dict["url"] == ["This link is already in the library as “Original”."]
    assert Resource.objects.count() == 1


@pytest.mark.django_db
def test_database_refuses_duplicate_normalised_link():
    ResourceFactory(url="https://example.org/a")

    with pytest.raises(IntegrityError), transaction.atomic():
        Resource.objects.create(
            title="Sneaky",
            slug="sneaky",
            url="https://example.org/a/",
            normalized_url="https://example.org/a",
        )


@pytest.mark.django_db
def test_database_refuses_javascript_link():
    with pytest.raises(IntegrityError), transaction.atomic():
        Resource.objects.create(
            title="Bad", slug="bad", url="javascript:alert(1)", normalized_url="javascript:alert(1)"
        )


@pytest.mark.django_db
def test_service_refuses_javascript_link():
    with pytest.raises(ValidationError):
        ResourceFactory(url="javascript:alert(1)")

    assert Resource.objects.count() == 0


@pytest.mark.django_db
def test_resources_without_link_share_the_empty_link():
    first = ResourceFactory(url="")
    second = ResourceFactory(url="")

    assert first.normalized_url is None and second.normalized_url is None
    assert first.needs_review and second.needs_review


@pytest.mark.django_db
def test_date_is_kept_to_its_precision():
    resource = ResourceFactory(
        published_on=date(2020, 7, 15), date_precision=Resource.DatePrecision.YEAR
    )

    resource.refresh_from_db()
    assert resource.published_on == date(2020, 1, 1)
    assert resource.published_year == 2020
    assert resource.publication_date_display == "2020"


@pytest.mark.django_db
def test_slugs_are_unique_and_never_shadow_fixed_paths():
    first = ResourceFactory(title="Feed")
    second = ResourceFactory(title="Feed")

    assert (first.slug, second.slug) == ("feed-2", "feed-3")
    assert unique_slug("서울") == "resource"


@pytest.mark.django_db
def test_search_columns_follow_publishers_and_topics():
    who = OrganizationFactory(name="World Health Organization", acronym="WHO")
    topic = TopicFactory(name="Public health")
    resource = ResourceFactory(title="Protocol", publishers=[who], topics=[topic])

    resource.refresh_from_db()
    assert resource.search_publishers == "World Health Organization WHO"
    assert resource.search_topics == "Public health"
    assert resource.publisher_ids == [who.pk]
    assert resource.topic_ids == [topic.pk]
    assert {"protocol", "world", "health"} <= set(SearchWord.objects.values_list("word", flat=True))


@pytest.mark.django_db
def test_renaming_an_organisation_refreshes_search_text(client):
    organization = OrganizationFactory(name="Old Name Council")
    ResourceFactory(title="Plan", publishers=[organization])

    organization.name = "Renamed Council"
    organization.save()

    html = client.get("/resources/", {"q": "renamed"}).content.decode()
    assert ">Plan</a>" in html


@pytest.mark.django_db
def test_saving_a_directory_entry_unchanged_leaves_its_resources_alone(
    django_assert_num_queries,
):
    organization = OrganizationFactory(name="Kathmandu Metropolitan City", acronym="KMC")
    topic = TopicFactory(name="Public health")
    ResourceFactory(title="Plan", publishers=[organization], topics=[topic])

    # One read of the stored names and the row's own UPDATE each: no resource is rewritten.
    with django_assert_num_queries(2):
        organization.save()
    with django_assert_num_queries(2):
        topic.save()

    topic.name = "Health"
    topic.save()
    resource = Resource.objects.get(title="Plan")
    assert resource.search_topics == "Health"


@pytest.mark.django_db
def test_publishers_keep_their_order():
    first, second = OrganizationFactory(name="B second"), OrganizationFactory(name="A first")
    resource = ResourceFactory(publishers=[first, second])

    fresh = Resource.objects.with_publishers().get(pk=resource.pk)
    assert fresh.ordered_publishers == [first, second]
    assert str(resource) == resource.title


def _image(fmt="PNG", size=(2000, 1000), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, "teal").save(buffer, format=fmt)
    return SimpleUploadedFile(f"picture.{fmt.lower()}", buffer.getvalue(), f"image/{fmt.lower()}")


def test_thumbnail_is_reencoded_and_resized():
    result = process_thumbnail(_image(), name="Seoul report")

    with Image.open(io.BytesIO(result.read())) as image:
        assert image.format == "WEBP"
        assert image.size == (800, 400)
    assert result.name == "seoul-report.webp"


def test_thumbnail_rejects_a_file_that_is_not_an_image():
    fake = SimpleUploadedFile("x.png", b"<script>alert(1)</script>", "image/png")

    with pytest.raises(ValidationError):
        process_thumbnail(fake, name="x")


@pytest.mark.django_db
def test_save_resource_updates_without_changing_slug():
    resource = ResourceFactory(title="First title")
    resource.title = "Second title"

    save_resource(resource=resource)

    resource.refresh_from_db()
    assert (resource.slug, resource.title) == ("first-title", "Second title")
