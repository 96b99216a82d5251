import pytest

from consultations.factories import CategoryFactory, DistrictFactory
from projects.factories import make_project, make_project_index, milestones, updates


@pytest.fixture
def belval_index(belval):
    return make_project_index(parent=belval.home, title="Projets", slug="projets")


@pytest.fixture
def montclair_index(montclair):
    return make_project_index(parent=montclair.home, title="Projets", slug="projets")


@pytest.fixture
def nature(belval):
    return CategoryFactory(site=belval.site, name="Nature en ville", locale=belval.home.locale)


@pytest.fixture
def les_pres(belval):
    return DistrictFactory(site=belval.site, name="Les Prés")


@pytest.fixture
def orchard(belval_index, nature, les_pres):
    """A project in progress: one milestone of three done, one update."""
    return make_project(
        index=belval_index,
        title="Un verger partagé",
        slug="verger",
        summary="Des arbres fruitiers au parc des Prés.",
        status="in_progress",
        category=nature,
        district=les_pres,
        milestones=milestones(
            (-60, "Vote des habitants", True),
            (-10, "Études du terrain", False),
            (30, "Plantation", False),
        ),
        updates=updates((-5, "Les études commencent", "Un géomètre est passé au parc.")),
    )
