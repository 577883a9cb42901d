"""Uploaded images: only real JPEG, PNG, GIF or WebP pictures of a bounded size are kept, always
re-encoded by Pillow, and /media/ serves them so a browser can only ever show them as images.
Anything else gets a clear message in the admin form and leaves no row and no file behind.
"""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from events.models import Event
from resources.models import Resource
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)


def _image_bytes(fmt="PNG", size=(1200, 600), exif=None) -> bytes:
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, (11, 79, 108)).save(buffer, format=fmt, **options)
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_claiming(width: int, height: int) -> bytes:
    """A small, well-formed PNG whose header claims a huge picture: a decompression bomb."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    pixels = zlib.compress(b"\0" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", pixels)
        + _chunk(b"IEND", b"")
    )


def _exif_with_camera_and_rotation() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x0131] = "Secret editor 1.0"  # Software
    exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to display
    return exif


BAD_UPLOADS = {
    "too-large": (
        "big.png",
        _image_bytes(size=(20, 20)) + b"\0" * (5 * 1024 * 1024 + 1),
        "image/png",
        "The image is larger than 5 MB.",
    ),
    "not-an-image": (
        "report.png",
        b"<script>alert(1)</script>",
        "image/png",
        "This file is not an image we can use",
    ),
    "svg": ("map.svg", SVG, "image/svg+xml", "This file is not an image we can use"),
    "png-named-svg": (
        "map.svg",
        _image_bytes(),
        "image/svg+xml",
        "File extension “svg” is not allowed.",
    ),
    "png-named-html": (
        "page.html",
        _image_bytes(),
        "text/html",
        "File extension “html” is not allowed.",
    ),
    "tiff": (
        "scan.tiff",
        _image_bytes("TIFF"),
        "image/tiff",
        "This file is not an image we can use",
    ),
    "decompression-bomb": (
        "bomb.png",
        _png_claiming(30_000, 30_000),
        "image/png",
        "picture of at most 40 million pixels.",
    ),
    "too-many-pixels": (
        "wide.png",
        _png_claiming(8_000, 8_000),
        "image/png",
        "The image has too many pixels.",
    ),
}


def _resource_form(thumbnail) -> dict:
    publisher = OrganizationFactory()
    return {
        "title_en": "Heatwave plan",
        "slug": "heatwave-plan",
        "url": "https://example.org/heatwave",
        "kind": "report",
        "status": "published",
        "summary_en": "",
        "countries": "",
        "cities": "",
        "published_on": "2021-07-15",
        "date_precision": "day",
        "moderation": "curated",
        "publisher_links-TOTAL_FORMS": "1",
        "publisher_links-INITIAL_FORMS": "0",
        "publisher_links-0-organization": publisher.pk,
        "publisher_links-0-position": "0",
        "thumbnail": thumbnail,
    }


def _directives(policy: str) -> list[str]:
    return sorted(directive.strip() for directive in policy.split(";"))


def _files(root) -> list:
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize("case", BAD_UPLOADS.values(), ids=BAD_UPLOADS.keys())
def test_uploads_resource_thumbnail_refused_with_a_clear_message(
    staff_client, settings, tmp_path, case
):
    settings.MEDIA_ROOT = tmp_path
    name, content, content_type, message = case

    response = staff_client.post(
        reverse("admin:resources_resource_add"),
        _resource_form(SimpleUploadedFile(name, content, content_type)),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["thumbnail"]
    assert message in " ".join(errors["thumbnail"])
    assert message in response.content.decode()
    assert not Resource.objects.exists()
    assert _files(tmp_path) == []


@pytest.mark.parametrize("case", BAD_UPLOADS.values(), ids=BAD_UPLOADS.keys())
def test_uploads_event_image_refused_with_a_clear_message(staff_client, settings, tmp_path, case):
    from tests.test_events_admin import ADD, _event_form

    settings.MEDIA_ROOT = tmp_path
    name, content, content_type, message = case
    message = message.replace("5 MB", "10 MB")
    if case is BAD_UPLOADS["too-large"]:
        content += b"\0" * (5 * 1024 * 1024)

    response = staff_client.post(
        ADD, _event_form(image=SimpleUploadedFile(name, content, content_type), image_alt="Map")
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["image"]
    assert message in " ".join(errors["image"])
    assert not Event.objects.exists()
    assert _files(tmp_path) == []


def test_uploads_resource_thumbnail_is_reencoded_without_metadata(staff_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photo = _image_bytes("JPEG", (1600, 1200), exif=_exif_with_camera_and_rotation())
    # A JPEG sent under a PNG name and type: what counts is what Pillow finds inside.
    upload = SimpleUploadedFile("photo.png", photo, "image/png")

    response = staff_client.post(reverse("admin:resources_resource_add"), _resource_form(upload))

    assert response.status_code == 302, response.content.decode()[:2000]
    resource = Resource.objects.get()
    assert resource.thumbnail.name == "resources/thumbnails/heatwave-plan.webp"
    with Image.open(resource.thumbnail.path) as stored:
        assert stored.format == "WEBP"
        assert stored.size == (600, 800)  # turned upright, then fitted in 800 x 800
        assert dict(stored.getexif()) == {}
        assert "exif" not in stored.info
    assert _files(tmp_path) == [Path(resource.thumbnail.name)]


def test_uploads_event_image_is_reencoded_without_metadata(staff_client, settings, tmp_path):
    from tests.test_events_admin import ADD, _event_form

    settings.MEDIA_ROOT = tmp_path
    photo = _image_bytes("JPEG", (1600, 1200), exif=_exif_with_camera_and_rotation())
    upload = SimpleUploadedFile("banner.png", photo, "image/png")

    response = staff_client.post(ADD, _event_form(image=upload, image_alt="The forum"))

    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get()
    assert event.image.name.endswith("/banner.jpg")
    with Image.open(event.image.path) as stored:
        assert (stored.format, stored.size) == ("JPEG", (1200, 1600))
        assert dict(stored.getexif()) == {}


# --- Serving /media/ ------------------------------------------------------------------------


def test_uploads_media_serves_images_as_images_only(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "resources").mkdir()
    (tmp_path / "resources" / "plan.webp").write_bytes(_image_bytes("WEBP", (10, 10)))

    response = client.get("/media/resources/plan.webp")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _directives(response["Content-Security-Policy"]) == ["default-src 'none'", "sandbox"]
    assert response["Content-Disposition"] == 'inline; filename="plan.webp"'
    assert b"".join(response.streaming_content) == (tmp_path / "resources/plan.webp").read_bytes()
    response.close()


@pytest.mark.parametrize(
    ("name", "content"),
    [("map.svg", SVG), ("page.html", b"<script>alert(1)</script>"), ("notes.txt", b"hi")],
)
def test_uploads_media_serves_anything_else_as_a_download(
    client, settings, tmp_path, name, content
):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / name).write_bytes(content)

    response = client.get(f"/media/{name}")
    response.close()

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _directives(response["Content-Security-Policy"]) == ["default-src 'none'", "sandbox"]
