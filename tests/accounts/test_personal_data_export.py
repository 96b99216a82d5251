""" "Download my data": one JSON file with everything stored about the person."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services
from consultations.factories import CitizenFactory, CommentFactory, ProposalFactory

from .participation import EMAIL, LAST_NAME, NAME, build_world, take_part

pytestmark = pytest.mark.django_db
EXPORT = "/fr/accounts/profile/export/"


@pytest.fixture
def world(belval):
    return build_world(belval)


def download(client):
    response = client.get(EXPORT)
    assert response.status_code == 200
    return response, json.loads(response.content)


def test_the_profile_links_to_the_export_and_the_deletion(client, belval):
    client.force_login(CitizenFactory())
    html = client.get("/fr/accounts/profile/").text
    assert "Mes données personnelles" in html
    assert f'href="{EXPORT}" download' in html
    assert 'href="/fr/accounts/profile/delete/"' in html


def test_export_needs_login(client, belval):
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_export_is_read_with_get_only(client, belval):
    client.force_login(CitizenFactory())
    assert client.post(EXPORT).status_code == 405


def test_export_is_a_json_attachment_never_cached(client, world):
    client.force_login(world.person)
    response, data = download(client)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="agora-personal-data-')
    assert disposition.endswith('.json"')
    assert "no-store" in response["Cache-Control"]
    assert data["format"] == "agora-personal-data"
    assert data["version"] == 1
    assert list(data)[3:] == ["accounts", "notifications", "consultations", "budget", "projects"]
    # Accented names come out as they are, not as \\u escapes.
    assert "Zébulon" in response.content.decode()


def test_export_holds_the_profile(client, world):
    client.force_login(world.person)
    _response, data = download(client)
    account = data["accounts"]
    assert account["email"] == EMAIL
    assert account["display_name"] == NAME
    assert account["last_name"] == LAST_NAME
    assert account["birth_year"] == 1985
    assert account["residence"] == {"commune": "Ville de Belval", "hostname": "belval.localhost"}
    assert account["language"] == "fr"
    assert account["email_confirmed_at"]
    assert account["groups"] == []


def test_export_holds_every_contribution_and_nothing_of_others(client, world):
    made = take_part(client, world)
    client.force_login(world.person)
    _response, data = download(client)
    part = data["consultations"]

    proposals = {proposal["title"]: proposal for proposal in part["proposals"]}
    assert set(proposals) == {
        "Une fontaine d'eau potable",
        "Un marché le dimanche",
        "Un composteur de quartier",
    }
    fountain = proposals["Une fontaine d'eau potable"]
    assert fountain["description"] == "Au centre de la place."
    assert fountain["url"] == (
        f"http://belval.localhost/fr/place-du-marche/proposals/{made.open_proposal.pk}/"
    )
    assert fountain["page"] == {
        "title": "Place du marché",
        "url": "http://belval.localhost/fr/place-du-marche/",
    }
    assert fountain["image"]["description"] == "Une fontaine en pierre"
    assert fountain["show_author_name_in_open_data"] is True
    assert fountain["supports"] == 1
    assert proposals["Un marché le dimanche"]["status_label"] == "Réponse apportée"
    assert proposals["Un composteur de quartier"]["estimated_cost"] == "5000.00"

    comments = {comment["text"]: comment for comment in part["comments"]}
    assert set(comments) == {
        "Je suis pour, à l'ombre surtout.",
        "Des tables, oui !",
        "Merci pour la consultation.",
    }
    assert comments["Des tables, oui !"]["in_reply_to_comment"] == world.marc_comment.pk
    assert comments["Des tables, oui !"]["proposal"]["title"] == "Des bancs à l'ombre"
    assert comments["Merci pour la consultation."]["proposal"] is None

    assert [support["proposal"]["title"] for support in part["supports"]] == ["Des bancs à l'ombre"]
    [report] = part["reports"]
    assert report["reason"] == "off_topic"
    assert report["details"] == "Hors sujet selon moi."
    assert report["about"] == {"comment": world.marc_comment.pk, "text": "Et des tables aussi."}

    [answer] = part["questionnaire_answers"]
    assert answer["questionnaire"]["title"] == "Questionnaire sur la place"
    assert {"question": "Venez-vous au marché ?", "answer": "Parfois"} in answer["answers"]
    assert {"question": "Une remarque ?", "answer": "Plus d'ombre."} in answer["answers"]

    [ballot] = data["budget"]["ballots"]
    assert ballot["budget"]["title"] == "Budget participatif 2026"
    assert ballot["channel"] == "online"
    assert [(choice["rank"], choice["project"]["title"]) for choice in ballot["choices"]] == [
        (1, "Projet de Marc 1"),
        (2, "Un composteur de quartier"),
    ]

    text = json.dumps(data, ensure_ascii=False)
    for other in ("marc@example.org", "Excellente idée de fontaine", "Merci pour ton soutien"):
        assert other not in text


def test_export_holds_a_paper_ballot_entered_with_the_persons_address(client, world):
    from budget.services import enter_paper_ballot

    enter_paper_ballot(
        page=world.budget,
        staff=world.staff,
        voter_reference=EMAIL.upper(),
        projects=[world.projects[1].pk],
    )
    client.force_login(world.person)
    _response, data = download(client)
    [ballot] = data["budget"]["ballots"]
    assert ballot["channel"] == "paper"
    assert ballot["choices"][0]["project"]["title"] == "Projet de Marc 2"


def test_export_runs_a_bounded_number_of_queries(world):
    """The same number of queries for one contribution of each kind as for many."""

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            services.export_personal_data(user=world.person)
        return len(captured)

    def contribute():
        proposal = ProposalFactory(page=world.consultation, author=world.person)
        CommentFactory(page=world.consultation, proposal=proposal, author=world.person)
        other = ProposalFactory(page=world.consultation)
        other.supports.create(user=world.person)

    contribute()
    queries()  # warms the cache of Wagtail's site root paths
    few = queries()
    for _ in range(5):
        contribute()
    assert queries() == few
    assert few <= 10
