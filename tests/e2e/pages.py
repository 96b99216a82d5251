"""The key public pages of each demo commune, as a visitor and as a signed-in citizen."""

from dataclasses import dataclass

from .conftest import BELVAL, MONTCLAIR


@dataclass(frozen=True)
class Commune:
    host: str
    accent: str
    consultation: str  # open for proposals
    budget: str
    search: str
    citizen: str  # a demo citizen the other browser tests leave alone


COMMUNES = {
    "belval": Commune(
        host=BELVAL,
        accent="#1d4e89",
        consultation="/fr/place-du-marche/",
        budget="/fr/budget-participatif-2026/",
        search="/fr/search/?q=bancs",
        citizen="citoyen20@demo.localhost",
    ),
    "montclair": Commune(
        host=MONTCLAIR,
        accent="#7a2e5c",
        consultation="/fr/cour-oasis/",
        budget="/fr/budget-participatif-2025/",
        search="/fr/search/?q=arbres",
        citizen="citoyen21@demo.localhost",
    ),
}


def first_proposal_id(commune: Commune) -> int:
    from consultations.models import Proposal

    slug = commune.consultation.strip("/").split("/")[-1]
    return (
        Proposal.objects.listed()
        .filter(page__slug=slug, page__locale__language_code="fr")
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def visitor_pages(commune: Commune) -> list[tuple[str, str]]:
    consultation, budget = commune.consultation, commune.budget
    proposal = first_proposal_id(commune)
    return [
        ("home", "/fr/"),
        ("consultation", consultation),
        ("proposal list", f"{consultation}proposals/"),
        ("proposal detail", f"{consultation}proposals/{proposal}/"),
        ("budget", budget),
        ("vote", f"{budget}vote/"),
        ("results", f"{budget}results/"),
        ("login", "/fr/accounts/login/"),
        ("signup", "/fr/accounts/signup/"),
        ("search", commune.search),
        ("404", "/fr/cette-page-n-existe-pas/"),
        ("accessibility statement", "/fr/accessibilite/"),
    ]


def citizen_pages(commune: Commune) -> list[tuple[str, str]]:
    consultation, budget = commune.consultation, commune.budget
    proposal = first_proposal_id(commune)
    return [
        ("new proposal form", f"{consultation}proposals/new/"),
        ("proposal detail (signed in)", f"{consultation}proposals/{proposal}/"),
        ("vote (signed in)", f"{budget}vote/"),
        ("profile", "/fr/accounts/profile/"),
    ]
