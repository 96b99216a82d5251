import pytest

from consultations.factories import (
    CategoryFactory,
    DistrictFactory,
    ProposalFactory,
    make_consultation,
)


@pytest.fixture
def mobility(belval):
    return CategoryFactory(site=belval.site, name="Mobilité", locale=belval.home.locale)


@pytest.fixture
def centre(belval):
    return DistrictFactory(site=belval.site, name="Centre-ville")


@pytest.fixture
def consultation(belval, mobility):
    return make_consultation(
        parent=belval.home,
        title="Aménagement de la place du marché",
        slug="place-du-marche",
        categories=[mobility],
        support_threshold=3,
    )


@pytest.fixture
def proposal(consultation, mobility):
    return ProposalFactory(page=consultation, title="Des bancs à l'ombre", category=mobility)
