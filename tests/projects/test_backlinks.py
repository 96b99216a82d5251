"""Proposals, consultations and budgets link to the projects that build them."""

import pytest

from budget.factories import make_budget
from consultations.factories import ProposalFactory, make_consultation
from projects.factories import make_project

from .helpers import HOST, sub, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycling(belval):
    consultation = make_consultation(parent=belval.home, title="Plan vélo", slug="plan-velo")
    proposal = ProposalFactory(page=consultation, title="Une piste vers le lycée")
    return consultation, proposal


def test_the_proposal_says_it_is_being_built(client, cycling, belval_index):
    consultation, proposal = cycling
    project = make_project(index=belval_index, title="Piste du lycée", proposals=[proposal])
    text = client.get(sub(consultation, "proposal", proposal.pk), **HOST).text
    assert "Cette idée se concrétise" in text
    assert f'<a href="{project.url}">Voir le projet : Piste du lycée</a>' in text


def test_the_participation_page_lists_the_projects_born_from_it(
    client, cycling, belval_index, belval
):
    consultation, proposal = cycling
    by_page = make_project(index=belval_index, title="Stationnement vélo", origin_page=consultation)
    by_proposal = make_project(index=belval_index, title="Piste du lycée", proposals=[proposal])
    text = client.get(consultation.url, **HOST).text
    assert "Les projets nés de cette participation" in text
    assert f'href="{by_page.url}"' in text
    assert f'href="{by_proposal.url}"' in text

    budget = make_budget(parent=belval.home, title="Budget 2025", slug="budget-2025")
    built = make_project(index=belval_index, title="Des bancs", origin_page=budget)
    assert f'href="{built.url}"' in client.get(budget.url, **HOST).text


def test_drafts_are_not_announced(client, cycling, belval_index):
    consultation, proposal = cycling
    make_project(index=belval_index, title="Brouillon", proposals=[proposal], publish=False)
    assert (
        "Cette idée se concrétise"
        not in client.get(sub(consultation, "proposal", proposal.pk), **HOST).text
    )
    assert "Les projets nés" not in client.get(consultation.url, **HOST).text


def test_links_lead_to_the_project_in_the_visitors_language_or_its_source(
    client, cycling, belval_index
):
    consultation, proposal = cycling
    translated = make_project(index=belval_index, title="Piste du lycée", proposals=[proposal])
    untranslated = make_project(index=belval_index, title="Arceaux", proposals=[proposal])
    english_consultation = translate(consultation)
    translate(belval_index)
    english_project = translate(translated)
    text = client.get(sub(english_consultation, "proposal", proposal.pk), **HOST).text
    assert "This idea is being built" in text
    assert f'href="{english_project.url}"' in text
    assert english_project.url.startswith("/en/")
    assert f'href="{untranslated.url}"' in text  # French, for want of an English version
    assert f'href="{translated.url}"' not in text


def test_the_project_links_back_to_its_origins(client, cycling, belval_index):
    consultation, proposal = cycling
    project = make_project(
        index=belval_index, title="Piste", origin_page=consultation, proposals=[proposal]
    )
    text = client.get(project.url, **HOST).text
    assert f'<a href="{consultation.url}">Plan vélo</a>' in text
    assert (
        f'<a href="{sub(consultation, "proposal", proposal.pk)}">Une piste vers le lycée</a>'
        in text
    )


def test_hidden_proposals_are_not_linked_from_the_project(client, cycling, belval_index):
    _consultation, proposal = cycling
    proposal.is_hidden = True
    proposal.save()
    project = make_project(index=belval_index, title="Piste", proposals=[proposal])
    assert "Une piste vers le lycée" not in client.get(project.url, **HOST).text
