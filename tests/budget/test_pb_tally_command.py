"""``manage.py pb_tally``: winners, JSON output and errors."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from budget.management.commands.pb_tally import Command

from .pabulib_data import PABULIB, requires_pabulib

ASSEN = PABULIB / "Netherlands_Assen_2024.pb"
KRAKOW = PABULIB / "Poland_Krakow_2018_Wzgorza_Krzeslawickie.pb"

pytestmark = requires_pabulib


def run(*arguments: str) -> str:
    out = StringIO()
    call_command(Command(), *arguments, stdout=out)
    return out.getvalue()


def test_prints_winners_in_selection_order_with_the_files_rule():
    # Assen's META rule is equalshares/add1.
    assert run(str(ASSEN)).split() == ["3", "9", "2", "11", "13", "14", "5", "6", "12"]


def test_rule_option():
    # Krakow's META rule is greedy.
    assert run(str(KRAKOW)).split() == ["3", "6", "1", "2", "4"]
    assert run(str(KRAKOW), "--rule", "greedy").split() == ["3", "6", "1", "2", "4"]
    mes = run(str(KRAKOW), "--rule", "mes").split()
    assert run(str(KRAKOW), "--rule", "mes-greedy").split()[: len(mes)] == mes


def test_json_output():
    document = json.loads(run(str(ASSEN), "--json", "--rule", "mes"))
    assert set(document) == {
        "budget",
        "currency",
        "method",
        "rule",
        "ballots",
        "projects",
        "winners",
    }
    assert document["budget"] == 100000
    assert document["currency"] == "EUR"
    assert document["method"] == "approval"
    assert document["rule"] == "mes"
    assert document["ballots"] == {"total": 84}
    assert document["projects"][0] == {
        "id": "3",
        "title": "PopUp Podium",
        "cost": 7200,
        "score": 43,
        "selected": True,
    }
    assert document["winners"][0] == "3"


def test_bad_file_is_a_one_line_error_with_status_2(tmp_path):
    bad = tmp_path / "bad.pb"
    bad.write_text("META\nkey;value\nbudget;ten\nvote_type;approval\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"bad\.pb: missing PROJECTS section") as raised:
        run(str(bad))
    assert raised.value.returncode == 2
    assert "\n" not in str(raised.value)


def test_command_line_exit_status(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["manage.py", "pb_tally", str(tmp_path / "missing.pb")])
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert error.startswith("CommandError: ")
    assert "cannot read" in error
    assert error.count("\n") == 1
