from types import SimpleNamespace

import pytest
from django.core.cache import cache, caches

from accounts.factories import UserFactory
from home.factories import make_commune


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters and other cached values never leak from one test to the next."""
    cache.clear()
    caches["pages"].clear()
    yield
    cache.clear()
    caches["pages"].clear()


@pytest.fixture
def belval(db):
    """Belval: the default site, in all four languages (untranslated content)."""
    commune = make_commune(
        name="Belval",
        hostname="belval.localhost",
        languages=["fr", "en", "de", "nl"],
        is_default_site=True,
        official_name="Ville de Belval",
        accent_colour="#1d4e89",
    )
    return SimpleNamespace(**vars(commune), home=commune.home)


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
def citizen(db):
    """A citizen who may take part: e-mail confirmed, adult."""
    from consultations.factories import CitizenFactory

    return CitizenFactory(email="lea@example.org", display_name="Léa")


@pytest.fixture
def belval_editor(belval):
    return UserFactory(email="editeur@belval.localhost", groups=[belval.editors])


@pytest.fixture
def belval_moderator(belval):
    return UserFactory(email="moderateur@belval.localhost", groups=[belval.moderators])
