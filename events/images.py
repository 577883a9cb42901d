"""Uploaded images: checked by Pillow, re-encoded without anything but their pixels (no
comment, EXIF with its GPS position, ICC profile, XMP or text chunk) and shrunk to thumbnails."""

from io import BytesIO
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

# The only formats Pillow may read (never SVG, PDF, TIFF or PSD), with their file extension.
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_PIXELS = 40_000_000
MAX_BYTES = 10 * 1024 * 1024
THUMBNAIL_SIZE = (640, 360)
INVALID_IMAGE = gettext_lazy(
    "This file is not an image we can use: upload a JPEG, PNG or WebP picture of at most "
    "40 million pixels."
)


SRGB = ImageCms.createProfile("sRGB")
# What Pillow keeps in ``info`` that is part of the picture rather than about it.
PICTURE_INFO = {"transparency"}


def _in_srgb(image: Image.Image) -> Image.Image:
    """The image's colours in sRGB, so that it looks the same once its profile is dropped."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in {"RGB", "RGBA"}:
        return image
    try:
        return ImageCms.profileToProfile(image, ImageCms.ImageCmsProfile(BytesIO(profile)), SRGB)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a broken profile: the pixels as they are


def _save(image: Image.Image, image_format: str) -> bytes:
    image = _in_srgb(image)
    if image_format == "JPEG" and image.mode not in {"RGB", "L"}:
        image = image.convert("RGB")
    elif image.mode not in {"RGB", "RGBA", "L", "LA"}:
        image = image.convert("RGBA")
    # Pillow writes back some of what it read (a JPEG's comment, an ICC profile): keep only
    # the pixels. (The callers are done with the image; copying 40 million pixels is not free.)
    image.info = {key: value for key, value in image.info.items() if key in PICTURE_INFO}
    buffer = BytesIO()
    options = {"quality": 85} if image_format in {"JPEG", "WEBP"} else {"optimize": True}
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def reencode(upload) -> ContentFile:
    """Return the upload re-encoded as a clean JPEG, PNG or WebP; ValidationError otherwise."""
    if upload.size and upload.size > MAX_BYTES:
        raise ValidationError(_("The image is larger than 10 MB."), code="size")
    try:
        upload.seek(0)
        with Image.open(upload, formats=tuple(FORMATS)) as probe:
            probe.verify()
        upload.seek(0)
        with Image.open(upload, formats=tuple(FORMATS)) as image:
            image_format = image.format  # one of FORMATS: Pillow reads no other
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("The image has too many pixels."), code="size")
            image = ImageOps.exif_transpose(image)
            data = _save(image, image_format)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            INVALID_IMAGE,
            code="invalid",
        ) from None
    stem = Path(getattr(upload, "name", "") or "image").stem[:80] or "image"
    return ContentFile(data, name=f"{stem}.{FORMATS[image_format]}")


def thumbnail(source, size: tuple[int, int] = THUMBNAIL_SIZE) -> ContentFile:
    """A copy of an already re-encoded image that fits in ``size``, in the same format."""
    source.seek(0)
    with Image.open(source) as image:
        image_format = image.format if image.format in FORMATS else "PNG"
        image.thumbnail(size)
        data = _save(image, image_format)
    stem = Path(source.name).stem
    return ContentFile(data, name=f"{stem}-thumb.{FORMATS[image_format]}")
