"""Citizen uploads: judged by their content, never by their name, and re-encoded.

``CitizenImageField`` is the form field for an image a citizen sends (a proposal's
photo). In this order it refuses, each time with a message for the citizen:

1. files heavier than ``AGORA_UPLOAD_IMAGE_MAX_BYTES``;
2. names whose extension is not that of an accepted format (``.svg``, ``.html``…);
3. anything Pillow cannot read as an image;
4. images whose format, read from the content, is not JPEG, PNG or WebP (an SVG or
   a GIF renamed ``.png``), or whose extension says another format than the
   content (a PNG named ``.jpg``);
5. images whose declared size exceeds ``AGORA_UPLOAD_IMAGE_MAX_SIDE`` pixels on a
   side or ``AGORA_UPLOAD_IMAGE_MAX_PIXELS`` in all: checked from the header,
   before anything is decoded, so that a few kilobytes announcing a
   100 000 x 100 000 picture (a decompression bomb) cost nothing; Pillow's own
   bomb guard is made an error rather than a warning on top of that;
6. truncated or corrupt data (the image is decoded once, completely).

What it accepts is re-encoded from the decoded pixels: nothing of the original
file but the picture survives, so neither a script appended to a JPEG (a polyglot)
nor the photo's EXIF metadata (GPS position, camera serial number) is ever stored
or served. The stored name is made from the original's, with the extension of the
actual format.

``LimitedUploadHandler`` (first in ``FILE_UPLOAD_HANDLERS``) stops storing an
uploaded file past ``AGORA_UPLOAD_MAX_BYTES`` (the largest upload any form of the
site accepts, the admin's included): the rest of the stream is read and dropped
rather than written to a temporary file, and the form sees a file of the real size,
which it refuses as too large. The web server in front should also cap request
bodies (e.g. nginx's ``client_max_body_size``).
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from core.filesizes import format_file_size

__all__ = ["CitizenImageField", "LimitedUploadHandler", "image_limits", "sanitize_image"]

# Accepted formats (as Pillow names them, read from the content) and their extensions.
FORMATS = {
    "JPEG": ("jpg", "jpeg"),
    "PNG": ("png",),
    "WEBP": ("webp",),
}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
FORMAT_NAMES = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}


def image_limits() -> dict[str, int]:
    return {
        "bytes": getattr(settings, "AGORA_UPLOAD_IMAGE_MAX_BYTES", 5 * 1024 * 1024),
        "pixels": getattr(settings, "AGORA_UPLOAD_IMAGE_MAX_PIXELS", 25_000_000),
        "side": getattr(settings, "AGORA_UPLOAD_IMAGE_MAX_SIDE", 10_000),
    }


def _refuse(message, code: str, **params):
    raise ValidationError(message, code=code, params=params or None)


def _open(upload) -> Image.Image:
    """Read the header only; a decompression bomb is an error, not a warning."""
    upload.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return Image.open(upload)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            _refuse(_("The image has too many pixels; send a smaller one."), "too_many_pixels")
        except Exception:  # Pillow raises many kinds of errors on hostile files
            _refuse(_("This file is not an image we can read."), "invalid_image")


def _decode(image: Image.Image) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image.load()
            return ImageOps.exif_transpose(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            _refuse(_("The image has too many pixels; send a smaller one."), "too_many_pixels")
        except Exception:
            _refuse(
                _("This image is damaged or incomplete; send it again or another one."),
                "damaged_image",
            )


def _reencode(image: Image.Image, image_format: str) -> bytes:
    """The picture alone, in the same format: no metadata, nothing after the pixels."""
    if image_format == "JPEG" and image.mode not in ("L", "RGB", "CMYK"):
        image = image.convert("RGB")
    elif image_format == "WEBP" and image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    elif image_format == "PNG" and image.mode not in ("1", "L", "LA", "I", "P", "RGB", "RGBA"):
        image = image.convert("RGBA")
    options = {"JPEG": {"quality": 90}, "WEBP": {"quality": 90}, "PNG": {"optimize": True}}
    icc_profile = image.info.get("icc_profile")
    if icc_profile:
        options[image_format]["icc_profile"] = icc_profile
    output = io.BytesIO()
    image.save(output, format=image_format, **options[image_format])
    return output.getvalue()


def sanitize_image(upload, *, field_name: str = "image") -> InMemoryUploadedFile:
    """The upload checked and re-encoded, or a ValidationError saying what is wrong."""
    limits = image_limits()
    accepted = _("Send a JPEG, PNG or WebP image.")
    if upload.size is None or upload.size > limits["bytes"]:
        _refuse(
            _("The image is too large (%(size)s); the limit is %(limit)s."),
            "too_large",
            size=format_file_size(upload.size or 0),
            limit=format_file_size(limits["bytes"]),
        )
    name = Path(upload.name or "image")
    extension = name.suffix.lower().lstrip(".")
    if not any(extension in extensions for extensions in FORMATS.values()):
        _refuse(accepted, "wrong_type")

    image = _open(upload)
    image_format = image.format
    if image_format not in FORMATS:
        _refuse(accepted, "wrong_type")
    width, height = image.size
    if max(width, height) > limits["side"] or width * height > limits["pixels"]:
        _refuse(
            _(
                "The image has too many pixels (%(width)s × %(height)s); send a smaller one, "  # noqa: RUF001
                "at most %(side)s pixels on each side."
            ),
            "too_many_pixels",
            width=width,
            height=height,
            side=limits["side"],
        )
    if extension not in FORMATS[image_format]:
        _refuse(
            _(
                "The file is named .%(extension)s but contains a %(format)s image: "
                "rename it or export it again."
            ),
            "extension_mismatch",
            extension=extension,
            format=FORMAT_NAMES[image_format],
        )
    content = _reencode(_decode(image), image_format)
    stem = slugify(name.stem)[:80] or "image"
    return InMemoryUploadedFile(
        file=io.BytesIO(content),
        field_name=field_name,
        name=f"{stem}.{FORMATS[image_format][0]}",
        content_type=CONTENT_TYPES[image_format],
        size=len(content),
        charset=None,
    )


class CitizenImageField(forms.FileField):
    """An optional photo from a citizen, checked and re-encoded by `sanitize_image`."""

    widget = forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return sanitize_image(upload, field_name=getattr(upload, "field_name", "image"))


# Upload handling -----------------------------------------------------------------


class OversizeUpload(UploadedFile):
    """What remains of a file sent past the site's limit: its name and real size."""

    def __init__(self, name: str, size: int, content_type: str | None):
        super().__init__(file=io.BytesIO(b""), name=name, content_type=content_type, size=size)


class LimitedUploadHandler(FileUploadHandler):
    """Stop keeping an uploaded file once it passes AGORA_UPLOAD_MAX_BYTES."""

    def new_file(self, field_name, file_name, content_type, content_length, charset, *args):
        super().new_file(field_name, file_name, content_type, content_length, charset, *args)
        self.received = 0
        self.limit = getattr(settings, "AGORA_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            return None  # the next handlers never see the rest: nothing more is written
        return raw_data

    def file_complete(self, file_size):
        if self.received > self.limit:
            return OversizeUpload(self.file_name, self.received, self.content_type)
        return None
