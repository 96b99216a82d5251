import pytest

from consultations.factories import make_consultation


@pytest.fixture
def consultation(belval):
    return make_consultation(
        parent=belval.home, title="Aménagement de la place du marché", slug="place-du-marche"
    )
