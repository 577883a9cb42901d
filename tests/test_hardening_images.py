"""Uploaded images keep nothing but pixels (issue 21, item 7).

A JPEG comment carrying ``<script>``, EXIF (GPS position included), an ICC profile, XMP and
PNG text chunks: none of it may survive into a stored image or its thumbnail.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, PngImagePlugin

from events import images
from events.models import Event
from resources.services import process_thumbnail

pytestmark = pytest.mark.django_db

MARKER = b"window.__pwned"
SCRIPT = b"<script>window.__pwned=1</script>"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-'
    b'rdf-syntax-ns#"><rdf:Description>' + SCRIPT + b"</rdf:Description></rdf:RDF></x:xmpmeta>"
)
METADATA_KEYS = {"comment", "exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "Comment"}


def _exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "window.__pwned camera"  # Make
    exif[0x0131] = "window.__pwned editor"  # Software
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (37.0, 33.0, 59.0)  # latitude: Seoul
    gps[3], gps[4] = "E", (126.0, 58.0, 40.0)
    return exif


def _icc() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _with_metadata(image_format: str, size=(900, 600)) -> bytes:
    image = Image.new("RGB", size, (11, 79, 108))
    options = {"exif": _exif(), "icc_profile": _icc()}
    if image_format == "JPEG":
        options.update(comment=SCRIPT, xmp=XMP)
    elif image_format == "WEBP":
        options.update(xmp=XMP)
    elif image_format == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", SCRIPT.decode())
        text.add_itxt("XML:com.adobe.xmp", XMP.decode())
        options.update(pnginfo=text)
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    data = buffer.getvalue()
    assert MARKER in data  # the test's own premise: the metadata is really there
    return data


def assert_pixels_only(data: bytes):
    assert MARKER not in data
    assert b"GPS" not in data
    with Image.open(io.BytesIO(data)) as stored:
        assert sorted(METADATA_KEYS & set(stored.info)) == []
        assert dict(stored.getexif()) == {}
        assert stored.size[0] > 0


FORMATS = ["JPEG", "PNG", "WEBP"]


@pytest.mark.parametrize("image_format", FORMATS)
def test_reencoded_upload_keeps_no_metadata(image_format):
    upload = SimpleUploadedFile("photo.bin", _with_metadata(image_format), "image/jpeg")

    stored = images.reencode(upload)

    assert_pixels_only(stored.read())


@pytest.mark.parametrize("image_format", FORMATS)
def test_thumbnail_keeps_no_metadata_even_of_an_image_stored_with_it(image_format):
    # An image stored before uploads were cleaned (or put in MEDIA_ROOT by hand).
    source = ContentFile(_with_metadata(image_format, size=(1600, 1200)), name="old.img")

    made = images.thumbnail(source)

    assert_pixels_only(made.read())


@pytest.mark.parametrize("image_format", FORMATS)
def test_resource_thumbnail_keeps_no_metadata(image_format):
    upload = SimpleUploadedFile("cover.bin", _with_metadata(image_format), "image/png")

    made = process_thumbnail(upload, name="cover")

    assert_pixels_only(made.read())


def test_reencoded_png_keeps_its_transparency():
    image = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")

    stored = images.reencode(SimpleUploadedFile("clear.png", buffer.getvalue(), "image/png"))

    with Image.open(io.BytesIO(stored.read())) as result:
        assert result.mode == "RGBA"
        assert result.getpixel((5, 5)) == (0, 0, 0, 0)


def test_event_image_and_its_thumbnail_are_stored_without_metadata(
    staff_client, settings, tmp_path
):
    from tests.test_events_admin import ADD, _event_form

    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("banner.jpg", _with_metadata("JPEG", (1600, 900)), "image/jpeg")

    response = staff_client.post(ADD, _event_form(image=upload, image_alt="The forum"))

    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get()
    assert event.image_thumbnail
    for stored in (event.image, event.image_thumbnail):
        with open(stored.path, "rb") as handle:
            assert_pixels_only(handle.read())
