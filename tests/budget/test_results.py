"""Results of a participatory budget: the page, results.json and ballots.pb agree with
each other, with a recount of the file, and with outcomes computed by hand."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from budget.models import Ballot
from budget.pabulib import parse_pabulib, tally_file
from budget.results import (
    build_election,
    compute_results,
    count_results,
    results_as_dict,
    results_as_json,
    results_from_dict,
)
from budget.results_views import explain
from budget.tally import BallotKind, Reason
from consultations.factories import ProposalFactory
from consultations.models import ProposalStatus
from home.services import translate_page

from .results_helpers import (
    HOST,
    add_ballot,
    add_ballots,
    add_projects,
    get_json,
    make_budget_page,
    sub,
)

# The approval scenario -----------------------------------------------------------------
#
# 100 000 € for 10 voters. Seven want A1, A2 and A3 (30 000 € each; one of them also
# C, 5 000 €); three, on paper, want M1 (30 000 €). Nobody wants Z (1 000 €).
#
# greedy: A1, A2, A3 by score (90 000 €); M1 no longer fits in the 10 000 € left; C does.
# mes: every voter has 10 000 €. A1 then A2 cost each of the seven 30 000 / 7 = 4 285.71 €,
#   leaving them 1 428.57 € each (10 000 € together): A3 is out of their reach, while
#   the three pay 10 000 € each for M1. C is beyond its one supporter's 1 428.57 €.
#   Add1 raises the shares until A3 becomes affordable (12 858 €), which no longer fits.
# mes-greedy: then 10 000 € are left: A3 does not fit, C (5 000 €) does.

APPROVAL_COSTS = {"A1": 30000, "A2": 30000, "A3": 30000, "M1": 30000, "C": 5000, "Z": 1000}
EXPECTED = {
    "greedy": {
        "winners": ["A1", "A2", "A3", "C"],
        "spent": "95000.00",
        "reasons": {
            "A1": (Reason.FUNDED, "100000.00"),
            "A2": (Reason.FUNDED, "70000.00"),
            "A3": (Reason.FUNDED, "40000.00"),
            "M1": (Reason.NOT_ENOUGH_MONEY_LEFT, "10000.00"),
            "C": (Reason.FUNDED, "10000.00"),
            "Z": (Reason.BELOW_THRESHOLD, None),
        },
    },
    "mes": {
        "winners": ["A1", "A2", "M1"],
        "spent": "90000.00",
        "reasons": {
            "A1": (Reason.FUNDED, None),
            "A2": (Reason.FUNDED, None),
            "A3": (Reason.MES_NOT_AFFORDABLE, None),
            "M1": (Reason.FUNDED, None),
            "C": (Reason.MES_NOT_AFFORDABLE, None),
            "Z": (Reason.BELOW_THRESHOLD, None),
        },
    },
    "mes-greedy": {
        "winners": ["A1", "A2", "M1", "C"],
        "spent": "95000.00",
        "reasons": {
            "A1": (Reason.FUNDED, None),
            "A2": (Reason.FUNDED, None),
            "A3": (Reason.NOT_ENOUGH_MONEY_LEFT, "10000.00"),
            "M1": (Reason.FUNDED, None),
            "C": (Reason.FUNDED_GREEDY_COMPLETION, "10000.00"),
            "Z": (Reason.BELOW_THRESHOLD, None),
        },
    },
}
SCORES = {"A1": 7, "A2": 7, "A3": 7, "M1": 3, "C": 1, "Z": 0}


def approval_budget(parent, rule, **fields):
    page = make_budget_page(parent, result_rule=rule, slug=f"budget-{rule}", **fields)
    projects = add_projects(page, APPROVAL_COSTS)
    a1, a2, a3, m1, c = (projects[name] for name in ("A1", "A2", "A3", "M1", "C"))
    add_ballot(page, [a1, a2, a3, c])
    add_ballots(page, [[a1, a2, a3]] * 6)
    add_ballots(page, [[m1]] * 3, channel="paper")
    return page, projects


def page_rows(html: str) -> dict[int, dict]:
    """The results table: proposal id → reason, score, funded (as written)."""
    rows = {}
    for match in re.finditer(
        r'<tr id="project-(\d+)"[^>]*data-reason="([a-z_]+)">(.*?)</tr>', html, re.S
    ):
        body = match.group(3)
        rows[int(match.group(1))] = {
            "reason": match.group(2),
            "score": int(re.search(r"data-score>(\d+)<", body).group(1)),
            "selected": re.search(r'data-selected="(yes|no)"', body).group(1) == "yes",
        }
    return rows


def page_winners(html: str, page) -> list[int]:
    section = re.search(r'<section class="results-winners".*?</section>', html, re.S).group(0)
    base = re.escape(sub(page, "proposals"))
    return [int(number) for number in re.findall(rf'href="{base}(\d+)/"', section)]


def recount(client, page, tmp_path, rule=None):
    response = client.get(sub(page, "ballots_pb"), **HOST)
    assert response.status_code == 200
    path = tmp_path / f"{page.slug}.pb"
    path.write_bytes(response.content)
    return tally_file(path, rule)


# Hand-computed outcomes -----------------------------------------------------------------


@pytest.mark.parametrize("rule", ["greedy", "mes", "mes-greedy"])
def test_approval_outcome_by_rule(client, belval, rule, tmp_path):
    page, projects = approval_budget(belval.home, rule)
    names = {proposal.pk: name for name, proposal in projects.items()}
    ids = {name: proposal.pk for name, proposal in projects.items()}
    expected = EXPECTED[rule]

    results = compute_results(page)
    assert [names[pid] for pid in results.winners] == expected["winners"]
    assert results.spent == Decimal(expected["spent"])
    assert results.left == Decimal("100000") - Decimal(expected["spent"])
    assert (results.ballots.online, results.ballots.paper, results.ballots.total) == (7, 3, 10)
    for project in results.projects:
        reason, left = expected["reasons"][names[project.id]]
        assert project.reason == reason, names[project.id]
        assert project.money_left_at_turn == (Decimal(left) if left else None)
        assert project.score == SCORES[names[project.id]]
        assert project.selected == (names[project.id] in expected["winners"])
        if project.selected:
            assert project.position == expected["winners"].index(names[project.id])

    # results.json: schema and values.
    data = get_json(client, page)
    assert set(data) == {"budget", "currency", "method", "rule", "ballots", "projects", "winners"}
    assert data["budget"] == "100000.00"
    assert data["currency"] == "EUR"
    assert data["method"] == "approval"
    assert data["rule"] == rule
    assert data["ballots"] == {"online": 7, "paper": 3, "total": 10}
    assert data["winners"] == [ids[name] for name in expected["winners"]]
    for project in data["projects"]:
        assert set(project) == {"id", "title", "cost", "score", "selected"}
        assert project["title"] == names[project["id"]]
        assert project["cost"] == f"{APPROVAL_COSTS[project['title']]}.00"
        assert project["score"] == SCORES[project["title"]]
        assert project["selected"] == (project["title"] in expected["winners"])
    # Highest score first; ties as the rule breaks them (cheaper, then submitted first).
    assert [project["title"] for project in data["projects"]] == ["A1", "A2", "A3", "M1", "C", "Z"]

    # The page says the same.
    response = client.get(sub(page, "results"), **HOST)
    assert response.status_code == 200
    html = response.text
    rows = page_rows(html)
    assert set(rows) == set(names)
    for pid, row in rows.items():
        name = names[pid]
        assert row["reason"] == expected["reasons"][name][0]
        assert row["score"] == SCORES[name]
        assert row["selected"] == (name in expected["winners"])
    assert page_winners(html, page) == data["winners"]
    assert 'data-count="total">10<' in html
    assert 'data-count="online">7<' in html
    assert 'data-count="paper">3<' in html

    # Recounting ballots.pb gives the same winners. The file names MES-greedy
    # "equalshares/add1-greedy", which `PabulibFile.default_rule` reads as plain MES:
    # that one rule is named explicitly.
    counted = recount(client, page, tmp_path, rule="mes-greedy" if rule == "mes-greedy" else None)
    assert list(counted.result.winners) == [str(pid) for pid in data["winners"]]
    assert counted.as_json()["ballots"]["total"] == 10
    assert {p["id"]: p["score"] for p in counted.as_json()["projects"]} == {
        str(p["id"]): p["score"] for p in data["projects"]
    }


RANKED_COSTS = {"P1": 40000, "P2": 25000, "P3": 12000, "P4": 8000}


def ballots_by_method(method, projects):
    """Ballots of each method for RANKED_COSTS, and their greedy outcome by hand."""
    p1, p2, p3, p4 = (projects[name] for name in ("P1", "P2", "P3", "P4"))
    if method == "ranked":
        # 3-2-1: P1 3+3+1 = 7, P2 2+3 = 5, P3 1+2 = 3, P4 2+3 = 5.
        # Greedy on 50 000 €: P1 (10 000 € left), P4 before P2 (cheaper) fits, nothing else.
        lists = [[p1, p2, p3], [p1, p3], [p2, p4, p1], [p4]]
        return lists, None, {"P1": 7, "P2": 5, "P3": 3, "P4": 5}, ["P1", "P4"]
    if method == "cumulative":
        # P1 6, P2 10, P3 4+5 = 9, P4 5: P2, P3, P1 (40 000 € > 13 000 € left), P4.
        lists = [[p1, p3], [p2], [p3, p4]]
        points = [[6, 4], [10], [5, 5]]
        return lists, points, {"P1": 6, "P2": 10, "P3": 9, "P4": 5}, ["P2", "P3", "P4"]
    if method == "knapsack":
        # Baskets within 50 000 €: P1 1, P2 2, P3 3, P4 3: P4, P3, P2, then P1 no longer fits.
        lists = [[p1, p4], [p2, p3, p4], [p2, p3], [p3, p4]]
        return lists, None, {"P1": 1, "P2": 2, "P3": 3, "P4": 3}, ["P4", "P3", "P2"]
    # Approval: P1 3, P2 2, P3 2, P4 1: P1 (10 000 € left); P3 (cheaper than P2) and P2 no
    # longer fit; P4 does.
    lists = [[p1, p3], [p1, p2], [p1, p3], [p2, p4]]
    return lists, None, {"P1": 3, "P2": 2, "P3": 2, "P4": 1}, ["P1", "P4"]


def method_budget(parent, method, rule="greedy"):
    fields = {"ballot_method": method, "result_rule": rule, "envelope": Decimal("50000")}
    if method == "ranked":
        fields["points_per_rank"] = "3,2,1"
    if method == "cumulative":
        fields["total_points"] = 10
        fields["max_points_per_project"] = 10
    if method in ("approval", "knapsack"):
        fields["max_choices"] = 3
    page = make_budget_page(parent, slug=f"budget-{method}-{rule}", **fields)
    projects = add_projects(page, RANKED_COSTS)
    lists, points, scores, winners = ballots_by_method(method, projects)
    for position, chosen in enumerate(lists):
        add_ballot(page, chosen, points=points[position] if points else None)
    return page, projects, scores, winners


@pytest.mark.parametrize("method", ["approval", "knapsack", "ranked", "cumulative"])
def test_each_ballot_method_by_hand(client, belval, method, tmp_path):
    page, projects, scores, winners = method_budget(belval.home, method)
    names = {proposal.pk: name for name, proposal in projects.items()}
    data = get_json(client, page)
    assert data["method"] == method
    assert {names[p["id"]]: p["score"] for p in data["projects"]} == scores
    assert [names[pid] for pid in data["winners"]] == winners
    rows = page_rows(client.get(sub(page, "results"), **HOST).text)
    assert {names[pid]: row["score"] for pid, row in rows.items()} == scores
    assert {names[pid] for pid, row in rows.items() if row["selected"]} == set(winners)
    counted = recount(client, page, tmp_path)
    assert [names[int(pid)] for pid in counted.result.winners] == winners


@pytest.mark.parametrize("rule", ["greedy", "mes", "mes-greedy"])
@pytest.mark.parametrize("method", ["approval", "knapsack", "ranked", "cumulative"])
def test_page_json_and_file_agree_for_every_method_and_rule(client, belval, method, rule, tmp_path):
    page, _projects, _scores, _winners = method_budget(belval.home, method, rule)
    data = get_json(client, page)
    assert data["rule"] == rule
    counted = recount(client, page, tmp_path, rule=rule)
    assert list(counted.result.winners) == [str(pid) for pid in data["winners"]]
    rows = page_rows(client.get(sub(page, "results"), **HOST).text)
    assert {pid for pid, row in rows.items() if row["selected"]} == set(data["winners"])
    assert {pid: row["score"] for pid, row in rows.items()} == {
        p["id"]: p["score"] for p in data["projects"]
    }


# The election built from the database ------------------------------------------------------


def test_build_election_counts_in_cents_with_points_by_rank(belval):
    page = make_budget_page(
        belval.home, ballot_method="ranked", points_per_rank="5,3,1", envelope=Decimal("1234.56")
    )
    projects = add_projects(page, {"Bancs": "99.99", "Arbres": "500"})
    add_ballot(page, [projects["Arbres"], projects["Bancs"]])
    add_ballot(page, [projects["Bancs"]])
    election, listed = build_election(page)
    assert election.kind is BallotKind.RANKED
    assert election.budget == 123456
    assert [p.cost for p in election.projects] == [9999, 50000]
    assert [p.id for p in election.projects] == [p.pk for p in listed]
    assert [p.cost for p in listed] == [Decimal("99.99"), Decimal("500.00")]
    assert election.points_per_rank == (5, 3, 1)
    assert election.scores.tolist() == [3 + 5, 5]


def test_only_projects_on_the_ballot_count(client, belval):
    page = make_budget_page(belval.home)
    projects = add_projects(page, {"Retenu": 1000, "Retiré": 1000})
    add_ballot(page, [projects["Retiré"], projects["Retenu"]])
    add_ballot(page, [projects["Retiré"]])  # empty once the project is withdrawn: still counted
    projects["Retiré"].status = ProposalStatus.INELIGIBLE
    projects["Retiré"].save()
    ProposalFactory(page=page, title="Jamais retenue", estimated_cost=Decimal("10"))
    data = get_json(client, page)
    assert [p["title"] for p in data["projects"]] == ["Retenu"]
    assert data["ballots"]["total"] == 2
    assert data["projects"][0]["score"] == 1


def test_results_round_trip_through_storage(belval):
    page, _projects = approval_budget(belval.home, "mes-greedy")
    results = count_results(page)
    assert results_from_dict(results_as_dict(results)) == results
    assert set(results_as_json(results)) < set(results_as_dict(results))


# ballots.pb ---------------------------------------------------------------------------------


def test_ballots_file_is_anonymous_and_complete(client, belval):
    page = make_budget_page(
        belval.home, ballot_method="cumulative", total_points=10, max_points_per_project=8
    )
    projects = add_projects(page, {"Jardin; partagé": "12000.50", "Bancs": 3000})
    garden, benches = projects["Jardin; partagé"], projects["Bancs"]
    ballots = [
        add_ballot(page, [garden, benches], points=[6, 4]),
        add_ballot(page, [benches], points=[8]),
        add_ballot(page, [garden], points=[2], channel="paper"),
    ]
    response = client.get(sub(page, "ballots_pb"), **HOST)
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="budget-2026-ballots.pb"'
    text = response.content.decode()
    data = parse_pabulib(text)
    assert data.meta["vote_type"] == "cumulative"
    assert data.meta["budget"] == "100000"
    assert data.meta["currency"] == "EUR"
    assert data.meta["rule"] == "greedy"
    assert data.meta["max_sum_points"] == "10"
    assert data.meta["max_points"] == "8"
    assert data.meta["min_project_score_threshold"] == "1"
    assert data.meta["num_votes"] == "3"
    assert [(p.id, p.cost, p.name) for p in data.projects] == [
        (str(garden.pk), Decimal("12000.50"), "Jardin; partagé"),
        (str(benches.pk), Decimal("3000"), "Bancs"),
    ]
    assert [p.fields["selected"] for p in data.projects] == ["1", "1"]
    # Voters are numbered in the order of their keyed hash, not in the order they voted.
    by_hash = sorted(ballots, key=lambda ballot: ballot.voter_hash)
    assert [vote.voter_id for vote in data.votes] == ["1", "2", "3"]
    expected = {
        ballots[0].pk: ((str(garden.pk), str(benches.pk)), (6, 4)),
        ballots[1].pk: ((str(benches.pk),), (8,)),
        ballots[2].pk: ((str(garden.pk),), (2,)),
    }
    assert [(vote.projects, vote.points) for vote in data.votes] == [
        expected[ballot.pk] for ballot in by_hash
    ]
    # No personal data: no hash, no e-mail, no account, no channel, no date.
    for ballot in ballots:
        assert ballot.voter_hash not in text
    assert "@" not in text
    assert set(data.votes[0].fields) == set()


@pytest.mark.parametrize(
    ("method", "keys"),
    [
        ("approval", {"min_length": "1", "max_length": "3"}),
        ("knapsack", {"min_length": "1", "max_length": "3", "max_sum_cost": "50000"}),
        ("ranked", {"points_per_rank": "3,2,1", "max_length": "3"}),
    ],
)
def test_ballots_file_states_the_ballot_rules(client, belval, method, keys):
    page, _projects, _scores, _winners = method_budget(belval.home, method)
    meta = parse_pabulib(client.get(sub(page, "ballots_pb"), **HOST).content).meta
    assert meta["vote_type"] == {"ranked": "ordinal"}.get(method, "approval")
    for key, value in keys.items():
        assert meta[key] == value
    assert set(meta) >= {"description", "num_projects", "num_votes", "budget", "currency"}


def test_ballots_file_leaves_out_a_rule_some_ballots_break(client, belval):
    page = make_budget_page(belval.home, min_choices=2)
    projects = add_projects(page, {"Un": 100, "Deux": 200})
    add_ballot(page, [projects["Un"]])  # entered before the rule changed
    add_ballot(page, [projects["Un"], projects["Deux"]])
    meta = parse_pabulib(client.get(sub(page, "ballots_pb"), **HOST).content).meta
    assert "min_length" not in meta


PABULIB_RULE_NAMES = {
    "greedy": "greedy",
    "mes": "equalshares/add1",
    "mes-greedy": "equalshares/add1-greedy",
}


@pytest.mark.parametrize("rule", ["greedy", "mes", "mes-greedy"])
def test_rule_names_in_the_file(client, belval, rule):
    page = make_budget_page(belval.home, result_rule=rule)
    add_projects(page, {"Un": 100})
    meta = parse_pabulib(client.get(sub(page, "ballots_pb"), **HOST).content).meta
    assert meta["rule"] == PABULIB_RULE_NAMES[rule]


# Plain words ------------------------------------------------------------------------------


def test_every_reason_is_explained_in_plain_words(belval):
    page, projects = approval_budget(belval.home, "greedy")
    results = compute_results(page)
    greedy = {project.id: project for project in results.projects}
    with translation.override("en"):
        said = {name: explain(greedy[p.pk], results) for name, p in projects.items()}
        assert said["A1"] == "Funded: 30,000\u00a0€ of the 100,000\u00a0€ left."
        assert said["M1"] == "Not funded: it cost 30,000\u00a0€ and only 10,000\u00a0€ were left."
        assert said["Z"] == "Not funded: below the minimum score of 1."

    page, projects = approval_budget(belval.home, "mes-greedy")
    results = compute_results(page)
    mes_greedy = {project.id: project for project in results.projects}
    with translation.override("en"):
        assert explain(mes_greedy[projects["A1"].pk], results) == (
            "Funded: its supporters' equal shares paid for it."
        )
        assert explain(mes_greedy[projects["C"].pk], results) == (
            "Funded with the money left after equal shares: 5,000\u00a0€ of the 10,000\u00a0€ left."
        )

    page, projects = approval_budget(belval.home, "mes")
    results = compute_results(page)
    mes = {project.id: project for project in results.projects}
    with translation.override("en"):
        assert explain(mes[projects["A3"].pk], results) == (
            "Not funded: its supporters' equal shares could not pay for it."
        )


def test_page_explains_the_rule_and_links_to_the_data(client, belval):
    page, _projects = approval_budget(belval.home, "mes")
    html = client.get(sub(page, "results"), **HOST).text
    assert sub(page, "results_json") in html
    assert sub(page, "ballots_pb") in html
    assert 'class="results-table"' in html
    assert "<caption>" in html
    # The bars are decoration: the score and "funded" are written out.
    assert html.count('class="results-bar" aria-hidden="true"') == len(APPROVAL_COSTS)
    assert '<rect class="results-bar__fill" width="100.0%"' in html  # the top score
    assert '<rect class="results-bar__fill" width="0.0%"' in html  # Z: nobody voted for it


# Query counts ------------------------------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **HOST).status_code == 200
    return len(queries)


@pytest.mark.parametrize("route", ["results", "results_json", "ballots_pb"])
def test_query_count_does_not_grow_with_ballots_or_projects(client, belval, route):
    page = make_budget_page(belval.home, ballot_method="ranked", result_rule="mes")
    few = add_projects(page, {f"Projet {n}": 1000 * (n + 1) for n in range(3)})
    for number in range(5):
        add_ballot(page, list(few.values())[: 1 + number % 3])
    url = sub(page, route)
    small = count_queries(client, url)

    more = add_projects(page, {f"Autre {n}": 500 * (n + 1) for n in range(6)})
    choices = list(more.values()) + list(few.values())
    for number in range(45):
        add_ballot(page, choices[number % 7 : number % 7 + 3])
    assert Ballot.objects.filter(page=page).count() == 50
    assert count_queries(client, url) == small


# What a reader sees -------------------------------------------------------------------------


def spaced(text: str) -> str:
    """Unescaped text with its runs of spaces and newlines made one space (no-break
    spaces, part of how amounts are written, are kept)."""
    return re.sub(r"[ \t\n]+", " ", unescape(text)).strip()


def section_text(html: str, name: str) -> str:
    """The visible text of the page's `<section class="results-NAME">`, spaces collapsed."""
    section = re.search(rf'<section class="results-{name}".*?</section>', html, re.S).group(0)
    return spaced(re.sub(r"<[^>]+>", " ", section))


def why_column(html: str) -> dict[int, str]:
    """The text of the last cell of each project's row: why it was or was not funded."""
    rows = {}
    for match in re.finditer(r'<tr id="project-(\d+)"[^>]*>(.*?)</tr>', html, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", match.group(2), re.S)
        rows[int(match.group(1))] = spaced(re.sub(r"<[^>]+>", "", cells[-1]))
    return rows


def translate_budget(page):
    return translate_page(
        page=page,
        language="en",
        strings={
            page.title: "2026 participatory budget",
            page.slug: f"{page.slug}-en",
            page.intro: "Decide how to spend €100,000.",
        },
    ).specific


NB = "\u00a0"  # how French groups thousands, and what sits before the symbol
EUR = f"{NB}€"
RULE_WORDS = {
    ("greedy", "fr"): [
        "Le score d'un projet est le nombre de bulletins qui l'ont choisi.",
        "Les projets sont pris par ordre de score, du plus élevé au plus faible.",
        "sinon, il est passé et l'on considère le suivant",
        "À score égal, le moins cher passe en premier",
    ],
    ("greedy", "en"): [
        "A project's score is the number of ballots that chose it.",
        "Projects are taken in order of score, highest first.",
        "if it does not fit, it is skipped and the next one is considered",
        "When two projects have the same score, the cheaper one comes first",
    ],
    ("mes", "fr"): [
        "Avec la méthode des parts égales, chaque votant reçoit une part égale de l'enveloppe",
        "un projet ne peut être payé que par les votants qui l'ont soutenu",
        f"en augmentant chaque part de 1{EUR} à la fois",
    ],
    ("mes", "en"): [
        "With the Method of Equal Shares, every voter receives an equal share of the envelope",
        "a project can only be paid for by the voters who supported it",
        f"with every share raised by 1{EUR} at a time",
    ],
}
SPENT_WORDS = {
    ("greedy", "fr"): (
        f"Montant attribué aux projets 95{NB}000{EUR} sur 100{NB}000{EUR}",
        f"5{NB}000{EUR}",
    ),
    ("greedy", "en"): (f"Money allotted to projects 95,000{EUR} of 100,000{EUR}", f"5,000{EUR}"),
    ("mes", "fr"): (
        f"Montant attribué aux projets 90{NB}000{EUR} sur 100{NB}000{EUR}",
        f"10{NB}000{EUR}",
    ),
    ("mes", "en"): (f"Money allotted to projects 90,000{EUR} of 100,000{EUR}", f"10,000{EUR}"),
}
WHY_WORDS = {
    ("greedy", "fr"): {
        "A1": f"Financé : 30{NB}000{EUR} sur les 100{NB}000{EUR} restants.",
        "M1": f"Non financé : il coûtait 30{NB}000{EUR} et il ne restait que 10{NB}000{EUR}.",
        "Z": "Non financé : score inférieur au minimum de 1.",
    },
    ("greedy", "en"): {
        "A1": f"Funded: 30,000{EUR} of the 100,000{EUR} left.",
        "M1": f"Not funded: it cost 30,000{EUR} and only 10,000{EUR} were left.",
        "Z": "Not funded: below the minimum score of 1.",
    },
    ("mes", "fr"): {
        "A1": "Financé : les parts égales de ses soutiens l'ont payé.",
        "A3": "Non financé : les parts égales de ses soutiens ne suffisaient pas à le payer.",
    },
    ("mes", "en"): {
        "A1": "Funded: its supporters' equal shares paid for it.",
        "A3": "Not funded: its supporters' equal shares could not pay for it.",
    },
}


@pytest.mark.parametrize("rule", ["greedy", "mes"])
def test_the_page_says_the_rule_why_and_the_money_in_plain_words(client, belval, rule):
    page, projects = approval_budget(belval.home, rule)
    english = translate_budget(page)
    for language, shown in (("fr", page), ("en", english)):
        html = client.get(sub(shown, "results"), **HOST).text
        assert f'<html lang="{language}"' in html

        said = section_text(html, "rule")
        for words in RULE_WORDS[rule, language]:
            assert words in said, (language, words)
        other = "mes" if rule == "greedy" else "greedy"
        assert RULE_WORDS[other, language][1] not in said

        why = why_column(html)
        for name, words in WHY_WORDS[rule, language].items():
            assert why[projects[name].pk] == words, (language, name)

        spent, left = SPENT_WORDS[rule, language]
        summary = section_text(html, "summary")
        assert spent in summary
        assert summary.endswith(left)
    share = "95.0" if rule == "greedy" else "90.0"
    assert f'<rect class="results-spent__fill" width="{share}%"' in html
