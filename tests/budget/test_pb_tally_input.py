"""``manage.py pb_tally`` on bad files: a one-line CommandError (status 2), never a
traceback nor a silent guess."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from budget.management.commands.pb_tally import Command

GOOD = """META
key;value
budget;100
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;name
1;50;Park
2;30;Bench
VOTES
voter_id;vote
v1;1,2
v2;2
"""
RANKED = GOOD.replace("vote_type;approval", "vote_type;ordinal\npoints_per_rank;3,2")
CUMULATIVE = GOOD.replace("vote_type;approval", "vote_type;cumulative").replace(
    "voter_id;vote\nv1;1,2\nv2;2", "voter_id;vote;points\nv1;1,2;2,1\nv2;2;3"
)

BAD = {
    "a 400-digit budget": (GOOD.replace("budget;100", "budget;" + "9" * 400), "META budget"),
    "a budget beyond exact counting": (
        GOOD.replace("budget;100", "budget;999999999999999.5"),
        "too large",
    ),
    "a 20-digit cost": (GOOD.replace("1;50;Park", "1;" + "7" * 20 + ";Park"), "cost of project 1"),
    "20-digit points per rank": (
        RANKED.replace("points_per_rank;3,2", "points_per_rank;" + "9" * 20 + ",1"),
        "META points_per_rank",
    ),
    "20-digit cumulative points": (
        CUMULATIVE.replace("v2;2;3", "v2;2;" + "5" * 20),
        "points",
    ),
    "an unknown rule": (GOOD.replace("rule;greedy", "rule;magic"), "META rule 'magic'"),
    "a rule that only starts like a known one": (
        GOOD.replace("rule;greedy", "rule;greedyfoo"),
        "META rule 'greedyfoo'",
    ),
}


def run(tmp_path, content: str, *arguments: str) -> str:
    path = tmp_path / "budget.pb"
    path.write_text(content, encoding="utf-8")
    from io import StringIO

    out = StringIO()
    call_command(Command(), str(path), *arguments, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("case", BAD)
def test_bad_input_is_a_clear_command_error(tmp_path, case):
    content, message = BAD[case]
    with pytest.raises(CommandError) as raised:
        run(tmp_path, content)
    assert message in str(raised.value), str(raised.value)
    assert raised.value.returncode == 2
    assert "\n" not in str(raised.value)
    assert len(str(raised.value)) < 300  # the 400 digits are not repeated


@pytest.mark.parametrize("rule", ["greedy", "mes", "mes-greedy"])
def test_huge_numbers_are_refused_whatever_the_rule(tmp_path, rule):
    content, _message = BAD["a 400-digit budget"]
    with pytest.raises(CommandError):
        run(tmp_path, content, "--rule", rule)


@pytest.mark.parametrize(
    ("meta_rule", "winners"),
    [
        ("greedy", ["2", "1"]),
        ("unknown", ["2", "1"]),
        ("equalshares/add1", ["2", "1"]),
        ("equalshares/add1-comparison", ["2", "1"]),
    ],
)
def test_the_rules_pabulib_names_are_still_read(tmp_path, meta_rule, winners):
    assert run(tmp_path, GOOD.replace("rule;greedy", f"rule;{meta_rule}")).split() == winners


def test_a_named_rule_counts_a_file_whose_own_rule_is_unknown(tmp_path):
    content = GOOD.replace("rule;greedy", "rule;magic")
    assert run(tmp_path, content, "--rule", "greedy").split() == ["2", "1"]


def test_the_good_files_still_count(tmp_path):
    assert run(tmp_path, RANKED).split() == ["2", "1"]
    assert run(tmp_path, CUMULATIVE).split()
