"""Speed of the results engine (budget.tally) at city scale, and against pabutools.

For each ballot kind (approval, knapsack, cumulative, ranked 3-2-1) a synthetic vote
of 200,000 ballots on 100 projects is counted with each rule. The same kind of vote
with fewer ballots (and amounts scaled down so that every voter's share in the
Method of Equal Shares stays the same) is then counted by both this engine and
pabutools: the winners must be identical, and the times give the speed-up, both
measured at that size and with pabutools extrapolated linearly to 200,000 ballots.

    .venv/bin/python benchmarks/bench_tally.py            # full run, about five minutes
    .venv/bin/python benchmarks/bench_tally.py --quick    # smaller, about a minute

Prints a table and writes benchmarks/results/tally.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from budget.tally import BallotKind, Ballots, Election, Project, Rule, tally  # noqa: E402

N_PROJECTS = 100
# Per-voter share in the Method of Equal Shares at full size: the budget is 25% of
# the cost of all projects, costs are 10,000 to 500,000 (currency units).
FULL_VOTERS = 200_000


def synthetic_vote(kind: BallotKind, n_voters: int, seed: int, scale: float) -> dict[str, Any]:
    """Arguments of :class:`Election` for a synthetic vote: projects of uneven
    popularity, 1 to 10 choices per ballot (1 to 3 ranks for ranked ballots).

    ``scale`` multiplies costs and budget (used to keep the share per voter constant
    when the number of voters changes).
    """
    rng = np.random.default_rng(seed)
    costs = np.maximum((rng.integers(10, 500, N_PROJECTS) * 1000 * scale).astype(np.int64), 1)
    budget = int(costs.sum() // 4)
    popularity = np.log(rng.beta(0.6, 3.0, N_PROJECTS) + 0.01).astype(np.float32)
    wanted = 3 if kind is BallotKind.RANKED else 10
    # Sampling without replacement, weighted by popularity (Gumbel top-k).
    keys = popularity + rng.gumbel(size=(n_voters, N_PROJECTS)).astype(np.float32)
    top = np.argpartition(-keys, wanted, axis=1)[:, :wanted]
    top = np.take_along_axis(top, np.argsort(-np.take_along_axis(keys, top, 1), axis=1), 1)
    lengths = rng.integers(1, wanted + 1, n_voters)
    keep = np.arange(wanted)[None, :] < lengths[:, None]
    if kind is BallotKind.KNAPSACK:
        keep &= np.cumsum(costs[top], axis=1) <= budget
        keep[:, 0] = True
    projects = top[keep]
    indptr = np.zeros(n_voters + 1, dtype=np.int64)
    np.cumsum(keep.sum(axis=1), out=indptr[1:])
    points = rng.integers(1, 4, len(projects)) if kind is BallotKind.CUMULATIVE else None
    return {
        "projects": [Project(id=i, cost=int(c), order=i) for i, c in enumerate(costs)],
        "budget": budget,
        "kind": kind,
        "ballots": Ballots(indptr=indptr, projects=projects.astype(np.int64), points=points),
        "points_per_rank": (3, 2, 1) if kind is BallotKind.RANKED else None,
    }


def timed(function: Any, *args: Any, repeat: int = 1, **kwargs: Any) -> tuple[Any, float]:
    """The function's value and its best time over ``repeat`` calls."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        value = function(*args, **kwargs)
        best = min(best, time.perf_counter() - started)
    return value, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=FULL_VOTERS)
    parser.add_argument(
        "--oracle-voters", type=int, default=2000, help="ballots for the pabutools comparison"
    )
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs (ours)")
    parser.add_argument("--quick", action="store_true", help="20,000 and 300 ballots")
    parser.add_argument("--no-oracle", action="store_true", help="skip pabutools")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--output", type=Path, default=REPO / "benchmarks/results/tally.json")
    args = parser.parse_args()
    if args.quick:
        args.voters, args.oracle_voters = 20_000, 300
    if not args.no_oracle:
        from tests.budget.oracle import pabutools_winners

    rows: list[dict[str, Any]] = []
    header = (
        f"{'kind':10} {'rule':10} {'ballots':>8} {'prepare s':>9} {'count s':>8} "
        f"{'winners':>7} | {'ballots':>7} {'ours s':>7} {'pabutools s':>11} {'speed-up':>8} "
        f"{'same':>4} {'pabutools@full s':>16} {'speed-up@full':>13}"
    )
    print(header)
    print("-" * len(header))
    for kind in BallotKind:
        vote = synthetic_vote(kind, args.voters, args.seed, 1.0)
        election, prepare = timed(lambda vote=vote: Election(**vote), repeat=args.repeat)
        small_scale = args.oracle_voters / args.voters
        small = Election(**synthetic_vote(kind, args.oracle_voters, args.seed + 1, small_scale))
        for rule in Rule:
            result, count = timed(tally, election, rule, repeat=args.repeat)
            row: dict[str, Any] = {
                "kind": kind.value,
                "rule": rule.value,
                "ballots": args.voters,
                "prepare_seconds": round(prepare, 4),
                "count_seconds": round(count, 4),
                "winners": len(result.winners),
                "add1_increase": result.budget_increase,
            }
            line = (
                f"{kind.value:10} {rule.value:10} {args.voters:8} {prepare:9.3f} {count:8.3f} "
                f"{len(result.winners):7}"
            )
            if not args.no_oracle:
                ours, ours_time = timed(tally, small, rule, repeat=args.repeat)
                theirs, theirs_time = timed(pabutools_winners, small, rule)
                same = list(ours.winners) == theirs
                extrapolated = theirs_time * args.voters / args.oracle_voters
                row |= {
                    "oracle_ballots": args.oracle_voters,
                    "ours_small_seconds": round(ours_time, 4),
                    "pabutools_small_seconds": round(theirs_time, 3),
                    "speedup_small": round(theirs_time / ours_time, 1),
                    "identical_winners": same,
                    "pabutools_extrapolated_seconds": round(extrapolated, 1),
                    "speedup_extrapolated": round(extrapolated / (prepare + count), 1),
                }
                line += (
                    f" | {args.oracle_voters:7} {ours_time:7.3f} {theirs_time:11.2f} "
                    f"{theirs_time / ours_time:7.0f}x {'yes' if same else 'NO':>4} "
                    f"{extrapolated:16.0f} {extrapolated / (prepare + count):12.0f}x"
                )
            rows.append(row)
            print(line, flush=True)
    document = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pabutools": None if args.no_oracle else version("pabutools"),
        "machine": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "projects": N_PROJECTS,
        "seed": args.seed,
        "repeat": args.repeat,
        "results": rows,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    if any(row.get("identical_winners") is False for row in rows):
        sys.exit("pabutools disagrees on some winners")


if __name__ == "__main__":
    main()
