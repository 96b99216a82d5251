"""A Belval citizen fills the ranked ballot (3-2-1 points), watches the basket,
is refused when the ballot breaks the rules, votes, then replaces the ballot."""

from playwright.sync_api import expect

from budget.models import Ballot, voter_hash

from .browser import assert_accessible, login

VOTER = "citoyen5@demo.localhost"
VOTE = "/fr/budget-participatif-2026/vote/"


def project_titles(page) -> list[str]:
    return page.locator(".ballot-project .card__title").all_inner_texts()


def test_citizen_ranks_three_projects_is_refused_over_the_limit_and_replaces_the_ballot(
    demo_server, page, axe_source
):
    login(page, demo_server, VOTER)
    page.goto(demo_server.url(VOTE))
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre bulletin")
    first, second, third, fourth = project_titles(page)[:4]
    ranks = [page.get_by_label(f"Choix n° {n}") for n in (1, 2, 3)]
    expect(ranks[0]).to_have_accessible_name("Choix n° 1 (3 points)")
    expect(ranks[2]).to_have_accessible_name("Choix n° 3 (1 point)")

    # The basket (static/js/ballot.js) follows each choice.
    basket = page.locator("[data-basket]")
    expect(basket).to_have_text("Vous avez classé 0 projet sur 3.")
    for rank, title in zip(ranks, (first, second, third), strict=True):
        rank.select_option(label=_option(page, title))
    expect(basket).to_have_text("Vous avez classé 3 projets sur 3.")
    expect(basket).not_to_have_class("ballot__basket--over")

    # The same project twice: the basket warns, and the server refuses the ballot.
    ranks[2].select_option(label=_option(page, first))
    expect(basket).to_contain_text(f"« {first} » est classé deux fois")
    expect(basket).to_have_class("ballot__basket ballot__basket--over")
    page.get_by_role("button", name="Voter").click()
    expect(page.get_by_role("alert")).to_have_text("Un projet est choisi deux fois.")
    assert_accessible(page, axe_source, "ballot refused")

    # More projects than ranks (a fourth choice slipped into the form): refused too.
    for rank, title in zip(ranks, (first, second, third), strict=True):
        rank.select_option(label=_option(page, title))
    page.evaluate(
        """title => {
            const extra = document.querySelector("#rank-3").cloneNode(true);
            extra.id = "rank-4";
            extra.value = [...extra.options].find(option => option.dataset.title === title).value;
            document.querySelector(".ballot__ranks").append(extra);
        }""",
        fourth,
    )
    page.get_by_role("button", name="Voter").click()
    expect(page.get_by_role("alert")).to_have_text("Classez au plus 3 projets.")
    assert not Ballot.objects.filter(voter_hash=voter_hash(VOTER)).exists()

    # A valid ballot is recorded, with 3, 2 and 1 points.
    for rank, title in zip(ranks, (first, second, third), strict=True):
        rank.select_option(label=_option(page, title))
    page.get_by_role("button", name="Voter").click()
    expect(page.locator(".messages")).to_contain_text("Votre bulletin est enregistré.")
    stored = page.get_by_role("region", name="Votre bulletin enregistré")
    expect(stored.get_by_role("listitem")).to_have_text(
        [f"{first} — 3 points", f"{second} — 2 points", f"{third} — 1 point"]
    )
    expect(ranks[0]).to_have_value(_value(page, first))
    assert_accessible(page, axe_source, "ballot recorded")

    # Replacing it: the new ranking takes the place of the old one.
    ranks[0].select_option(label=_option(page, fourth))
    ranks[2].select_option(label=_option(page, first))
    page.get_by_role("button", name="Remplacer mon bulletin").click()
    expect(page.locator(".messages")).to_contain_text("Votre bulletin est enregistré.")
    expect(stored.get_by_role("listitem")).to_have_text(
        [f"{fourth} — 3 points", f"{second} — 2 points", f"{first} — 1 point"]
    )
    ballot = Ballot.objects.get(voter_hash=voter_hash(VOTER))
    assert [choice.points for choice in ballot.choices.order_by("position")] == [3, 2, 1]


def _option(page, title: str) -> str:
    """The label of a project's option: its title followed by its cost."""
    return page.locator(f'#rank-1 option[data-title="{title}"]').inner_text()


def _value(page, title: str) -> str:
    return page.locator(f'#rank-1 option[data-title="{title}"]').get_attribute("value")
