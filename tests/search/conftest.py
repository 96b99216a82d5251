import pytest

from consultations.factories import ProposalFactory, make_consultation
from home.factories import StandardPageFactory

BELVAL = {"HTTP_HOST": "belval.localhost"}
MONTCLAIR = {"HTTP_HOST": "montclair.localhost"}


def search(client, query="", host=BELVAL, language="fr", **params):
    return client.get(f"/{language}/search/", {"q": query, **params}, **host)


def publish_page(parent, **fields):
    page = StandardPageFactory(parent=parent, **fields)
    page.save_revision().publish()
    return page


@pytest.fixture
def school(belval):
    return publish_page(
        belval.home,
        title="L'École des Tilleuls",
        slug="ecole",
        intro="Un jardin pédagogique et des journaux d'élèves. Le cœur du quartier.",
    )


@pytest.fixture
def montclair_content(montclair):
    """Content only Montclair has: the word "guinguette"."""
    page = publish_page(
        montclair.home,
        title="Bord de Saône",
        slug="bord-de-saone",
        intro="Une guinguette ouvrira cet été au bord de l'eau.",
    )
    consultation = make_consultation(parent=montclair.home, title="Les quais", slug="quais")
    ProposalFactory(page=consultation, title="Une guinguette sur les quais", body="Le dimanche.")
    return page
