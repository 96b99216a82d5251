from types import SimpleNamespace

import pytest

from accounts.factories import UserFactory
from home.factories import StandardPageFactory, make_commune
from home.services import translate_page


@pytest.fixture
def belval(db):
    """Belval: the default site, in all four languages, with one translated page."""
    commune = make_commune(
        name="Belval",
        hostname="belval.localhost",
        languages=["fr", "en", "de", "nl"],
        is_default_site=True,
        official_name="Ville de Belval",
        accent_colour="#1d4e89",
    )
    home = commune.home
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
    # The commune as the service returns it, plus the page the tests look at.
    return SimpleNamespace(**vars(commune), home=commune.home, market_page=page)


@pytest.fixture
def montclair(db):
    commune = make_commune(
        name="Montclair",
        hostname="montclair.localhost",
        languages=["fr", "en"],
        official_name="Commune de Montclair",
        accent_colour="#7a2e5c",
    )
    return SimpleNamespace(**vars(commune), home=commune.home)


@pytest.fixture
def belval_editor(belval):
    return UserFactory(email="editeur@belval.localhost", groups=[belval.editors])


@pytest.fixture
def belval_moderator(belval):
    return UserFactory(email="moderateur@belval.localhost", groups=[belval.moderators])
