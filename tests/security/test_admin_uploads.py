"""Staff uploads in the admin: judged by their content, as citizens' are.

A damaged or disguised image or document sent through any of the admin's upload
forms (add, multiple upload, a chooser's upload tab) is refused with a message on
the field, never a server error, and nothing is stored.
"""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from .conftest import HOST
from .test_uploads import SCRIPT, noisy_png, picture, with_gps_exif

pytestmark = pytest.mark.django_db
Image = get_image_model()
Document = get_document_model()

BROKEN_GIF = b"GIF89a" + b"\x00\x01garbage" * 20
UNREADABLE = "pas une image ou bien est corrompu"  # Wagtail's own message


def animated_gif(size=(200, 150)) -> bytes:
    buffer = io.BytesIO()
    frames = [PillowImage.effect_noise(size, 60).convert("P") for _frame in range(3)]
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


REFUSED_IMAGES = [
    ("a broken GIF", "anim.gif", BROKEN_GIF, UNREADABLE),
    ("a truncated GIF", "anim.gif", animated_gif()[:-200], "endommagée ou incomplète"),
    ("a truncated PNG", "coupée.png", noisy_png()[:3_000], UNREADABLE),
    ("HTML named .jpg", "photo.jpg", b"<html>" + SCRIPT, UNREADABLE),
    ("a PNG named .jpg", "photo.jpg", picture("PNG"), "ne correspond pas au format"),
]


def stored(folder: str) -> int:
    try:
        return len(default_storage.listdir(folder)[1])
    except FileNotFoundError:
        return 0


def image_views(belval):
    """(name, url, data for the file) of every admin form that takes an image file."""
    collection = belval.collection.pk
    return [
        ("add", reverse("wagtailimages:add"), "file", {"title": "Abri", "collection": collection}),
        (
            "add_multiple",
            reverse("wagtailimages:add_multiple"),
            "files[]",
            {"collection": collection},
        ),
        (
            "chooser",
            reverse("wagtailimages_chooser:create"),
            "image-chooser-upload-file",
            {"image-chooser-upload-title": "Abri", "image-chooser-upload-collection": collection},
        ),
    ]


def errors_of(response) -> str:
    """The error messages an upload was answered with (HTML form or JSON)."""
    if response["Content-Type"].startswith("application/json"):
        return str(response.json())
    return response.content.decode()


@pytest.mark.parametrize(("case", "name", "content", "message"), REFUSED_IMAGES)
@pytest.mark.parametrize("view", ["add", "add_multiple", "chooser"])
def test_damaged_images_are_refused_by_every_upload_form(
    client, belval, belval_editor, view, case, name, content, message
):
    client.force_login(belval_editor)
    _view, url, field, data = next(v for v in image_views(belval) if v[0] == view)
    before = (Image.objects.count(), stored("original_images"))
    response = client.post(url, {**data, field: SimpleUploadedFile(name, content)}, **HOST)
    assert response.status_code == 200, (case, response.status_code)
    assert message in errors_of(response), case
    assert (Image.objects.count(), stored("original_images")) == before


def test_a_gif_is_kept_as_sent_and_a_photo_loses_its_metadata(client, belval, belval_editor):
    client.force_login(belval_editor)
    gif = animated_gif((40, 30))
    url = reverse("wagtailimages:add_multiple")
    for name, content in (("anim.gif", gif), ("photo.jpg", with_gps_exif() + SCRIPT)):
        response = client.post(
            url,
            {"collection": belval.collection.pk, "files[]": SimpleUploadedFile(name, content)},
            **HOST,
        )
        assert response.json()["success"], response.json()
    gif_image, photo = Image.objects.order_by("pk")
    with gif_image.file.open() as handle:
        assert handle.read() == gif
    with photo.file.open() as handle:
        kept = handle.read()
    assert SCRIPT not in kept
    assert b"Camera Maker" not in kept


def office_file(kind: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if kind == "odt":
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            archive.writestr("content.xml", "<office:document-content/>")
        else:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
DOCUMENTS = [
    ("compte-rendu.pdf", PDF, True),
    ("compte-rendu.pdf", b"<html>" + SCRIPT, False),
    ("deliberation.docx", office_file("docx"), True),
    ("deliberation.docx", b"MZ\x90\x00 an executable", False),
    ("deliberation.odt", office_file("odt"), True),
    ("deliberation.odt", office_file("docx"), False),
    ("horaires.csv", b"jour;heure\nlundi;9h\n", True),
    ("horaires.txt", "Ouvert le lundi".encode("utf-16"), True),
    ("horaires.csv", b"\x7fELF\x00\x00binary", False),
    ("lettre.rtf", b"{\\rtf1\\ansi Bonjour}", True),
    ("lettre.rtf", b"Bonjour", False),
]


@pytest.mark.parametrize(("name", "content", "accepted"), DOCUMENTS)
@pytest.mark.parametrize("view", ["add", "add_multiple", "chooser"])
def test_a_document_must_contain_what_its_name_says(
    client, belval, belval_editor, view, name, content, accepted
):
    client.force_login(belval_editor)
    collection = belval.collection.pk
    url, field, data = {
        "add": (reverse("wagtaildocs:add"), "file", {"title": "CR", "collection": collection}),
        "add_multiple": (
            reverse("wagtaildocs:add_multiple"),
            "files[]",
            {"collection": collection},
        ),
        "chooser": (
            reverse("wagtaildocs_chooser:create"),
            "document-chooser-upload-file",
            {
                "document-chooser-upload-title": "CR",
                "document-chooser-upload-collection": collection,
            },
        ),
    }[view]
    response = client.post(url, {**data, field: SimpleUploadedFile(name, content)}, **HOST)
    assert response.status_code in (200, 302), response.status_code
    assert Document.objects.exists() == accepted, (name, errors_of(response)[:300])
    if not accepted:
        assert "ne contient pas de document" in errors_of(response)
