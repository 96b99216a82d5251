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
    project: str  # a project page with a timeline and updates
    citizen: str  # a demo citizen the other browser tests leave alone


COMMUNES = {
    "belval": Commune(
        host=BELVAL,
        accent="#1d4e89",
        consultation="/fr/place-du-marche/",
        budget="/fr/budget-participatif-2026/",
        search="/fr/search/?q=bancs",
        project="/fr/projets/verger-partage/",
        citizen="citoyen20@demo.localhost",
    ),
    "montclair": Commune(
        host=MONTCLAIR,
        accent="#7a2e5c",
        consultation="/fr/cour-oasis/",
        budget="/fr/budget-participatif-2025/",
        search="/fr/search/?q=arbres",
        project="/fr/projets/arbres-tilleuls/",
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
        ("budget poster", f"{budget}poster/"),
        ("vote", f"{budget}vote/"),
        ("results", f"{budget}results/"),
        ("projects", "/fr/projets/"),
        ("project", commune.project),
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
        ("e-mail change", "/fr/accounts/profile/email/"),
        ("password change", "/fr/accounts/profile/password/"),
        ("account deletion", "/fr/accounts/profile/delete/"),
    ]
