import pytest

from home.factories import StandardPageFactory
from home.services import translate_page


@pytest.fixture
def belval(belval):
    """Belval with its home page and a "market" page translated into every language."""
    home = belval.home
    home.hero_title = "Bienvenue à Belval"
    home.save_revision().publish()
    for language, hero in (
        ("en", "Welcome to Belval"),
        ("de", "Willkommen in Belval"),
        ("nl", "Welkom in Belval"),
    ):
        translate_page(
            page=home,
            language=language,
            strings={"Belval": "Belval", "belval": "belval", "Bienvenue à Belval": hero},
        )
    page = StandardPageFactory(parent=home, title="Le marché", slug="marche", intro="")
    page.save_revision().publish()
    for language, title, slug in (
        ("en", "The market", "market"),
        ("de", "Der Markt", "markt"),
        ("nl", "De markt", "markt"),
    ):
        translate_page(page=page, language=language, strings={"Le marché": title, "marche": slug})
    belval.market_page = page
    return belval
