"""Who can see a budget's results, when, and with which HTTP headers."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from budget.models import BudgetPage
from budget.results import results_visibility
from core.dates import long_date

from .results_helpers import (
    HOST,
    MONTCLAIR,
    RESULTS_OUT,
    VOTE_CLOSED,
    VOTE_OPEN,
    VOTE_SOON,
    add_ballot,
    add_projects,
    make_budget_page,
    sub,
)

ROUTES = ["results", "results_json", "ballots_pb"]


def budget_with_a_ballot(parent, **fields):
    page = make_budget_page(parent, **fields)
    projects = add_projects(page, {"Fontaine": 20000, "Préau": 30000})
    add_ballot(page, [projects["Fontaine"]])
    return page


def is_published(client, page) -> bool:
    html = client.get(sub(page, "results"), **HOST)
    assert html.status_code == 200
    statuses = {client.get(sub(page, name), **HOST).status_code for name in ROUTES[1:]}
    published = 'class="results-table"' in html.text
    assert statuses == ({200} if published else {404})
    assert ('class="results-pending"' in html.text) is not published
    return published


@pytest.mark.parametrize(
    ("phases", "live", "published"),
    [
        (VOTE_SOON, False, False),
        (VOTE_SOON, True, False),
        (VOTE_OPEN, False, False),
        (VOTE_OPEN, True, True),
        (VOTE_CLOSED, False, False),
        (VOTE_CLOSED, True, True),  # shown from the opening of the vote on
        (RESULTS_OUT, False, True),
    ],
)
def test_results_are_public_from_the_results_phase_or_live(client, belval, phases, live, published):
    page = budget_with_a_ballot(belval.home, phases=phases, show_live_results=live)
    assert is_published(client, page) is published


def test_frozen_results_are_public_whatever_the_phases(client, belval):
    page = budget_with_a_ballot(belval.home, phases=VOTE_CLOSED)
    assert not is_published(client, page)
    BudgetPage.objects.filter(pk=page.pk).update(
        results_frozen_at=timezone.now(),
        frozen_results={
            "budget": "100000.00",
            "currency": "EUR",
            "method": "approval",
            "rule": "greedy",
            "ballots": {"online": 1, "paper": 0, "total": 1},
            "projects": [],
            "winners": [],
            "min_score": 1,
            "points_per_rank": None,
            "spent": "0.00",
        },
    )
    page.refresh_from_db()
    assert results_visibility(page).final
    assert is_published(client, page)


def test_before_publication_the_page_says_when(client, belval):
    page = budget_with_a_ballot(belval.home, phases=VOTE_CLOSED)
    results_day = timezone.localdate() + timedelta(days=10)
    with translation.override("fr"):
        expected = long_date(results_day)
    response = client.get(sub(page, "results"), **HOST)
    assert expected in response.text
    assert "Fontaine" not in response.text
    assert results_visibility(page).publication_date == results_day

    live = make_budget_page(belval.home, slug="en-direct", phases=VOTE_SOON, show_live_results=True)
    assert results_visibility(live).publication_date == timezone.localdate() + timedelta(days=6)


def test_live_results_say_they_are_provisional(client, belval):
    page = budget_with_a_ballot(belval.home, phases=VOTE_OPEN, show_live_results=True)
    assert results_visibility(page).live
    assert "results-status--live" in client.get(sub(page, "results"), **HOST).text


def test_live_results_follow_new_ballots(client, belval):
    page = make_budget_page(belval.home, phases=VOTE_OPEN, show_live_results=True)
    projects = add_projects(page, {"Fontaine": 20000})
    url = sub(page, "results_json")
    assert client.get(url, **HOST).json()["ballots"]["total"] == 0
    add_ballot(page, [projects["Fontaine"]])
    assert client.get(url, **HOST).json()["projects"][0]["score"] == 1


def test_headers(client, belval):
    page = budget_with_a_ballot(belval.home, phases=RESULTS_OUT)
    html = client.get(sub(page, "results"), **HOST)
    assert "private" in html["Cache-Control"]
    data = client.get(sub(page, "results_json"), **HOST)
    assert data["Content-Type"] == "application/json; charset=utf-8"
    assert "public" in data["Cache-Control"]
    assert "max-age=60" in data["Cache-Control"]
    ballots = client.get(sub(page, "ballots_pb"), **HOST)
    assert ballots["Content-Type"] == "text/plain; charset=utf-8"
    assert ballots["Content-Disposition"].startswith("attachment;")
    assert "public" in ballots["Cache-Control"]
    assert client.post(sub(page, "results_json"), **HOST).status_code == 405


def test_another_communes_host_cannot_see_the_results(client, belval, montclair):
    page = budget_with_a_ballot(belval.home, phases=RESULTS_OUT)
    for name in ROUTES:
        assert client.get(sub(page, name), **HOST).status_code == 200
        assert client.get(sub(page, name), **MONTCLAIR).status_code == 404
