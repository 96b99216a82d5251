"""A commune with something on every public page: a consultation open for proposals
(with a proposal, a comment and a questionnaire), a budget whose vote is open and a
budget whose results are out."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from budget.factories import make_budget
from consultations.factories import (
    CategoryFactory,
    CitizenFactory,
    CommentFactory,
    ProposalFactory,
    make_consultation,
    make_questionnaire,
)
from consultations.models import ProposalStatus
from tests.budget.results_helpers import add_ballot, add_projects, make_budget_page

HOST = {"HTTP_HOST": "belval.localhost"}
CAPTCHA_OK = {"captcha_0": "any", "captcha_1": "PASSED"}


def rows() -> dict[str, int]:
    """How many rows each table citizens write to holds."""
    from wagtail.images import get_image_model

    from accounts.models import User
    from budget.models import Ballot, BallotChoice
    from consultations.models import Comment, Proposal, QuestionnaireSubmission, Report, Support

    models = (
        User,
        Proposal,
        Comment,
        Support,
        Report,
        QuestionnaireSubmission,
        Ballot,
        BallotChoice,
        get_image_model(),
    )
    return {model.__name__: model.objects.count() for model in models}


def sub(page, name, *args):
    """URL of a participation page's sub-route."""
    return page.url + page.reverse_subpage(name, args=args or None)


@pytest.fixture
def scene(belval, citizen):
    category = CategoryFactory(site=belval.site, name="Mobilité", locale=belval.home.locale)
    consultation = make_consultation(
        parent=belval.home,
        title="Aménagement de la place du marché",
        slug="place-du-marche",
        categories=[category],
    )
    proposal = ProposalFactory(
        page=consultation, title="Des bancs à l'ombre", category=category, author=citizen
    )
    comment = CommentFactory(page=consultation, proposal=proposal, body="Bonne idée")
    questionnaire = make_questionnaire(
        consultation,
        title="Questionnaire sur la place",
        slug="questionnaire",
        questions=[
            ("Venez-vous au marché ?", "radio", "Chaque semaine\nParfois\nJamais", True),
            ("Que souhaitez-vous ?", "checkboxes", "Des arbres\nDes bancs", False),
            ("Une remarque ?", "multiline", "", False),
            ("Votre âge", "number", "", False),
        ],
    )
    vote = make_budget(
        parent=belval.home, title="Budget 2026", slug="budget-2026", ballot_method="approval"
    )
    projects = [
        ProposalFactory(
            page=vote,
            title=f"Projet {number}",
            status=ProposalStatus.ELIGIBLE,
            estimated_cost=Decimal(cost),
        )
        for number, cost in enumerate(("40000", "25000", "12000"), start=1)
    ]
    results = make_budget_page(belval.home, slug="budget-2025", title="Budget 2025")
    chosen = add_projects(results, {"Un parc": "60000", "Une piste": "30000"})
    add_ballot(results, [chosen["Un parc"]])
    add_ballot(results, [chosen["Un parc"], chosen["Une piste"]])
    return SimpleNamespace(
        belval=belval,
        citizen=citizen,
        category=category,
        consultation=consultation,
        proposal=proposal,
        comment=comment,
        questionnaire=questionnaire,
        vote=vote,
        projects=projects,
        results=results,
    )


@pytest.fixture
def other_citizen(db):
    return CitizenFactory(email="paul@example.org", display_name="Paul")
