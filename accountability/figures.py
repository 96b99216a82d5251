"""Accountability figures per commune, computed with aggregate queries.

`commune_figures(sites)` answers, for each commune, what the staff report, the
dashboard panel and the public "our commitments" block show. The number of
queries is fixed (it depends neither on the number of communes nor on the amount
of data): every contribution is tagged with its commune by a CASE on the path
of its page (contributions belong to source-language pages, under one of the
commune's localized roots), then grouped.

Participants are counted in two ways: `residents` are the accounts whose
declared commune of residence is the commune; `contributors` are the distinct
people who proposed, commented, supported or voted there (ever).
`active_participants` are those who did so in the last `ACTIVE_DAYS` days.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    Exists,
    Max,
    OuterRef,
    Q,
    Sum,
)
from django.utils import timezone
from wagtail.models import Page, Site

from budget.models import Ballot
from consultations.models import Comment, Proposal, Support
from consultations.queries import answer_overdue, answered_on_time
from core.tenancy import CommuneScope
from home.queries import commitment_days
from projects.models import ProjectPage, ProjectStatus

ACTIVE_DAYS = 90


@dataclass
class Money:
    currency: str
    allocated: Decimal
    spent: Decimal


@dataclass
class OverdueProposal:
    pk: int
    title: str
    created_at: datetime
    days_late: int


@dataclass
class CommuneFigures:
    site_id: int
    name: str
    answer_commitment_days: int
    proposals_received: int = 0
    residents: int = 0
    contributors: int = 0
    active_participants: int = 0
    ballots: int = 0
    answered_on_time: int = 0
    answered_late: int = 0
    overdue: list[OverdueProposal] = field(default_factory=list)
    projects_planned: int = 0
    projects_in_progress: int = 0
    projects_done: int = 0
    money: list[Money] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return len(self.overdue)

    @property
    def answers_due(self) -> int:
        """Proposals whose answer deadline has come: answered (in time or late) or overdue."""
        return self.answered_on_time + self.answered_late + self.overdue_count

    @property
    def answered_on_time_percent(self) -> int | None:
        """Share of the due answers given within the commitment (None when none was due)."""
        if not self.answers_due:
            return None
        return round(100 * self.answered_on_time / self.answers_due)


def _contributions():
    """(queryset, user field, page prefix) of every kind of contribution."""
    return [
        (Proposal.objects.all(), "author", "page__"),
        (Comment.objects.filter(is_deleted=False), "author", "page__"),
        (Support.objects.all(), "user", "proposal__page__"),
        (Ballot.objects.all(), "voter", "page__"),
    ]


def commune_figures(sites, *, now: datetime | None = None) -> list[CommuneFigures]:
    """The figures of each commune in `sites`, ordered by commune name."""
    now = now or timezone.now()
    scope = CommuneScope.of_sites(sites, answer_commitment_days=commitment_days())
    figures: dict[int, CommuneFigures] = {}
    for root in scope.roots:
        figures.setdefault(
            root.site_id,
            CommuneFigures(root.site_id, root.name, root.extra["answer_commitment_days"]),
        )
    if not figures:
        return []

    # Proposals: received, answered in time / late, overdue.
    proposals = scope.filter(Proposal.objects.order_by()).annotate(
        commune_pk=scope.site_of(),
        is_overdue=answer_overdue(scope, now),
        in_time=answered_on_time(scope),
    )
    rows = proposals.values("commune_pk").annotate(
        received=Count("pk"),
        on_time=Count("pk", filter=Q(in_time=True)),
        late=Count("pk", filter=Q(first_answered_at__isnull=False, in_time=False)),
    )
    for row in rows:
        commune = figures[row["commune_pk"]]
        commune.proposals_received = row["received"]
        commune.answered_on_time = row["on_time"]
        commune.answered_late = row["late"]
    overdue = proposals.filter(is_overdue=True).order_by("created_at", "pk")
    for pk, title, created_at, commune_pk in overdue.values_list(
        "pk", "title", "created_at", "commune_pk"
    ):
        commune = figures[commune_pk]
        deadline = created_at + timedelta(days=commune.answer_commitment_days)
        commune.overdue.append(OverdueProposal(pk, title, created_at, (now - deadline).days))

    # Participants.
    residents = (
        get_user_model()
        .objects.filter(residence_id__in=figures, is_active=True)
        .order_by()
        .values("residence_id")
        .annotate(count=Count("pk"))
    )
    for row in residents:
        figures[row["residence_id"]].residents = row["count"]
    since = now - timedelta(days=ACTIVE_DAYS)
    everyone: dict[int, set] = {pk: set() for pk in figures}
    active: dict[int, set] = {pk: set() for pk in figures}
    for queryset, user_field, prefix in _contributions():
        rows = (
            scope.filter(queryset.order_by(), prefix)
            .filter(**{f"{user_field}__isnull": False})
            .annotate(commune_pk=scope.site_of(prefix))
            .values_list("commune_pk", user_field)
            .annotate(last=Max("created_at"))
        )
        for commune_pk, user_pk, last in rows:
            everyone[commune_pk].add(user_pk)
            if last >= since:
                active[commune_pk].add(user_pk)
    for pk, commune in figures.items():
        commune.contributors = len(everyone[pk])
        commune.active_participants = len(active[pk])

    # Ballots (online and paper alike).
    ballots = (
        scope.filter(Ballot.objects.order_by())
        .annotate(commune_pk=scope.site_of())
        .values("commune_pk")
        .annotate(count=Count("pk"))
    )
    for row in ballots:
        figures[row["commune_pk"]].ballots = row["count"]

    # Projects: live source-language pages only (translations are copies).
    translation_before = Page.objects.filter(
        translation_key=OuterRef("translation_key"), pk__lt=OuterRef("pk")
    )
    projects = (
        scope.filter(ProjectPage.objects.live().order_by(), "")
        .exclude(Exists(translation_before))
        .annotate(commune_pk=scope.site_of(""))
    )
    status_fields = {
        ProjectStatus.PLANNED: "projects_planned",
        ProjectStatus.IN_PROGRESS: "projects_in_progress",
        ProjectStatus.DONE: "projects_done",
    }
    for row in projects.values("commune_pk", "status").annotate(count=Count("pk")):
        if row["status"] in status_fields:
            setattr(figures[row["commune_pk"]], status_fields[row["status"]], row["count"])
    # A cancelled project allocates nothing any more, but what it spent is spent.
    money = (
        projects.values("commune_pk", "currency")
        .annotate(
            allocated=Sum("budget_planned", filter=~Q(status=ProjectStatus.CANCELLED)),
            spent=Sum("budget_spent"),
        )
        .order_by("commune_pk", "currency")
    )
    for row in money:
        figures[row["commune_pk"]].money.append(
            Money(row["currency"], row["allocated"] or Decimal(0), row["spent"] or Decimal(0))
        )
    return sorted(figures.values(), key=lambda commune: (commune.name.lower(), commune.site_id))


def figures_for_site(site: Site, *, now: datetime | None = None) -> CommuneFigures | None:
    found = commune_figures(Site.objects.filter(pk=site.pk), now=now)
    return found[0] if found else None
