"""The projects index: filters, pagination, constant queries, one commune only."""

from datetime import date

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.factories import CategoryFactory, DistrictFactory
from projects.factories import make_project, milestones
from projects.models import ProjectImage
from projects.views import PROJECTS_PER_PAGE

from .helpers import HOST, MONTCLAIR, translate

pytestmark = pytest.mark.django_db


def _titles(response):
    return [project.title for project in response.context["projects"]]


@pytest.fixture
def catalogue(belval, belval_index, nature, les_pres):
    gare = DistrictFactory(site=belval.site, name="Gare")
    mobility = CategoryFactory(site=belval.site, name="Mobilité", locale=belval.home.locale)
    return {
        "orchard": make_project(
            index=belval_index,
            title="Verger",
            status="in_progress",
            category=nature,
            district=les_pres,
            milestones=milestones(
                (date(2025, 9, 1), "Vote", True), (date(2026, 4, 1), "Plantation", False)
            ),
        ),
        "benches": make_project(
            index=belval_index,
            title="Bancs",
            status="done",
            district=gare,
            milestones=milestones((date(2024, 5, 1), "Pose", True)),
        ),
        "cycle": make_project(
            index=belval_index,
            title="Piste cyclable",
            status="planned",
            category=mobility,
            milestones=milestones((date(2027, 3, 1), "Travaux", False)),
        ),
        "rink": make_project(
            index=belval_index,
            title="Patinoire",
            status="cancelled",
            status_reason="Terrain inondable.",
        ),
    }


def test_the_index_lists_its_projects_being_built_first(client, catalogue, belval_index):
    response = client.get(belval_index.url, **HOST)
    assert response.status_code == 200
    assert _titles(response) == ["Verger", "Piste cyclable", "Bancs", "Patinoire"]
    text = response.text
    # Statuses are written out, progress is given in words and as a bar.
    for label in ("En cours", "Prévu", "Réalisé", "Annulé"):
        assert label in text
    assert "Avancement : 50 % (1 étape réalisée sur 2)" in text
    assert '<progress class="project-progress__bar" max="100" value="50"' in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=done", ["Bancs"]),
        ("status=cancelled", ["Patinoire"]),
        ("year=2026", ["Verger"]),
        ("year=2025", ["Verger"]),
        ("year=2024", ["Bancs"]),
        ("status=in_progress&year=2024", []),
    ],
)
def test_filters_by_status_and_year(client, catalogue, belval_index, query, expected):
    assert _titles(client.get(f"{belval_index.url}?{query}", **HOST)) == expected


def test_filters_by_category_and_district(client, catalogue, belval_index, nature, les_pres):
    assert _titles(client.get(f"{belval_index.url}?category={nature.pk}", **HOST)) == ["Verger"]
    assert _titles(client.get(f"{belval_index.url}?district={les_pres.pk}", **HOST)) == ["Verger"]


def test_invalid_filters_are_ignored(client, catalogue, belval_index):
    response = client.get(f"{belval_index.url}?status=flying&year=abc&category=999999", **HOST)
    assert response.status_code == 200
    assert len(_titles(response)) == 4


def test_another_communes_categories_cannot_be_used_as_filters(
    client, catalogue, belval_index, montclair
):
    foreign = CategoryFactory(site=montclair.site, name="Ailleurs", locale=montclair.home.locale)
    response = client.get(f"{belval_index.url}?category={foreign.pk}", **HOST)
    assert len(_titles(response)) == 4
    assert "Ailleurs" not in response.text


def test_the_years_offered_are_those_of_the_milestones(client, catalogue, belval_index):
    choices = [
        value
        for value, _label in client.get(belval_index.url, **HOST)
        .context["filters"]
        .fields["year"]
        .choices
    ]
    assert choices == ["", 2027, 2026, 2025, 2024]


def test_the_index_is_paginated(client, belval_index):
    for number in range(PROJECTS_PER_PAGE + 2):
        make_project(index=belval_index, title=f"Projet {number:02d}")
    first = client.get(belval_index.url, **HOST)
    second = client.get(f"{belval_index.url}?page=2", **HOST)
    assert len(_titles(first)) == PROJECTS_PER_PAGE
    assert len(_titles(second)) == 2
    assert "Page 2 sur 2" in second.text


def _index_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **HOST).status_code == 200
    return len(queries)


def _busy_project(index, number, collection):
    image = wagtail_factories.ImageFactory(collection=collection)
    project = make_project(
        index=index,
        title=f"Projet {number}",
        milestones=milestones((-10, "Vote", True), (20, "Travaux", False)),
    )
    ProjectImage.objects.create(
        page=project, image=image, alt_text="Le chantier", locale=project.locale
    )
    return project


def test_the_index_takes_the_same_number_of_queries_whatever_the_number_of_projects(
    client, belval, belval_index
):
    for number in range(2):
        _busy_project(belval_index, number, belval.collection)
    client.get(belval_index.url, **HOST)  # warm the caches (site, settings)
    few = _index_queries(client, belval_index.url)
    for number in range(2, 10):
        _busy_project(belval_index, number, belval.collection)
    client.get(belval_index.url, **HOST)  # the new images' renditions are made once
    many = _index_queries(client, belval_index.url)
    assert few == many
    assert 'class="card__image"' in client.get(belval_index.url, **HOST).text


def test_a_commune_never_lists_another_communes_projects(
    client, orchard, belval_index, montclair_index
):
    foreign = make_project(index=montclair_index, title="Passerelle sur la Saône")
    belval_page = client.get(belval_index.url, **HOST)
    montclair_page = client.get(montclair_index.url, **MONTCLAIR)
    assert _titles(belval_page) == ["Un verger partagé"]
    assert _titles(montclair_page) == ["Passerelle sur la Saône"]
    # Another commune's project is not a page of this site.
    assert client.get(foreign.url, **HOST).status_code == 404


def test_the_english_index_shows_translations_and_falls_back_to_french(
    client, belval_index, orchard
):
    untranslated = make_project(index=belval_index, title="Bancs", status="planned")
    english_index = translate(belval_index)
    english_orchard = translate(orchard)
    response = client.get(english_index.url, **HOST)
    assert response.status_code == 200
    listed = {project.pk for project in response.context["projects"]}
    assert listed == {english_orchard.pk, untranslated.pk}
    assert "Un verger partagé [en]" in response.text
    assert "In progress" in response.text
