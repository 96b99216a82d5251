import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks import StructBlockValidationError

from home.blocks import CallToActionBlock, ImageBlock
from home.colours import contrast_ratio, validate_accent_colour

pytestmark = pytest.mark.django_db


def test_contrast_ratio_matches_wcag_reference_values():
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast_ratio("#767676", "#ffffff"), 2) == 4.54


@pytest.mark.parametrize("colour", ["#1d4e89", "#7a2e5c", "#000000"])
def test_dark_accent_colours_are_accepted(colour):
    validate_accent_colour(colour)


@pytest.mark.parametrize(
    ("colour", "code"),
    [("#ffff00", "low_contrast"), ("blue", "invalid_colour"), ("#12345", "invalid_colour")],
)
def test_unreadable_or_malformed_accent_colours_are_refused(colour, code):
    with pytest.raises(ValidationError) as error:
        validate_accent_colour(colour)
    assert error.value.code == code


def test_image_block_needs_alt_text_unless_decorative():
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Place", file=get_test_image_file())
    block = ImageBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"image": image.pk, "alt_text": "", "decorative": False}))
    assert block.clean(block.to_python({"image": image.pk, "alt_text": "", "decorative": True}))
    assert block.clean(
        block.to_python({"image": image.pk, "alt_text": "La place", "decorative": False})
    )


def test_call_to_action_needs_exactly_one_target(belval):
    block = CallToActionBlock()
    base = {"title": "Participer", "text": "", "button_label": "Go"}
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python(base | {"page": None, "url": ""}))
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python(base | {"page": belval.home.pk, "url": "https://example.org"}))
    assert block.clean(block.to_python(base | {"page": belval.home.pk, "url": ""}))


def test_standard_page_renders_its_blocks_and_the_commune_chrome(client, belval):
    page = belval.market_page
    page.body = [
        ("heading", {"text": "Horaires", "level": "h2"}),
        ("paragraph", "<p>Le samedi matin.</p>"),
        ("quote", {"quote": "Un lieu de vie.", "attribution": "Une habitante"}),
        (
            "call_to_action",
            {
                "title": "Donnez votre avis",
                "text": "",
                "page": belval.home,
                "url": "",
                "button_label": "Participer",
            },
        ),
    ]
    page.save_revision().publish()
    response = client.get("/fr/marche/", HTTP_HOST="belval.localhost")
    text = response.text
    assert response.status_code == 200
    assert "<h2>Horaires</h2>" in text
    assert "Le samedi matin." in text
    assert "— Une habitante" in text
    assert 'class="button" href="/fr/"' in text
    # Landmarks, skip link and accent colour.
    for marker in (
        '<a class="skip-link" href="#main">',
        "<header",
        '<main id="main"',
        "<footer",
        "--accent: #1d4e89",
    ):
        assert marker in text


def test_footer_links_to_legal_and_accessibility_pages_in_the_current_language(client, belval):
    settings = belval.settings
    settings.legal_notice_page = belval.market_page
    settings.accessibility_page = belval.market_page
    settings.save()
    response = client.get("/en/", HTTP_HOST="belval.localhost")
    assert 'href="/en/market/">Legal notice' in response.text
    assert 'href="/en/market/">Accessibility' in response.text


def test_menu_lists_pages_marked_for_menus(client, belval):
    page = belval.market_page
    page.show_in_menus = True
    page.save_revision().publish()
    response = client.get("/fr/", HTTP_HOST="belval.localhost")
    assert '<nav class="main-nav"' in response.text
    assert 'href="/fr/marche/">Le marché</a>' in response.text


def test_404_page_keeps_the_commune_chrome(client, belval):
    response = client.get("/fr/nulle-part/", HTTP_HOST="belval.localhost")
    assert response.status_code == 404
    assert "Page introuvable" in response.text
    assert "Ville de Belval" in response.text


def test_500_page_is_self_contained():
    from django.template.loader import get_template

    html = get_template("500.html").render({})
    assert "Une erreur est survenue" in html
    assert '<html lang="fr">' in html
