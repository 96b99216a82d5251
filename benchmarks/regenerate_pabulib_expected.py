"""Recompute, with pabutools, the expected winners of the real pabulib elections.

The tests compare :mod:`budget.tally` with these stored outcomes instead of running
pabutools, which needs minutes for the larger files. Run after changing the files in
``shared/pabulib`` or the oracle translation::

    .venv/bin/python benchmarks/regenerate_pabulib_expected.py

Writes ``tests/budget/data/pabulib_expected.json``: for every file and rule, the winner
ids in selection order. Needs the ``test`` extra (pabutools); takes about ten minutes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from budget.pabulib import read_pabulib  # noqa: E402
from budget.tally import Rule  # noqa: E402
from tests.budget.oracle import pabutools_winners  # noqa: E402

PABULIB = REPO.parent / "shared" / "pabulib"
TARGET = REPO / "tests" / "budget" / "data" / "pabulib_expected.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=PABULIB, help="folder of .pb files")
    parser.add_argument("--output", type=Path, default=TARGET)
    args = parser.parse_args()
    expected: dict[str, dict[str, list[str]]] = {}
    for path in sorted(args.data.glob("*.pb")):
        data = read_pabulib(path)
        election = data.to_election()
        expected[path.name] = {}
        for rule in Rule:
            started = time.perf_counter()
            winners = pabutools_winners(
                election, rule, min_score=data.min_score, add1_step=data.money_scale
            )
            expected[path.name][rule.value] = [str(winner) for winner in winners]
            elapsed = time.perf_counter() - started
            print(f"{path.name:50} {rule.value:11} {elapsed:8.1f} s", flush=True)
    document = {"pabutools": version("pabutools"), "winners": expected}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
