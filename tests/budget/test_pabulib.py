"""Reading, checking and writing pabulib files."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget.pabulib import (
    PabulibError,
    PabulibFile,
    PabulibProject,
    PabulibVote,
    dump_pabulib,
    parse_pabulib,
    read_pabulib,
    tally_file,
    write_pabulib,
)
from budget.tally import BallotKind, Rule

from .pabulib_data import PABULIB, requires_pabulib

SAMPLE = '''META
key;value
description;Sample
num_projects;3
num_votes;3
budget;100.50
vote_type;approval
rule;greedy
currency;EUR
PROJECTS
project_id;cost;name
1;50;Park
2;30.25;"Bench; with ""quotes"""
10;20;Trees
VOTES
voter_id;vote;age
v1;1,2;34
v2;10;
v3;;51
'''


def test_sample_parses():
    data = parse_pabulib(SAMPLE)
    assert data.budget == Decimal("100.50")
    assert data.kind is BallotKind.APPROVAL
    assert data.currency == "EUR"
    assert [p.id for p in data.projects] == ["1", "2", "10"]
    assert data.projects[1].name == 'Bench; with "quotes"'
    assert data.votes[0].projects == ("1", "2")
    assert data.votes[2].projects == ()
    assert data.votes[0].fields == {"age": "34"}
    assert data.money_scale == 100
    election = data.to_election()
    assert election.budget == 10050
    assert list(election.costs) == [5000, 3025, 2000]
    assert election.n_voters == 3


def test_byte_order_mark_and_crlf_are_tolerated():
    raw = b"\xef\xbb\xbf" + SAMPLE.replace("\n", "\r\n").encode()
    assert parse_pabulib(raw) == parse_pabulib(SAMPLE)


def test_ties_follow_numeric_ids_when_all_ids_are_numbers():
    assert parse_pabulib(SAMPLE).tie_order() == [0, 1, 2]
    text = SAMPLE.replace("\n10;20;Trees", "\nx;20;Trees").replace("v2;10;", "v2;x;")
    # "1" < "2" < "x" as text.
    assert parse_pabulib(text).tie_order() == [0, 1, 2]
    text = SAMPLE.replace("\n1;50;Park", "\n9;50;Park").replace("v1;1,2", "v1;9,2")
    assert parse_pabulib(text).tie_order() == [1, 0, 2]  # 2 < 9 < 10


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("greedy", Rule.GREEDY),
        ("equalshares", Rule.MES),
        ("equalshares/add1", Rule.MES),
        ("equalshares/add1-comparison", Rule.MES),
        ("unknown", Rule.GREEDY),
    ],
)
def test_default_rule(name, expected):
    assert parse_pabulib(SAMPLE.replace("rule;greedy", f"rule;{name}")).default_rule is expected


def test_default_rule_without_meta_rule_is_greedy():
    assert parse_pabulib(SAMPLE.replace("rule;greedy\n", "")).default_rule is Rule.GREEDY


def replace(old: str, new: str) -> str:
    assert old in SAMPLE
    return SAMPLE.replace(old, new)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfeMETA", "not UTF-8 text"),
        ("", "missing META section"),
        (SAMPLE.split("VOTES")[0], "missing VOTES section"),
        ("hello\n" + SAMPLE, "line 1: expected the META section"),
        (SAMPLE + "PROJECTS\nproject_id;cost\n", "second PROJECTS section"),
        (SAMPLE.split("VOTES")[0] + "VOTES\n", "VOTES section has no header row"),
        (replace("project_id;cost;name", "project_id;price;name"), "lacks the cost column"),
        (replace("voter_id;vote;age", "voter_id;ballot;age"), "lacks the vote column"),
        (replace("project_id;cost;name", "project_id;cost;cost"), "repeats a column"),
        (replace("10;20;Trees", "10;twenty;Trees"), "line 14: cost of project 10: 'twenty'"),
        (replace("10;20;Trees", "10;20,5;Trees"), "is not an amount"),
        (replace("10;20;Trees", "10;0;Trees"), "cost of project 10 must be positive"),
        (replace("10;20;Trees", "1;20;Trees"), "line 14: project 1 appears twice"),
        (replace("10;20;Trees", "10;20"), "line 14: 2 cells where the PROJECTS header has 3"),
        (replace("v2;10;", "v2;11;"), "line 18: voter v2 votes for unknown project 11"),
        (replace("v1;1,2;", "v1;1,2,1;"), "voter v1 lists a project twice"),
        (replace("v3;;51", "v1;;51"), "line 19: voter v1 appears twice"),
        (replace("v3;;51", ";;51"), "empty voter_id"),
        (replace("budget;100.50\n", ""), "META lacks budget"),
        (replace("budget;100.50", "budget;-3"), "META budget: '-3' is not an amount"),
        (replace("budget;100.50", "budget;1e6"), "is not an amount"),
        (
            replace("vote_type;approval", "vote_type;scoring"),
            "vote_type 'scoring' is not supported",
        ),
        (replace("num_votes;3", "num_votes;4"), "META num_votes is 4 but the file has 3"),
        (replace("num_projects;3", "num_projects;three"), "META num_projects: 'three'"),
        (replace("currency;EUR", "currency;EUR\ncurrency;PLN"), "META key currency appears twice"),
        (replace("currency;EUR", "currency;EUR;PLN"), "3 cells where the META header has 2"),
        (replace("currency;EUR", "max_length;1"), "line 17: voter v1 lists more projects"),
        (replace("currency;EUR", "min_length;1"), "voter v3 lists fewer projects"),
        (replace("currency;EUR", "max_sum_cost;60"), "v1 chose projects costing more"),
        (replace("currency;EUR", "points_per_rank;3,0"), "points_per_rank must be positive"),
        (replace('"Bench; with ""quotes"""', '"Bench'), "unexpected end of data"),
    ],
)
def test_bad_files_raise_one_clear_error(content, message):
    with pytest.raises(PabulibError, match=message) as raised:
        parse_pabulib(content)
    assert "\n" not in str(raised.value)


CUMULATIVE = """META
key;value
budget;10
vote_type;cumulative
max_points;3
max_sum_points;4
PROJECTS
project_id;cost
a;5
b;5
VOTES
voter_id;vote;points
1;a,b;3,1
2;b;2
"""


def test_cumulative_votes_keep_their_points():
    data = parse_pabulib(CUMULATIVE)
    assert data.votes[0].points == (3, 1)
    assert list(data.to_election().scores) == [3, 3]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("1;a,b;3,1", "1;a,b;3", "voter 1 has 1 points for 2 projects"),
        ("1;a,b;3,1", "1;a,b;3,x", "'x' is not a whole number"),
        ("1;a,b;3,1", "1;a,b;3,0", "gives a project no points"),
        ("1;a,b;3,1", "1;a,b;4,1", "more than max_points"),
        ("2;b;2", "2;a,b;3,2", "more than max_sum_points"),
        ("voter_id;vote;points", "voter_id;vote;score", "lacks the points column"),
    ],
)
def test_bad_cumulative_votes(old, new, message):
    with pytest.raises(PabulibError, match=message):
        parse_pabulib(CUMULATIVE.replace(old, new))


def test_ordinal_points_per_rank():
    text = (
        CUMULATIVE.replace("vote_type;cumulative", "vote_type;ordinal\npoints_per_rank;3,1")
        .replace("voter_id;vote;points", "voter_id;vote")
        .replace("1;a,b;3,1", "1;b,a")
        .replace("2;b;2", "2;a")
    )
    data = parse_pabulib(text)
    assert data.points_per_rank == (3, 1)
    assert list(data.to_election().scores) == [4, 3]
    with pytest.raises(PabulibError, match="lists more projects than allowed"):
        parse_pabulib(text.replace("points_per_rank;3,1", "points_per_rank;3"))


def test_unreadable_path(tmp_path):
    with pytest.raises(PabulibError, match="cannot read"):
        read_pabulib(tmp_path / "missing.pb")


def agora_file() -> PabulibFile:
    return PabulibFile.create(
        meta={
            "description": "Budget participatif 2026",
            "country": "France",
            "unit": "Belval",
            "instance": 2026,
            "budget": Decimal("150000.50"),
            "vote_type": "cumulative",
            "rule": "equalshares/add1",
            "currency": "EUR",
            "max_sum_points": 5,
        },
        projects=[
            PabulibProject("1", Decimal("80000"), {"name": "Jardin; partagé", "votes": "2"}),
            PabulibProject("2", Decimal("70000.50"), {"name": 'Le "grand" banc', "votes": "1"}),
            PabulibProject("3", Decimal("25000"), {"name": "Pistes\ncyclables", "votes": "1"}),
        ],
        votes=[
            PabulibVote("a1", ("1", "2"), (3, 2), {"voting_method": "paper"}),
            PabulibVote("a2", ("1",), (5,), {}),
            PabulibVote("a3", ("3",), (1,), {"voting_method": "internet"}),
            PabulibVote("a4", (), (), {}),
        ],
    )


def test_created_file_round_trips(tmp_path):
    data = agora_file()
    assert data.meta["num_projects"] == "3"
    assert data.meta["num_votes"] == "4"
    assert data.meta["budget"] == "150000.50"
    path = tmp_path / "ballots.pb"
    write_pabulib(data, path)
    again = read_pabulib(path)
    assert again == data
    assert again.projects[0].name == "Jardin; partagé"
    assert again.projects[2].name == "Pistes\ncyclables"
    assert again.votes[1].fields == {"voting_method": ""}
    assert dump_pabulib(again) == path.read_text(encoding="utf-8")


def test_created_file_is_checked():
    with pytest.raises(PabulibError, match="unknown project 9"):
        PabulibFile.create(
            meta={"budget": 10, "vote_type": "approval"},
            projects=[PabulibProject("1", Decimal(5))],
            votes=[PabulibVote("v", ("9",))],
        )


@pytest.mark.parametrize("path", sorted(PABULIB.glob("*.pb")), ids=lambda p: p.stem)
def test_real_files_round_trip(path):
    data = read_pabulib(path)
    assert parse_pabulib(dump_pabulib(data)) == data


@requires_pabulib
def test_tally_file_as_json():
    counted = tally_file(PABULIB / "Poland_Warszawa_2017_Grochow_Centrum.pb")
    document = counted.as_json()
    assert document["budget"] == 363734.88
    assert document["currency"] == "PLN"
    assert document["method"] == "approval"
    assert document["rule"] == "greedy"
    assert document["ballots"] == {"total": 826}
    first = document["projects"][0]
    assert first == {
        "id": "1415",
        "title": "Drzewa i krzewy na Grochowie Centrum",
        "cost": 37500,
        "score": 329,
        "selected": True,
    }
    assert document["winners"][0] == "1415"
    assert set(document["winners"]) == {p["id"] for p in document["projects"] if p["selected"]}
