"""A large, realistic data set for query budgets and benchmarks (`manage.py seed_scale`).

Communes and pages are set up exactly as in production (`create_commune`, the page
factories, `freeze_results`); the rows citizens create by the thousand (accounts,
proposals, supports, comments, answers, ballots) are bulk-inserted, with every
denormalised counter consistent with them: `support_count` is the number of
supports, `comment_count` the number of visible, undeleted comments, and
`threshold_reached_at` is set exactly when the page's threshold is reached.

Per commune (hostname ``echelleN.localhost``, French and English):

- a consultation open for proposals, with most proposals, their supports and
  comments; its first proposal is the "busy" one with 500 comments;
- a participatory budget whose vote is open (approval, 1 to 5 projects) with 100
  projects on the ballot;
- a participatory budget whose vote is over, counted and frozen, with 100 projects.

Ballots are shared evenly between the budgets. They carry a keyed voter hash and
no account (as a deleted account leaves them), which keeps the set quick to build;
the benchmark creates the accounts that vote during the run.
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from accounts.factories import demo_password_hash
from accounts.models import User
from budget.factories import make_budget
from budget.models import Ballot, BallotChannel, BallotChoice, ProjectReview, voter_hash
from budget.services import freeze_results
from consultations.factories import CategoryFactory, DistrictFactory, make_consultation
from consultations.models import (
    Comment,
    PhaseKind,
    Proposal,
    ProposalStatus,
    StatusChange,
    Support,
)
from home.factories import StandardPageFactory
from home.services import create_commune

PROJECTS_PER_BUDGET = 100
BUSY_PROPOSAL_COMMENTS = 500
PAGE_COMMENTS = 60
SUPPORT_THRESHOLD = 50
BATCH = 2000

BUDGET_VOTE_OPEN = (
    (PhaseKind.PROPOSALS, -120, -61),
    (PhaseKind.REVIEW, -60, -8),
    (PhaseKind.VOTE, -7, 14),
    (PhaseKind.RESULTS, 15, 90),
)
BUDGET_FINISHED = (
    (PhaseKind.PROPOSALS, -300, -200),
    (PhaseKind.REVIEW, -199, -120),
    (PhaseKind.VOTE, -119, -90),
    (PhaseKind.RESULTS, -89, 120),
)
CATEGORIES = [
    "Mobilité",
    "Nature en ville",
    "Vie de quartier",
    "Sécurité",
    "Culture",
    "Sport",
    "Propreté",
    "Solidarité",
]
DISTRICTS = [
    "Centre-ville",
    "Gare",
    "Les Prés",
    "Vieux-Bourg",
    "Plateau",
    "Bords de l'eau",
    "Les Tilleuls",
    "Zone nord",
    "Zone sud",
    "Hameau",
]
WORDS = [
    "banc",
    "arbre",
    "piste",
    "cyclable",
    "parc",
    "fontaine",
    "école",
    "jardin",
    "éclairage",
    "trottoir",
    "marché",
    "place",
    "rue",
    "quartier",
    "aire",
    "jeux",
    "bibliothèque",
    "composteur",
    "passage",
    "piéton",
    "ombre",
    "vélo",
    "bus",
    "navette",
    "terrain",
    "sport",
    "fresque",
    "kiosque",
    "ruche",
    "nichoir",
    "toilettes",
    "abri",
    "local",
    "association",
]
# Status of the consultation's proposals, with their weights.
CONSULTATION_STATUSES = [
    (ProposalStatus.PUBLISHED, 70),
    (ProposalStatus.UNDER_REVIEW, 10),
    (ProposalStatus.ANSWERED, 10),
    (ProposalStatus.REJECTED, 5),
    (ProposalStatus.PENDING, 3),
]
HIDDEN_SHARE = 0.02


@dataclass
class ScaleCommune:
    name: str
    site: object
    home: object
    consultation: object
    open_budget: object
    closed_budget: object
    busy_proposal: Proposal | None = None
    proposals: list[Proposal] = field(default_factory=list)


@dataclass
class ScaleReport:
    communes: list[ScaleCommune]
    timings: list[tuple[str, float]]
    counts: dict[str, int]


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[:1].upper() + text[1:] + "."


def _set_columns(model, names: list[str], objects) -> None:
    """Write some columns of many rows, one parametrised UPDATE per row.

    `bulk_update` builds one CASE per column over the whole batch, which databases
    evaluate row by row (quadratic); `executemany` stays linear. (It also leaves
    `auto_now_add` stamps alone, which is the point for `created_at`.)
    """
    fields = [model._meta.get_field(name) for name in names]
    table = connection.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    sql = f"UPDATE {table} SET {assignments} WHERE id = %s"  # noqa: S608 - names from the model
    rows = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] + [obj.pk]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _insert_rows(model, names: list[str], rows: list[tuple]) -> None:
    """Insert many rows of plain values with one `executemany` (no model instances:
    for the largest tables, where building objects would cost more than the insert)."""
    fields = [model._meta.get_field(name) for name in names]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 50_000):
            cursor.executemany(sql, rows[start : start + 50_000])


def _split(total: int, parts: int) -> list[int]:
    """`total` shared between `parts` as evenly as possible."""
    return [total // parts + (1 if index < total % parts else 0) for index in range(parts)]


class _Clock:
    def __init__(self, say: Callable[[str], None]):
        self.say = say
        self.timings: list[tuple[str, float]] = []

    def step(self, label: str):
        clock = self

        class _Step:
            def __enter__(self):
                self.start = time.perf_counter()

            def __exit__(self, *exc):
                elapsed = time.perf_counter() - self.start
                clock.timings.append((label, elapsed))
                if exc[0] is None:
                    clock.say(f"  {label}: {elapsed:.1f} s")

        return _Step()


def seed_scale(
    *,
    proposals: int,
    comments: int,
    ballots: int,
    communes: int,
    citizens: int | None = None,
    seed: int = 1,
    say: Callable[[str], None] = lambda text: None,
) -> ScaleReport:
    """Build the data set (see the module docstring). Raises ValueError if the scale
    communes already exist or the numbers cannot make a coherent set."""
    if communes < 1:
        raise ValueError("At least one commune.")
    budget_projects = 2 * PROJECTS_PER_BUDGET * communes
    if proposals < budget_projects + communes:
        raise ValueError(
            f"At least {budget_projects + communes} proposals: each commune has two budgets "
            f"of {PROJECTS_PER_BUDGET} projects and a consultation."
        )
    rng = random.Random(seed)
    clock = _Clock(say)
    citizens = citizens or max(1000, proposals // 2)
    now = timezone.now()

    with clock.step("communes and pages"), transaction.atomic():
        built = [_commune(number, rng) for number in range(1, communes + 1)]
    with clock.step(f"{citizens} citizens"), transaction.atomic():
        people = _citizens(citizens, seed)
    with clock.step(f"{proposals} proposals"), transaction.atomic():
        per_commune = _split(proposals, communes)
        for commune, count in zip(built, per_commune, strict=True):
            _proposals(commune, count, rng=rng, people=people, now=now)
    with clock.step("supports"), transaction.atomic():
        supports = sum(_supports(commune, rng=rng, people=people) for commune in built)
    with clock.step(f"{comments} comments"), transaction.atomic():
        for commune, count in zip(built, _split(comments, communes), strict=True):
            _comments(commune, count, rng=rng, people=people, now=now)
    with clock.step(f"{ballots} ballots"), transaction.atomic():
        budgets = [
            page for commune in built for page in (commune.open_budget, commune.closed_budget)
        ]
        for page, count in zip(budgets, _split(ballots, len(budgets)), strict=True):
            _ballots(page, count, rng=rng)
    with clock.step("results of the closed votes counted and frozen"):
        for commune in built:
            freeze_results(page=commune.closed_budget, staff=None)

    return ScaleReport(
        communes=built,
        timings=clock.timings,
        counts={
            "citizens": len(people),
            "proposals": Proposal.objects.count(),
            "supports": supports,
            "comments": Comment.objects.count(),
            "ballots": Ballot.objects.count(),
            "ballot choices": BallotChoice.objects.count(),
        },
    )


# Communes and pages ------------------------------------------------------------------


def _commune(number: int, rng: random.Random) -> ScaleCommune:
    from wagtail.models import Site

    name = f"Échelle {number}"
    commune = create_commune(
        name=name,
        hostname=f"echelle{number}.localhost",
        languages=["fr", "en"],
        is_default_site=not Site.objects.filter(is_default_site=True).exists(),
        official_name=f"Ville d'Échelle {number}",
    )
    home = commune.home
    home.hero_title = f"Bienvenue à Échelle {number}"
    home.hero_text = "Proposez, soutenez, votez : la commune se construit avec vous."
    home.save_revision().publish()
    for title in ("Mentions légales", "Accessibilité", "Vie pratique"):
        page = StandardPageFactory(parent=home, title=title, show_in_menus=True)
        page.save_revision().publish()
    categories = [
        CategoryFactory(site=commune.site, name=label, locale=home.locale) for label in CATEGORIES
    ]
    for label in DISTRICTS:
        DistrictFactory(site=commune.site, name=label)
    consultation = make_consultation(
        parent=home,
        title="Réinventons nos quartiers",
        slug="reinventons-nos-quartiers",
        intro="Vos idées pour la commune : proposez, soutenez, commentez.",
        categories=categories,
        support_threshold=SUPPORT_THRESHOLD,
    )
    open_budget = make_budget(
        parent=home,
        title="Budget participatif 2026",
        slug="budget-participatif-2026",
        envelope=Decimal("500000"),
        max_project_cost=Decimal("60000"),
        ballot_method="approval",
        min_choices=1,
        max_choices=5,
        result_rule="greedy",
        categories=categories,
        criteria=["Relève de la compétence de la commune", "Sert l'intérêt général"],
        phases=BUDGET_VOTE_OPEN,
    )
    closed_budget = make_budget(
        parent=home,
        title="Budget participatif 2025",
        slug="budget-participatif-2025",
        envelope=Decimal("400000"),
        max_project_cost=Decimal("60000"),
        ballot_method="approval",
        min_choices=1,
        max_choices=5,
        result_rule="greedy",
        categories=categories,
        phases=BUDGET_FINISHED,
    )
    return ScaleCommune(
        name=name,
        site=commune.site,
        home=home,
        consultation=consultation,
        open_budget=open_budget,
        closed_budget=closed_budget,
    )


def _citizens(count: int, seed: int) -> list[User]:
    password = demo_password_hash()
    confirmed = timezone.now()
    users = [
        User(
            email=f"scale{seed}-citizen{n}@example.org",
            display_name=f"Habitant·e {n}",
            password=password,
            email_confirmed_at=confirmed,
            birth_year=1950 + n % 55,
        )
        for n in range(count)
    ]
    return User.objects.bulk_create(users, batch_size=BATCH)


# Proposals -----------------------------------------------------------------------------


def _proposals(commune: ScaleCommune, count: int, *, rng, people, now) -> None:
    from consultations.models import Category, District

    categories = list(Category.objects.filter(site=commune.site))
    districts = list(District.objects.filter(site=commune.site))
    consultation_count = count - 2 * PROJECTS_PER_BUDGET
    statuses, weights = zip(*CONSULTATION_STATUSES, strict=True)

    def build(page, status, cost=None):
        hidden = status != ProposalStatus.PENDING and rng.random() < HIDDEN_SHARE
        return Proposal(
            page_id=page.pk,
            author=rng.choice(people),
            title=_sentence(rng, rng.randint(4, 9))[:140],
            body=" ".join(_sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(2, 6))),
            category=rng.choice(categories),
            district=rng.choice(districts) if rng.random() < 0.8 else None,
            location_label=rng.choice(["", "", "Près de l'école", "Place du marché"]),
            estimated_cost=cost,
            status=status,
            is_hidden=hidden,
            hidden_reason="Hors sujet." if hidden else "",
            hidden_at=now if hidden else None,
        )

    rows = [
        build(commune.consultation, rng.choices(statuses, weights)[0])
        for _ in range(consultation_count)
    ]
    for page in (commune.open_budget, commune.closed_budget):
        rows += [
            build(page, ProposalStatus.ELIGIBLE, Decimal(rng.randrange(2000, 60000, 500)))
            for _ in range(PROJECTS_PER_BUDGET)
        ]
    # Budget projects are never hidden: the ballot keeps its 100 projects.
    for proposal in rows[consultation_count:]:
        proposal.is_hidden, proposal.hidden_reason, proposal.hidden_at = False, "", None
    created = Proposal.objects.bulk_create(rows, batch_size=BATCH)
    # Submitted over the last 60 days (auto_now_add stamps them all now).
    for proposal in created:
        proposal.created_at = now - timedelta(seconds=rng.randrange(60 * 24 * 3600))
    _set_columns(Proposal, ["created_at"], created)
    commune.proposals = created[:consultation_count]
    visible = [p for p in commune.proposals if not p.is_hidden and p.status != "pending"]
    commune.busy_proposal = visible[0] if visible else None

    reviews = [
        ProjectReview(proposal=proposal, final_cost=proposal.estimated_cost + 1000)
        for proposal in created[consultation_count::2]
    ]
    ProjectReview.objects.bulk_create(reviews, batch_size=BATCH)

    answers = []
    for proposal in commune.proposals:
        if proposal.status in (ProposalStatus.ANSWERED, ProposalStatus.REJECTED):
            answers.append(
                StatusChange(
                    proposal=proposal,
                    old_status=ProposalStatus.PUBLISHED,
                    new_status=proposal.status,
                    answer="La commune a étudié votre proposition. " + _sentence(rng, 15),
                )
            )
    StatusChange.objects.bulk_create(answers, batch_size=BATCH)
    answered = {change.proposal_id for change in answers}
    Proposal.objects.filter(pk__in=answered).update(first_answered_at=now)


def _supports(commune: ScaleCommune, *, rng, people) -> int:
    """Supports of the consultation's visible proposals (a long-tailed number each)."""
    rows = []
    counts = {}
    for proposal in commune.proposals:
        if proposal.is_hidden or proposal.status == ProposalStatus.PENDING:
            continue
        wanted = min(int(rng.paretovariate(1.1)) - 1, 150, len(people) - 1)
        supporters = {
            person.pk for person in rng.sample(people, wanted) if person.pk != proposal.author_id
        }
        rows += [Support(proposal_id=proposal.pk, user_id=user_id) for user_id in supporters]
        counts[proposal.pk] = len(supporters)
    Support.objects.bulk_create(rows, batch_size=BATCH)
    now = timezone.now()
    for proposal in commune.proposals:
        proposal.support_count = counts.get(proposal.pk, 0)
        proposal.threshold_reached_at = now if proposal.support_count >= SUPPORT_THRESHOLD else None
    _set_columns(Proposal, ["support_count", "threshold_reached_at"], commune.proposals)
    return len(rows)


# Comments ------------------------------------------------------------------------------


def _comments(commune: ScaleCommune, count: int, *, rng, people, now) -> None:
    """`count` comments: 500 on the busy proposal, some on the page, the rest spread over
    the visible proposals; about one in five is a reply; a few are hidden or deleted."""
    page_id = commune.consultation.pk
    visible = [p for p in commune.proposals if not p.is_hidden and p.status != "pending"]
    busy = commune.busy_proposal
    others = [p for p in visible if p is not busy]
    plan: list[Proposal | None] = []
    if busy is not None:
        plan += [busy] * min(BUSY_PROPOSAL_COMMENTS, count)
    plan += [None] * min(PAGE_COMMENTS, max(count - len(plan), 0))
    weights = [1 + p.support_count for p in others]
    while len(plan) < count and others:
        plan += rng.choices(others, weights, k=min(count - len(plan), 10_000))
    plan = plan[:count]

    # Top-level comments first (created in one pass), then the replies to them.
    is_reply = [rng.random() < 0.2 for _ in plan]
    tops, replies = [], []
    for target, reply in zip(plan, is_reply, strict=True):
        (replies if reply else tops).append(target)

    def build(target, parent=None):
        hidden = rng.random() < 0.01
        deleted = not hidden and rng.random() < 0.01
        comment = Comment(
            page_id=page_id,
            proposal_id=target.pk if target is not None else None,
            parent=parent,
            author=rng.choice(people),
            body="" if deleted else _sentence(rng, rng.randint(6, 40)),
            is_deleted=deleted,
            is_hidden=hidden,
            hidden_reason="Propos injurieux." if hidden else "",
            hidden_at=now if hidden else None,
        )
        return comment

    created_tops = Comment.objects.bulk_create([build(t) for t in tops], batch_size=BATCH)
    by_target: dict[int | None, list[Comment]] = {}
    for comment in created_tops:
        by_target.setdefault(comment.proposal_id, []).append(comment)
    reply_rows = []
    for target in replies:
        threads = by_target.get(target.pk if target is not None else None)
        if threads:
            reply_rows.append(build(target, parent=rng.choice(threads)))
        else:
            reply_rows.append(build(target))
    created_replies = Comment.objects.bulk_create(reply_rows, batch_size=BATCH)

    everything = created_tops + created_replies
    start = now - timedelta(days=60)
    stamps = sorted(start + timedelta(seconds=rng.randrange(60 * 24 * 3600)) for _ in everything)
    # Replies come after the comment they answer: stamp in creation order, tops first.
    for comment, stamp in zip(everything, stamps, strict=True):
        comment.created_at = stamp
    for comment in created_replies:
        if comment.parent_id is not None and comment.created_at < comment.parent.created_at:
            comment.created_at = comment.parent.created_at + timedelta(minutes=5)
    _set_columns(Comment, ["created_at"], everything)

    counts: dict[int, int] = {}
    for comment in everything:
        if comment.proposal_id and not comment.is_hidden and not comment.is_deleted:
            counts[comment.proposal_id] = counts.get(comment.proposal_id, 0) + 1
    for proposal in commune.proposals:
        proposal.comment_count = counts.get(proposal.pk, 0)
    _set_columns(Proposal, ["comment_count"], commune.proposals)


# Ballots -------------------------------------------------------------------------------


def _ballots(page, count: int, *, rng: random.Random) -> None:
    """`count` approval ballots of 1 to `max_choices` projects, projects of uneven
    popularity; one in twenty entered on paper."""
    from budget.queries import ballot_projects

    projects = [proposal.pk for proposal in ballot_projects(page)]
    weights = [rng.random() ** 3 + 0.01 for _ in projects]
    cumulative = list(itertools.accumulate(weights))
    most = page.max_choices or 5
    for start in range(0, count, 20_000):
        size = min(20_000, count - start)
        rows = Ballot.objects.bulk_create(
            [
                Ballot(
                    page_id=page.pk,
                    voter_hash=voter_hash(f"scale-voter-{page.pk}-{start + n}"),
                    channel=BallotChannel.PAPER if rng.random() < 0.05 else BallotChannel.ONLINE,
                )
                for n in range(size)
            ],
            batch_size=BATCH,
        )
        choices = []
        for ballot in rows:
            wanted = rng.randint(page.min_choices, most)
            picked: list[int] = []
            while len(picked) < wanted:
                for project in rng.choices(projects, cum_weights=cumulative, k=wanted):
                    if project not in picked and len(picked) < wanted:
                        picked.append(project)
            choices += [
                (ballot.pk, project, position, 1) for position, project in enumerate(picked)
            ]
        # Three choices a ballot on average: plain tuples, not model instances.
        _insert_rows(BallotChoice, ["ballot", "proposal", "position", "points"], choices)
