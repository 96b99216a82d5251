"""Citizen image uploads: refused with a clear message, or stored re-encoded."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from consultations.models import Proposal

from .conftest import CAPTCHA_OK, HOST, sub

pytestmark = pytest.mark.django_db
Image = get_image_model()


def picture(fmt="JPEG", size=(64, 48), mode="RGB", **save) -> bytes:
    buffer = io.BytesIO()
    PillowImage.new(mode, size, "teal").save(buffer, fmt, **save)
    return buffer.getvalue()


def noisy_png() -> bytes:
    buffer = io.BytesIO()
    PillowImage.effect_noise((200, 150), 60).save(buffer, "PNG")
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A few hundred bytes whose header announces a `width` x `height` greyscale PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 4096))
        + chunk(b"IEND", b"")
    )


def with_gps_exif() -> bytes:
    exif = PillowImage.Exif()
    exif[0x010F] = "Camera Maker"  # Make
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0)}  # GPS latitude
    return picture("JPEG", exif=exif.tobytes())


SCRIPT = b"<script>alert('xss')</script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'

REFUSED = [
    ("a text file", "notes.txt", b"Bonjour", "Envoyez une image JPEG, PNG ou WebP."),
    ("an HTML page", "page.html", b"<html>" + SCRIPT, "Envoyez une image JPEG, PNG ou WebP."),
    ("an SVG with a script", "dessin.svg", SVG, "Envoyez une image JPEG, PNG ou WebP."),
    ("an SVG named .png", "dessin.png", SVG, "Ce fichier n'est pas une image lisible."),
    ("HTML named .jpg", "photo.jpg", b"<html>" + SCRIPT, "Ce fichier n'est pas une image lisible."),
    ("a GIF", "anim.gif", picture("GIF"), "Envoyez une image JPEG, PNG ou WebP."),
    ("a GIF named .png", "anim.png", picture("GIF"), "Envoyez une image JPEG, PNG ou WebP."),
    ("a BMP named .jpg", "photo.jpg", picture("BMP"), "Envoyez une image JPEG, PNG ou WebP."),
    (
        "a PNG named .jpg",
        "photo.jpg",
        picture("PNG"),
        "Le fichier porte l'extension .jpg mais contient une image PNG",
    ),
    (
        "a JPEG named .webp",
        "photo.webp",
        picture("JPEG"),
        "Le fichier porte l'extension .webp mais contient une image JPEG",
    ),
    ("a decompression bomb", "bombe.png", png_declaring(100_000, 100_000), "trop de pixels"),
    ("a pixel flood", "flood.png", png_declaring(9_000, 9_000), "trop de pixels (9000 × 9000)"),  # noqa: RUF001
    ("a very long strip", "strip.png", picture("PNG", (12_000, 2), "L"), "trop de pixels"),
    (
        "a truncated image",
        "coupée.png",
        noisy_png()[:3_000],
        "Cette image est endommagée ou incomplète",
    ),
    ("an empty file", "vide.png", b"", "Le fichier soumis est vide."),
]


def stored_files(storage) -> int:
    try:
        return len(storage.listdir("original_images")[1])
    except FileNotFoundError:
        return 0


def post(client, scene, upload, **data):
    payload = {
        "title": "Un abri vélo",
        "body": "Près de la gare.",
        "image": upload,
        "image_description": "Un abri",
        **CAPTCHA_OK,
        **data,
    }
    return client.post(sub(scene.consultation, "proposal_new"), payload, **HOST)


@pytest.mark.parametrize(
    ("case", "name", "content", "message"), REFUSED, ids=[r[0] for r in REFUSED]
)
def test_hostile_files_are_refused_and_nothing_is_stored(
    client, belval, citizen, consultation_for_uploads, case, name, content, message
):
    from django.core.files.storage import default_storage

    scene = consultation_for_uploads
    client.force_login(citizen)
    before = (Proposal.objects.count(), Image.objects.count(), stored_files(default_storage))
    response = post(client, scene, SimpleUploadedFile(name, content))
    assert response.status_code == 200, case
    errors = response.context["form"].errors
    assert message in " ".join(errors["image"]), (case, errors)
    # The form shows the message next to the field, in French.
    assert 'id="id_image_error"' in response.text
    assert (
        Proposal.objects.count(),
        Image.objects.count(),
        stored_files(default_storage),
    ) == before


@pytest.fixture
def consultation_for_uploads(belval):
    from types import SimpleNamespace

    from consultations.factories import make_consultation

    return SimpleNamespace(consultation=make_consultation(parent=belval.home, slug="place"))


def test_an_oversize_image_is_refused_with_its_size(
    client, citizen, consultation_for_uploads, settings
):
    settings.AGORA_UPLOAD_IMAGE_MAX_BYTES = 2_000
    client.force_login(citizen)
    heavy = picture("PNG", (300, 300), "RGB")
    heavy = heavy + b"\x00" * (3_000 - len(heavy)) if len(heavy) < 3_000 else heavy
    response = post(client, consultation_for_uploads, SimpleUploadedFile("lourde.png", heavy))
    assert "L'image est trop lourde" in " ".join(response.context["form"].errors["image"])
    assert not Proposal.objects.exists()
    assert not Image.objects.exists()


def test_a_file_past_the_sites_upload_limit_is_not_even_kept(
    client, citizen, consultation_for_uploads, settings
):
    """Past AGORA_UPLOAD_MAX_BYTES the upload handler drops the data; the form still
    says how large the file was."""
    settings.AGORA_UPLOAD_MAX_BYTES = 100_000
    client.force_login(citizen)
    huge = b"\xff\xd8\xff" + b"\x00" * 7_000_000
    response = post(client, consultation_for_uploads, SimpleUploadedFile("huge.jpg", huge))
    errors = " ".join(response.context["form"].errors["image"])
    assert "L'image est trop lourde (6,7\xa0Mo)" in errors
    assert not Proposal.objects.exists()


def test_an_accepted_image_is_re_encoded_without_metadata_or_trailing_code(
    client, citizen, consultation_for_uploads
):
    client.force_login(citizen)
    polyglot = with_gps_exif() + SCRIPT
    response = post(client, consultation_for_uploads, SimpleUploadedFile("Ma Photo!.JPG", polyglot))
    assert response.status_code == 302
    image = Proposal.objects.get().image
    image.file.open()
    stored = image.file.read()
    assert SCRIPT not in stored
    assert b"Camera Maker" not in stored
    opened = PillowImage.open(io.BytesIO(stored))
    assert opened.format == "JPEG"
    assert dict(opened.getexif()) == {}
    assert opened.size == (64, 48)
    assert image.file.name.endswith("/ma-photo.jpg")


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("abri.png", picture("PNG", mode="RGBA"), "PNG"),
        ("abri.webp", picture("WEBP"), "WEBP"),
        ("abri.jpeg", picture("JPEG", mode="L"), "JPEG"),
        ("palette.png", picture("PNG", mode="P"), "PNG"),
    ],
)
def test_accepted_formats(client, citizen, consultation_for_uploads, name, content, fmt):
    client.force_login(citizen)
    response = post(client, consultation_for_uploads, SimpleUploadedFile(name, content))
    assert response.status_code == 302
    image = Proposal.objects.get().image
    image.file.open()
    assert PillowImage.open(image.file).format == fmt


def test_a_bad_image_on_edit_leaves_the_proposal_as_it_was(
    client, citizen, consultation_for_uploads
):
    client.force_login(citizen)
    post(client, consultation_for_uploads, SimpleUploadedFile("abri.png", picture("PNG")))
    proposal = Proposal.objects.get()
    edit = sub(consultation_for_uploads.consultation, "proposal_edit", proposal.pk)
    response = client.post(
        edit,
        {
            "title": "Autre titre",
            "body": "Autre texte",
            "image": SimpleUploadedFile("x.png", SVG),
            "image_description": "Autre",
        },
        **HOST,
    )
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.title == "Un abri vélo"
    assert Image.objects.count() == 1
