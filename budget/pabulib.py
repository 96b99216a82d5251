"""Read and write participatory-budget files in the pabulib format.

A pabulib file (pabulib.org/format) is UTF-8 text in three sections, each
introduced by a line holding only its name and then a header row:

* ``META``: ``key;value`` rows (``budget``, ``vote_type``, ``currency``, ``rule``...);
* ``PROJECTS``: one row per project, at least ``project_id`` and ``cost``;
* ``VOTES``: one row per voter, at least ``voter_id`` and ``vote`` (the project ids,
  separated by commas, in rank order for ordinal votes) and, for cumulative votes,
  ``points`` (one value per listed project).

Cells are separated by ``;`` and may be quoted as with the :mod:`csv` module; a
leading byte-order mark is ignored. Amounts may have decimals (``budget;363734.88``)
and are kept exact with :class:`~decimal.Decimal`; for counting they are turned into
integers in the smallest unit used by the file.

Any unreadable or inconsistent file raises :class:`PabulibError` with a one-line
message naming the line at fault. Ballot rules from META (``min_length``,
``max_length``, ``max_sum_cost``, ``max_points``, ``max_sum_points``) are checked on
every vote. Besides the standard keys, Agora writes and reads ``points_per_rank``
(e.g. ``3,2,1``): the points of each rank on ordinal ballots, instead of the default
"length of the ballot minus position".
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from budget.tally import (
    BallotKind,
    Ballots,
    Election,
    Project,
    Rule,
    TallyError,
    TallyResult,
    tally,
)

__all__ = [
    "FileTally",
    "PabulibError",
    "PabulibFile",
    "PabulibProject",
    "PabulibVote",
    "dump_pabulib",
    "parse_pabulib",
    "read_pabulib",
    "tally_file",
    "write_pabulib",
]

SECTIONS = ("META", "PROJECTS", "VOTES")
VOTE_TYPES: dict[str, BallotKind] = {
    "approval": BallotKind.APPROVAL,
    "choose-1": BallotKind.APPROVAL,
    "cumulative": BallotKind.CUMULATIVE,
    "ordinal": BallotKind.RANKED,
}
_AMOUNT = re.compile(r"\d+(\.\d+)?")
_INTEGER = re.compile(r"\d+")
# The largest numbers a file may hold: amounts stay exact once made integers in the
# file's smallest unit (at most 10**6), and below what the tally counts exactly.
MAX_DIGITS = 15
MAX_DECIMALS = 6


class PabulibError(ValueError):
    """The file is not a readable, consistent pabulib file."""


@dataclass(frozen=True, slots=True)
class PabulibProject:
    """A row of the PROJECTS section; ``fields`` holds the other columns (name...)."""

    id: str
    cost: Decimal
    fields: Mapping[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.fields.get("name", "")


@dataclass(frozen=True, slots=True)
class PabulibVote:
    """A row of the VOTES section.

    ``projects`` are project ids in ballot order; ``points`` the matching points for
    cumulative votes; ``fields`` the other columns (age, voting method...).
    """

    voter_id: str
    projects: tuple[str, ...]
    points: tuple[int, ...] | None = None
    fields: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PabulibFile:
    """The content of a pabulib file.

    Build one with :meth:`create` to write a file, or get one from :func:`read_pabulib`
    / :func:`parse_pabulib`. :meth:`to_election` prepares it for :func:`budget.tally.tally`.
    """

    meta: Mapping[str, str]
    projects: tuple[PabulibProject, ...]
    votes: tuple[PabulibVote, ...]

    @classmethod
    def create(
        cls,
        *,
        meta: Mapping[str, object],
        projects: Iterable[PabulibProject],
        votes: Iterable[PabulibVote],
    ) -> PabulibFile:
        """A file from Agora data, checked as if it had been read from disk.

        META values are turned into text (``Decimal`` and ``int`` as written);
        ``num_projects`` and ``num_votes`` are filled in.
        """
        projects, votes = tuple(projects), tuple(votes)
        text_meta = {key: _meta_text(value) for key, value in meta.items()}
        text_meta["num_projects"] = str(len(projects))
        text_meta["num_votes"] = str(len(votes))
        data = cls(meta=text_meta, projects=projects, votes=votes)
        return parse_pabulib(dump_pabulib(data))

    # -- META, interpreted -------------------------------------------------------

    @property
    def budget(self) -> Decimal:
        return _amount(self.meta["budget"], "META budget")

    @property
    def vote_type(self) -> str:
        return self.meta["vote_type"].strip().lower()

    @property
    def kind(self) -> BallotKind:
        return VOTE_TYPES[self.vote_type]

    @property
    def currency(self) -> str:
        return self.meta.get("currency", "")

    @property
    def points_per_rank(self) -> tuple[int, ...] | None:
        value = self.meta.get("points_per_rank", "").strip()
        if not value:
            return None
        return tuple(_integer(part, "META points_per_rank") for part in value.split(","))

    @property
    def min_score(self) -> int:
        """Projects scoring less are never funded (``min_project_score_threshold``)."""
        value = self.meta.get("min_project_score_threshold", "").strip()
        return math.ceil(_amount(value, "META min_project_score_threshold")) if value else 0

    @property
    def default_rule(self) -> Rule:
        """The rule named in META: ``equalshares`` and its variants (``equalshares/add1``,
        ``equalshares/add1-comparison``…) are ``mes`` (``mes-greedy`` when it ends in
        ``-greedy``, as Agora writes it); ``greedy`` and its variants, ``unknown`` or
        no rule at all are greedy. Any other name is an error: the file does not say
        how it was counted."""
        name = self.meta.get("rule", "").strip().lower()
        family = re.split(r"[-/]", name, maxsplit=1)[0]
        if name in ("", "unknown") or family == "greedy":
            return Rule.GREEDY
        if family == "equalshares":
            return Rule.MES_GREEDY if name.endswith("-greedy") else Rule.MES
        raise PabulibError(
            f"META rule {self.meta['rule']!r} is not a rule this tool knows "
            "(greedy..., equalshares..., unknown): name the rule to count with"
        )

    @property
    def money_scale(self) -> int:
        """10 to the number of decimals used by amounts: they are integers once
        multiplied by it, and it is also one currency unit in those integers."""
        amounts = [self.budget, *(project.cost for project in self.projects)]
        if "max_sum_cost" in self.meta:
            amounts.append(_amount(self.meta["max_sum_cost"], "META max_sum_cost"))
        decimals = max(-int(amount.as_tuple().exponent) for amount in amounts)
        return 10 ** max(decimals, 0)

    def tie_order(self) -> list[int]:
        """Rank of each project for ties: by id, numerically when all ids are numbers."""
        ids = [project.id for project in self.projects]
        if all(_INTEGER.fullmatch(pid) for pid in ids):
            ranked = sorted(range(len(ids)), key=lambda i: int(ids[i]))
        else:
            ranked = sorted(range(len(ids)), key=lambda i: ids[i])
        order = [0] * len(ids)
        for rank, index in enumerate(ranked):
            order[index] = rank
        return order

    def to_election(self) -> Election:
        """The election, amounts in integer units of ``1 / money_scale``."""
        scale = self.money_scale
        order = self.tie_order()
        projects = [
            Project(id=project.id, cost=int(project.cost * scale), order=order[index])
            for index, project in enumerate(self.projects)
        ]
        index_of = {project.id: index for index, project in enumerate(self.projects)}
        lengths = np.fromiter(
            (len(vote.projects) for vote in self.votes), np.int64, len(self.votes)
        )
        indptr = np.zeros(len(self.votes) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        listed = [index_of[pid] for vote in self.votes for pid in vote.projects]
        points = None
        if self.kind is BallotKind.CUMULATIVE:
            points = [value for vote in self.votes for value in vote.points or ()]
        try:
            ballots = Ballots(indptr=indptr, projects=np.array(listed), points=points)
            return Election(
                projects=projects,
                budget=int(self.budget * scale),
                kind=self.kind,
                ballots=ballots,
                points_per_rank=self.points_per_rank if self.kind is BallotKind.RANKED else None,
            )
        except TallyError as error:
            raise PabulibError(str(error)) from error


@dataclass(frozen=True, slots=True)
class FileTally:
    """A pabulib file and its count."""

    data: PabulibFile
    result: TallyResult

    def as_json(self) -> dict[str, Any]:
        """The count as plain JSON-ready data (amounts in currency units)."""
        scale = self.data.money_scale
        return {
            "budget": _json_amount(self.result.budget, scale),
            "currency": self.data.currency,
            "method": self.data.vote_type,
            "rule": str(self.result.rule),
            "ballots": {"total": self.result.n_voters},
            "projects": [
                {
                    "id": outcome.id,
                    "title": project.name,
                    "cost": _json_amount(outcome.cost, scale),
                    "score": outcome.score,
                    "selected": outcome.selected,
                }
                for project, outcome in zip(self.data.projects, self.result.projects, strict=True)
            ],
            "winners": list(self.result.winners),
        }


def tally_file(path: str | Path, rule: Rule | str | None = None) -> FileTally:
    """Read a pabulib file and count it.

    Without ``rule`` the file's META ``rule`` decides (see
    :attr:`PabulibFile.default_rule`). Projects below the file's
    ``min_project_score_threshold`` are never funded. The Add1 completion of the
    Method of Equal Shares raises shares by one currency unit at a time.
    """
    data = read_pabulib(path)
    election = data.to_election()
    try:
        result = tally(
            election,
            data.default_rule if rule is None else Rule(rule),
            min_score=data.min_score,
            add1_step=data.money_scale,
        )
    except TallyError as error:
        raise PabulibError(str(error)) from error
    return FileTally(data=data, result=result)


# -- reading -----------------------------------------------------------------------


def read_pabulib(path: str | Path) -> PabulibFile:
    """Read and check the pabulib file at ``path``."""
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise PabulibError(f"cannot read {path}: {error.strerror or error}") from error
    return parse_pabulib(raw)


def parse_pabulib(content: str | bytes) -> PabulibFile:
    """Parse and check pabulib content (text, or UTF-8 bytes with or without BOM)."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise PabulibError(f"not UTF-8 text (byte {error.start})") from error
    content = content.removeprefix("\ufeff")
    sections = _split_sections(content)
    meta = _parse_meta(sections["META"])
    projects = _parse_projects(sections["PROJECTS"])
    votes = _parse_votes(sections["VOTES"], meta, projects)
    data = PabulibFile(meta=meta, projects=projects, votes=votes)
    for key, count in (("num_projects", len(projects)), ("num_votes", len(votes))):
        if key in meta and _integer(meta[key], f"META {key}") != count:
            raise PabulibError(f"META {key} is {meta[key]} but the file has {count}")
    return data


_Rows = list[tuple[int, list[str]]]


def _split_sections(content: str) -> dict[str, _Rows]:
    """Rows of each section (header first), with their line numbers."""
    sections: dict[str, _Rows] = {}
    current: _Rows | None = None
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=";", strict=True)
    try:
        for row in reader:
            cells = list(map(str.strip, row))
            if not any(cells):
                continue
            name = cells[0].upper()
            if name in SECTIONS and not any(cells[1:]):
                if name in sections:
                    raise PabulibError(f"line {reader.line_num}: second {name} section")
                current = sections[name] = []
                continue
            if current is None:
                raise PabulibError(f"line {reader.line_num}: expected the META section")
            current.append((reader.line_num, cells))
    except csv.Error as error:
        raise PabulibError(f"line {reader.line_num}: {error}") from error
    for name in SECTIONS:
        if name not in sections:
            raise PabulibError(f"missing {name} section")
        if not sections[name]:
            raise PabulibError(f"{name} section has no header row")
    return sections


def _checked_rows(rows: _Rows, section: str, required: tuple[str, ...]) -> list[str]:
    """The section's header, after checking it and the length of every row."""
    line, header = rows[0]
    if len(set(header)) != len(header):
        raise PabulibError(f"line {line}: {section} header repeats a column")
    for column in required:
        if column not in header:
            raise PabulibError(f"line {line}: {section} header lacks the {column} column")
    for line, cells in rows[1:]:
        if len(cells) != len(header):
            raise PabulibError(
                f"line {line}: {len(cells)} cells where the {section} header has {len(header)}"
            )
    return header


def _records(rows: _Rows, section: str, required: tuple[str, ...]) -> list[tuple[int, dict]]:
    """Rows of a section as dicts keyed by its header."""
    header = _checked_rows(rows, section, required)
    return [(line, dict(zip(header, cells, strict=True))) for line, cells in rows[1:]]


def _parse_meta(rows: _Rows) -> dict[str, str]:
    meta: dict[str, str] = {}
    for line, record in _records(rows, "META", ("key", "value")):
        key = record["key"]
        if key in meta:
            raise PabulibError(f"line {line}: META key {key} appears twice")
        meta[key] = record["value"]
    for key in ("budget", "vote_type"):
        if not meta.get(key):
            raise PabulibError(f"META lacks {key}")
    _amount(meta["budget"], "META budget")
    vote_type = meta["vote_type"].lower()
    if vote_type not in VOTE_TYPES:
        raise PabulibError(f"META vote_type {meta['vote_type']!r} is not supported")
    for key in ("min_length", "max_length", "max_points", "max_sum_points"):
        if meta.get(key):
            _integer(meta[key], f"META {key}")
    for key in ("max_sum_cost", "min_project_score_threshold"):
        if meta.get(key):
            _amount(meta[key], f"META {key}")
    if meta.get("points_per_rank"):
        values = [
            _integer(part, "META points_per_rank") for part in meta["points_per_rank"].split(",")
        ]
        if min(values) <= 0:
            raise PabulibError("META points_per_rank must be positive integers")
    return meta


def _parse_projects(rows: _Rows) -> tuple[PabulibProject, ...]:
    projects: list[PabulibProject] = []
    seen: set[str] = set()
    for line, record in _records(rows, "PROJECTS", ("project_id", "cost")):
        pid = record.pop("project_id")
        if not pid or "," in pid:
            raise PabulibError(f"line {line}: invalid project id {pid!r}")
        if pid in seen:
            raise PabulibError(f"line {line}: project {pid} appears twice")
        seen.add(pid)
        cost = _amount(record.pop("cost"), f"line {line}: cost of project {pid}")
        if cost <= 0:
            raise PabulibError(f"line {line}: cost of project {pid} must be positive")
        projects.append(PabulibProject(id=pid, cost=cost, fields=record))
    return tuple(projects)


def _parse_votes(
    rows: _Rows, meta: Mapping[str, str], projects: tuple[PabulibProject, ...]
) -> tuple[PabulibVote, ...]:
    kind = VOTE_TYPES[meta["vote_type"].lower()]
    cumulative = kind is BallotKind.CUMULATIVE
    cost_of = {project.id: project.cost for project in projects}
    limits: dict[str, float] = {
        key: int(meta[key])
        for key in ("min_length", "max_length", "max_points", "max_sum_points")
        if meta.get(key)
    }
    if meta.get("points_per_rank") and kind is BallotKind.RANKED:
        limits["max_length"] = min(
            limits.get("max_length", math.inf), len(meta["points_per_rank"].split(","))
        )
    max_sum_cost = Decimal(meta["max_sum_cost"]) if meta.get("max_sum_cost") else None
    votes: list[PabulibVote] = []
    seen: set[str] = set()
    known = cost_of.keys()
    required = ("voter_id", "vote", "points") if cumulative else ("voter_id", "vote")
    header = _checked_rows(rows, "VOTES", required)
    voter_at, vote_at = header.index("voter_id"), header.index("vote")
    points_at = header.index("points") if cumulative else -1
    extra = [
        (at, column) for at, column in enumerate(header) if at not in (voter_at, vote_at, points_at)
    ]
    checked = bool(limits) or max_sum_cost is not None
    for line, cells in rows[1:]:
        voter = cells[voter_at]
        if not voter:
            raise PabulibError(f"line {line}: empty voter_id")
        if voter in seen:
            raise PabulibError(f"line {line}: voter {voter} appears twice")
        seen.add(voter)
        listed = tuple(filter(None, map(str.strip, cells[vote_at].split(","))))
        distinct = set(listed)
        if not distinct <= known:
            unknown = next(pid for pid in listed if pid not in cost_of)
            raise PabulibError(f"line {line}: voter {voter} votes for unknown project {unknown}")
        if len(distinct) != len(listed):
            raise PabulibError(f"line {line}: voter {voter} lists a project twice")
        points = None
        if cumulative:
            text = list(filter(None, map(str.strip, cells[points_at].split(","))))
            points = tuple(_integer(part, f"line {line}: points") for part in text)
            if len(points) != len(listed):
                raise PabulibError(
                    f"line {line}: voter {voter} has {len(points)} points for "
                    f"{len(listed)} projects"
                )
            if points and min(points) <= 0:
                raise PabulibError(f"line {line}: voter {voter} gives a project no points")
        if checked:
            _check_limits(line, voter, listed, points, limits, max_sum_cost, cost_of)
        fields = {column: cells[at] for at, column in extra}
        votes.append(PabulibVote(voter_id=voter, projects=listed, points=points, fields=fields))
    return tuple(votes)


def _check_limits(
    line: int,
    voter: str,
    listed: tuple[str, ...],
    points: tuple[int, ...] | None,
    limits: Mapping[str, float],
    max_sum_cost: Decimal | None,
    cost_of: Mapping[str, Decimal],
) -> None:
    """Raise if a vote breaks the ballot rules stated in META."""
    where = f"line {line}: voter {voter}"
    if len(listed) < limits.get("min_length", 0):
        raise PabulibError(f"{where} lists fewer projects than min_length")
    if len(listed) > limits.get("max_length", math.inf):
        raise PabulibError(f"{where} lists more projects than allowed")
    if max_sum_cost is not None and sum(cost_of[pid] for pid in listed) > max_sum_cost:
        raise PabulibError(f"{where} chose projects costing more than max_sum_cost")
    if points:
        if max(points) > limits.get("max_points", math.inf):
            raise PabulibError(f"{where} gives a project more than max_points")
        if sum(points) > limits.get("max_sum_points", math.inf):
            raise PabulibError(f"{where} gives more than max_sum_points in total")


def _amount(text: str, what: str) -> Decimal:
    text = text.strip()
    if not _AMOUNT.fullmatch(text):
        raise PabulibError(f"{what}: {_shown(text)} is not an amount")
    units, _point, decimals = text.partition(".")
    if len(units.lstrip("0")) > MAX_DIGITS or len(decimals) > MAX_DECIMALS:
        raise PabulibError(
            f"{what}: {_shown(text)} is too large to be counted (at most {MAX_DIGITS} "
            f"digits before the decimal point and {MAX_DECIMALS} after)"
        )
    return Decimal(text)


def _integer(text: str, what: str) -> int:
    text = text.strip()
    if not _INTEGER.fullmatch(text):
        raise PabulibError(f"{what}: {_shown(text)} is not a whole number")
    if len(text.lstrip("0")) > MAX_DIGITS:
        raise PabulibError(
            f"{what}: {_shown(text)} is too large to be counted (at most {MAX_DIGITS} digits)"
        )
    return int(text)


def _shown(text: str) -> str:
    """`text` quoted for a one-line message, shortened when it is long."""
    return repr(text if len(text) <= 40 else f"{text[:20]}…{text[-10:]}")


# -- writing -----------------------------------------------------------------------


def dump_pabulib(data: PabulibFile) -> str:
    """The file as text (LF line ends, cells quoted only when needed)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    writer.writerows(data.meta.items())
    writer.writerow(["PROJECTS"])
    project_columns = _columns(project.fields for project in data.projects)
    writer.writerow(["project_id", "cost", *project_columns])
    for project in data.projects:
        writer.writerow(
            [project.id, str(project.cost), *(project.fields.get(c, "") for c in project_columns)]
        )
    writer.writerow(["VOTES"])
    vote_columns = _columns(vote.fields for vote in data.votes)
    cumulative = any(vote.points is not None for vote in data.votes)
    writer.writerow(["voter_id", "vote", *(["points"] if cumulative else []), *vote_columns])
    for vote in data.votes:
        row = [vote.voter_id, ",".join(vote.projects)]
        if cumulative:
            row.append(",".join(str(value) for value in vote.points or ()))
        row.extend(vote.fields.get(c, "") for c in vote_columns)
        writer.writerow(row)
    return out.getvalue()


def write_pabulib(data: PabulibFile, target: str | Path | TextIO) -> None:
    """Write the file to a path or an open text stream (UTF-8, no BOM)."""
    text = dump_pabulib(data)
    if isinstance(target, str | Path):
        Path(target).write_text(text, encoding="utf-8", newline="")
    else:
        target.write(text)


def _columns(rows: Iterable[Mapping[str, str]]) -> list[str]:
    """Every extra column used by some row, in order of first appearance."""
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return list(columns)


def _meta_text(value: object) -> str:
    if isinstance(value, tuple | list):
        return ",".join(str(item) for item in value)
    return str(value)


def _json_amount(units: int, scale: int) -> int | float:
    if units % scale == 0:
        return units // scale
    return float(Decimal(units) / scale)
