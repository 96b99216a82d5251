"""A Belval citizen narrows an approval ballot to one category, then to one district:
only the projects matching both stay listed, and a project already chosen never
disappears."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from accounts.models import User
from budget.factories import make_budget
from consultations.factories import DistrictFactory, ProposalFactory
from consultations.models import Category, ProposalStatus

from .browser import assert_accessible, login
from .conftest import BELVAL

VOTER = "citoyen8@demo.localhost"
# Title, category, district (the demo's Belval categories and districts).
PROJECTS = [
    ("Une piste cyclable vers la gare", "Mobilité", "Gare"),
    ("Des arbres devant la gare", "Nature en ville", "Gare"),
    ("Une zone 30 au Vieux-Bourg", "Mobilité", "Vieux-Bourg"),
    ("Un jardin au Vieux-Bourg", "Nature en ville", "Vieux-Bourg"),
    ("Une navette dans toute la commune", "Mobilité", None),
]
CYCLE_PATH, TREES, ZONE_30, GARDEN, SHUTTLE = (title for title, _category, _district in PROJECTS)


@pytest.fixture
def filtered_budget(demo_server):
    """An approval ballot of its own, removed afterwards: the demo stays as it was."""
    site = Site.objects.get(hostname=BELVAL)
    categories = {
        category.name: category
        for category in Category.objects.filter(site=site, locale=site.root_page.locale)
    }
    budget = make_budget(
        parent=site.root_page,
        title="Budget des quartiers",
        slug="budget-des-quartiers",
        ballot_method="approval",
        min_choices=1,
        categories=[categories["Mobilité"], categories["Nature en ville"]],
    )
    author = User.objects.get(email=VOTER)
    for title, category, district in PROJECTS:
        ProposalFactory(
            page=budget,
            author=author,
            title=title,
            status=ProposalStatus.ELIGIBLE,
            estimated_cost=Decimal("10000"),
            category=categories[category],
            district=DistrictFactory(site=site, name=district) if district else None,
        )
    yield "/fr/budget-des-quartiers/vote/"
    budget.delete()


def shown(page):
    """The titles of the projects the citizen can see."""
    return page.locator(".ballot__projects > li:visible .card__title")


def test_citizen_filters_the_ballot_by_category_then_district(
    demo_server, page, axe_source, filtered_budget
):
    login(page, demo_server, VOTER)
    page.goto(demo_server.url(filtered_budget))
    category = page.get_by_label("Afficher les projets de")
    district = page.get_by_label("Quartier", exact=True)
    expect(category).to_be_visible()
    expect(district).to_be_visible()
    # The districts of the ballot's projects only, by name.
    expect(district.locator("option")).to_have_text(["tous les quartiers", "Gare", "Vieux-Bourg"])
    expect(shown(page)).to_have_text([title for title, _c, _d in PROJECTS])
    assert_accessible(page, axe_source, "ballot with its filters")

    # A project chosen first: the filters never hide it.
    page.get_by_role("checkbox", name=f"Choisir {GARDEN}").check()

    category.select_option(label="Mobilité")
    expect(shown(page)).to_have_text([CYCLE_PATH, ZONE_30, GARDEN, SHUTTLE])

    # Both filters together: Mobilité and Gare.
    district.select_option(label="Gare")
    expect(shown(page)).to_have_text([CYCLE_PATH, GARDEN])

    # The district alone, every category again.
    category.select_option(label="toutes les catégories")
    expect(shown(page)).to_have_text([CYCLE_PATH, TREES, GARDEN])

    # Once unchosen, a project the filters leave out goes at the next change.
    page.get_by_role("checkbox", name=f"Choisir {GARDEN}").uncheck()
    district.select_option(label="Vieux-Bourg")
    district.select_option(label="Gare")
    expect(shown(page)).to_have_text([CYCLE_PATH, TREES])
    assert_accessible(page, axe_source, "ballot filtered")

    district.select_option(label="tous les quartiers")
    expect(shown(page)).to_have_text([title for title, _c, _d in PROJECTS])
