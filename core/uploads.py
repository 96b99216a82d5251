"""Uploads: judged by their content, never by their name, and re-encoded.

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

The admin's images (``core.media_forms``) go through the same steps with the
staff's rules (`staff_image_rules`): the formats of ``WAGTAILIMAGES_EXTENSIONS``,
Wagtail's size and pixel limits (every frame counted). JPEG, PNG and WebP pictures
are re-encoded as above; GIF and AVIF files, and animations, are kept as sent once
every frame has been decoded. The admin's documents must contain what their
extension says (`check_document`).

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
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, ImageSequence

from core.filesizes import format_file_size

__all__ = [
    "CitizenImageField",
    "ImageRules",
    "LimitedUploadHandler",
    "check_document",
    "citizen_image_rules",
    "image_limits",
    "sanitize_image",
    "staff_image_rules",
]

# Formats read (as Pillow names them, from the content) and their extensions.
KNOWN_FORMATS = {
    "JPEG": ("jpg", "jpeg"),
    "PNG": ("png",),
    "WEBP": ("webp",),
    "GIF": ("gif",),
    "AVIF": ("avif",),
}
CONTENT_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
    "AVIF": "image/avif",
}
FORMAT_NAMES = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF", "AVIF": "AVIF"}
# Formats whose pictures are re-encoded (the others are kept as sent, once decoded).
REENCODED = {"JPEG", "PNG", "WEBP"}
CITIZEN_FORMATS = ("JPEG", "PNG", "WEBP")
# Wagtail's default limit on the pixels of an admin image (every frame counted).
WAGTAIL_MAX_IMAGE_PIXELS = 128_000_000


@dataclass(frozen=True)
class ImageRules:
    """What an upload may be: formats (Pillow's names), weight, pixels in all (every
    frame counted when animations are kept), pixels on a side (None: no such limit)."""

    formats: tuple[str, ...]
    max_bytes: int
    max_pixels: int
    max_side: int | None
    keep_animations: bool = False

    @property
    def accepted(self) -> str:
        if self.formats == CITIZEN_FORMATS:
            return str(_("Send a JPEG, PNG or WebP image."))
        return str(_("Send an image in one of these formats: %(formats)s.")) % {
            "formats": ", ".join(FORMAT_NAMES[name] for name in self.formats)
        }


def image_limits() -> dict[str, int]:
    return {
        "bytes": getattr(settings, "AGORA_UPLOAD_IMAGE_MAX_BYTES", 5 * 1024 * 1024),
        "pixels": getattr(settings, "AGORA_UPLOAD_IMAGE_MAX_PIXELS", 25_000_000),
        "side": getattr(settings, "AGORA_UPLOAD_IMAGE_MAX_SIDE", 10_000),
    }


def citizen_image_rules() -> ImageRules:
    limits = image_limits()
    return ImageRules(
        formats=CITIZEN_FORMATS,
        max_bytes=limits["bytes"],
        max_pixels=limits["pixels"],
        max_side=limits["side"],
    )


def staff_image_rules() -> ImageRules:
    """The admin's images: Wagtail's settings, read as Wagtail reads them."""
    from wagtail.images.utils import get_allowed_image_extensions

    extensions = {extension.lower() for extension in get_allowed_image_extensions()}
    formats = tuple(
        name
        for name, names in KNOWN_FORMATS.items()
        if extensions.intersection(names) and name in Image.registered_extensions().values()
    )
    max_bytes = getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
    max_pixels = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", WAGTAIL_MAX_IMAGE_PIXELS)
    return ImageRules(
        formats=formats,
        max_bytes=max_bytes
        if max_bytes is not None
        else getattr(settings, "AGORA_UPLOAD_MAX_BYTES", 10 * 1024 * 1024),
        max_pixels=max_pixels if max_pixels is not None else WAGTAIL_MAX_IMAGE_PIXELS,
        max_side=None,
        keep_animations=True,
    )


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


def _decode(image: Image.Image, *, every_frame: bool = False) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            if every_frame:
                for frame in ImageSequence.Iterator(image):
                    frame.load()
                return image
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


def sanitize_image(
    upload, *, field_name: str = "image", rules: ImageRules | None = None
) -> InMemoryUploadedFile:
    """The upload checked and re-encoded, or a ValidationError saying what is wrong.

    `rules` default to a citizen's (`citizen_image_rules`)."""
    rules = rules or citizen_image_rules()
    if upload.size is None or upload.size > rules.max_bytes:
        _refuse(
            _("The image is too large (%(size)s); the limit is %(limit)s."),
            "too_large",
            size=format_file_size(upload.size or 0),
            limit=format_file_size(rules.max_bytes),
        )
    name = Path(upload.name or "image")
    extension = name.suffix.lower().lstrip(".")
    if not any(extension in KNOWN_FORMATS[format_] for format_ in rules.formats):
        _refuse(rules.accepted, "wrong_type")

    image = _open(upload)
    image_format = image.format
    if image_format not in rules.formats:
        _refuse(rules.accepted, "wrong_type")
    width, height = image.size
    frames = max(getattr(image, "n_frames", 1), 1) if rules.keep_animations else 1
    if rules.max_side is not None and (
        max(width, height) > rules.max_side or width * height > rules.max_pixels
    ):
        _refuse(
            _(
                "The image has too many pixels (%(width)s × %(height)s); send a smaller one, "  # noqa: RUF001
                "at most %(side)s pixels on each side."
            ),
            "too_many_pixels",
            width=width,
            height=height,
            side=rules.max_side,
        )
    if width * height * frames > rules.max_pixels:
        _refuse(
            _("The image has too many pixels (%(width)s × %(height)s); send a smaller one."),  # noqa: RUF001
            "too_many_pixels",
            width=width,
            height=height,
        )
    if extension not in KNOWN_FORMATS[image_format]:
        _refuse(
            _(
                "The file is named .%(extension)s but contains a %(format)s image: "
                "rename it or export it again."
            ),
            "extension_mismatch",
            extension=extension,
            format=FORMAT_NAMES[image_format],
        )
    keep = image_format not in REENCODED or frames > 1
    if keep:
        _decode(image, every_frame=True)
        upload.seek(0)
        content = upload.read()
    else:
        content = _reencode(_decode(image), image_format)
    stem = slugify(name.stem)[:80] or "image"
    return InMemoryUploadedFile(
        file=io.BytesIO(content),
        field_name=field_name,
        name=f"{stem}.{KNOWN_FORMATS[image_format][0]}",
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


# Documents -------------------------------------------------------------------------

# What the content of a document must be, by extension: a PDF starts (within its first
# kilobyte) with %PDF-; office files are ZIP archives holding their own parts; RTF
# starts with {\rtf; text has no NUL byte (unless it is UTF-16, with its byte order
# mark). Extensions not listed here are not checked beyond Wagtail's list.
OOXML_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ODF_TYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
TEXT_EXTENSIONS = {"txt", "csv"}
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")


def _zip_holds(upload, extension: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if extension in OOXML_PARTS:
                return "[Content_Types].xml" in names and any(
                    name.startswith(OOXML_PARTS[extension]) for name in names
                )
            return "mimetype" in names and archive.read("mimetype").strip() == ODF_TYPES[extension]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, EOFError):
        return False


def _content_matches(upload, extension: str) -> bool:
    upload.seek(0)
    head = upload.read(64 * 1024)
    upload.seek(0)
    if extension == "pdf":
        return b"%PDF-" in head[:1024]
    if extension == "rtf":
        return head.startswith(b"{\\rtf")
    if extension in TEXT_EXTENSIONS:
        return head.startswith(UTF16_MARKS) or b"\x00" not in head
    if extension in OOXML_PARTS or extension in ODF_TYPES:
        return _zip_holds(upload, extension)
    return True


def check_document(upload) -> None:
    """Raise a ValidationError when the document's content is not what its extension
    says (an HTML page named .pdf, a renamed executable, a damaged archive)."""
    extension = Path(upload.name or "").suffix.lower().lstrip(".")
    if not _content_matches(upload, extension):
        _refuse(
            _(
                "This file is named .%(extension)s but does not contain a .%(extension)s "
                "document, or it is damaged: export it again or choose another file."
            ),
            "document_mismatch",
            extension=extension,
        )


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
