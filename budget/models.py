"""Participatory budgets: the page editors compose, project reviews, and ballots."""

import hashlib
import hmac
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from consultations.models import BasePhase, ParticipationPage
from core.page_rows import PageRowsQuerySet
from home.posters import PosterTexts
from notifications.routes import FollowTexts

from . import rules, tally
from .routes import BudgetRoutesMixin


class BallotMethod(models.TextChoices):
    APPROVAL = (
        tally.BallotKind.APPROVAL.value,
        _("Approval: choose between a minimum and a maximum of projects"),
    )
    KNAPSACK = (
        tally.BallotKind.KNAPSACK.value,
        _("Basket: choose projects whose total cost fits the budget"),
    )
    RANKED = (
        tally.BallotKind.RANKED.value,
        _("Ranking: rank your favourite projects (points per rank)"),
    )
    CUMULATIVE = tally.BallotKind.CUMULATIVE.value, _("Points: spread your points between projects")


class ResultRule(models.TextChoices):
    GREEDY = tally.Rule.GREEDY.value, _("Greedy: highest score first, skipping what no longer fits")
    MES = tally.Rule.MES.value, _("Method of Equal Shares (with Add1 completion)")
    MES_GREEDY = tally.Rule.MES_GREEDY.value, _("Method of Equal Shares, then greedy with the rest")


def parse_points_per_rank(value: str) -> list[int]:
    """'3,2,1' → [3, 2, 1]; raises ValidationError unless positive and non-increasing."""
    try:
        points = [int(part) for part in value.split(",") if part.strip()]
    except ValueError as exc:
        raise ValidationError(
            _("Write points as whole numbers separated by commas, e.g. 3,2,1.")
        ) from exc
    if not points or any(p <= 0 for p in points) or points != sorted(points, reverse=True):
        raise ValidationError(_("Points must be positive and must not increase, e.g. 3,2,1."))
    return points


def validate_points_per_rank(value: str) -> None:
    parse_points_per_rank(value)


class BudgetPhase(BasePhase):
    page = ParentalKey("budget.BudgetPage", on_delete=models.CASCADE, related_name="phases")


class BudgetCriterion(TranslatableMixin, Orderable):
    """An eligibility criterion: shown to citizens, ticked by staff when reviewing."""

    page = ParentalKey("budget.BudgetPage", on_delete=models.CASCADE, related_name="criteria")
    text = models.CharField(_("criterion"), max_length=250)

    panels = [FieldPanel("text")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("eligibility criterion")
        verbose_name_plural = _("eligibility criteria")

    def __str__(self):
        return self.text


class BudgetPage(BudgetRoutesMixin, ParticipationPage):
    """A participatory budget: proposals, review, a vote, and verifiable results."""

    follow_texts = FollowTexts(
        following=_(
            "You follow this participatory budget: we e-mail you when a project it funds "
            "moves forward."
        ),
        invitation=_("Follow this participatory budget"),
        promise=_("Get an e-mail when a project funded by this budget moves forward."),
    )
    poster_texts = PosterTexts(
        # Translators: in large letters on a poster, an invitation ("Participez !").
        call_to_action=pgettext_lazy("poster", "Take part"),
        scan=_("Scan this code to take part"),
    )

    envelope = models.DecimalField(
        _("envelope"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("1"))]
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    max_project_cost = models.DecimalField(
        _("maximum cost per project"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    residents_only = models.BooleanField(_("only residents of the commune may vote"), default=False)
    ballot_method = models.CharField(
        _("ballot"), max_length=12, choices=BallotMethod.choices, default=BallotMethod.APPROVAL
    )
    min_choices = models.PositiveSmallIntegerField(
        _("minimum number of projects"),
        default=1,
        help_text=_("Approval and basket ballots: the fewest projects a ballot may hold."),
    )
    max_choices = models.PositiveSmallIntegerField(
        _("maximum number of projects"),
        null=True,
        blank=True,
        help_text=_("Approval and basket ballots: the most projects (empty: no limit)."),
    )
    points_per_rank = models.CharField(
        _("points per rank"),
        max_length=60,
        default="3,2,1",
        validators=[validate_points_per_rank],
        help_text=_("Ranking ballots: points of the 1st, 2nd… choice, e.g. 3,2,1."),
    )
    total_points = models.PositiveSmallIntegerField(
        _("points per voter"),
        null=True,
        blank=True,
        help_text=_("Points ballots: points each voter spreads."),
    )
    max_points_per_project = models.PositiveSmallIntegerField(
        _("maximum points per project"), null=True, blank=True
    )
    result_rule = models.CharField(
        _("result rule"), max_length=12, choices=ResultRule.choices, default=ResultRule.GREEDY
    )
    min_score = models.PositiveIntegerField(
        _("minimum score to be funded"),
        default=1,
        help_text=_("Projects with fewer votes or points are never funded."),
    )
    show_live_results = models.BooleanField(_("show results while the vote is open"), default=False)
    results_frozen_at = models.DateTimeField(
        _("results frozen at"), null=True, blank=True, editable=False
    )
    frozen_results = models.JSONField(_("frozen results"), null=True, blank=True, editable=False)
    categories = ParentalManyToManyField(
        "consultations.Category", verbose_name=_("categories"), blank=True, related_name="+"
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("phases", heading=_("Phases"), label=_("Phase"), min_num=1),
        InlinePanel("criteria", heading=_("Eligibility criteria"), label=_("Criterion")),
        FieldPanel("categories"),
        FieldPanel("results_body"),
    ]
    budget_panels = [
        MultiFieldPanel(
            [FieldPanel("envelope"), FieldPanel("currency"), FieldPanel("max_project_cost")],
            heading=_("Money"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("ballot_method"),
                FieldPanel("min_choices"),
                FieldPanel("max_choices"),
                FieldPanel("points_per_rank"),
                FieldPanel("total_points"),
                FieldPanel("max_points_per_project"),
                FieldPanel("residents_only"),
            ],
            heading=_("Ballot"),
        ),
        MultiFieldPanel(
            [FieldPanel("result_rule"), FieldPanel("min_score"), FieldPanel("show_live_results")],
            heading=_("Results"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(budget_panels, heading=_("Budget")),
            ObjectList(ParticipationPage.participation_panels, heading=_("Participation")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    # Codes and numbers, not words: the same in every language.
    override_translatable_fields = [
        SynchronizedField("currency"),
        SynchronizedField("points_per_rank"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []
    template = "budget/budget_page.html"

    class Meta:
        verbose_name = _("participatory budget")
        verbose_name_plural = _("participatory budgets")

    @property
    def asks_for_cost(self) -> bool:
        return True

    def with_content_json(self, content):
        # Frozen results are set outside revisions: publishing an older revision
        # must not unfreeze them.
        page = super().with_content_json(content)
        page.results_frozen_at = self.results_frozen_at
        page.frozen_results = self.frozen_results
        return page

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from .results import results_visibility  # it reads these models

        context["can_vote"] = rules.can_vote(self, request.user)
        context["results_public"] = results_visibility(self).public
        return context

    @property
    def ranking_points(self) -> list[int]:
        return parse_points_per_rank(self.points_per_rank)

    def clean(self):
        super().clean()
        errors = {}
        if self.max_choices is not None and self.max_choices < self.min_choices:
            errors["max_choices"] = _("The maximum cannot be below the minimum.")
        if self.ballot_method == BallotMethod.CUMULATIVE:
            if not self.total_points:
                errors["total_points"] = _("Say how many points each voter spreads.")
            elif self.max_points_per_project and self.max_points_per_project > self.total_points:
                errors["max_points_per_project"] = _("This cannot exceed the points per voter.")
        if self.max_project_cost and self.envelope and self.max_project_cost > self.envelope:
            errors["max_project_cost"] = _("A project cannot cost more than the whole envelope.")
        if errors:
            raise ValidationError(errors)


class ProjectReview(models.Model):
    """Staff review of a budget proposal: criteria met and the final cost estimate."""

    proposal = models.OneToOneField(
        "consultations.Proposal", on_delete=models.CASCADE, related_name="budget_review"
    )
    criteria_met = models.ManyToManyField(BudgetCriterion, blank=True, related_name="+")
    final_cost = models.DecimalField(
        _("final cost estimate"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(auto_now=True)

    objects = PageRowsQuerySet.as_manager()

    class Meta:
        verbose_name = _("project review")
        verbose_name_plural = _("project reviews")

    def __str__(self):
        return str(self.proposal)


class BallotChannel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper")


def voter_hash(reference: str) -> str:
    """A keyed hash of a voter's identity (their e-mail address, or the reference staff
    type for a paper ballot), so that one person votes once without the ballot table
    holding who they are."""
    key = settings.VOTER_HASH_KEY or settings.SECRET_KEY
    normalized = " ".join(reference.strip().lower().split())
    return hmac.new(key.encode(), normalized.encode(), hashlib.sha256).hexdigest()


class Ballot(models.Model):
    page = models.ForeignKey(BudgetPage, on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ballots",
    )
    voter_hash = models.CharField(max_length=64)
    channel = models.CharField(
        max_length=6, choices=BallotChannel.choices, default=BallotChannel.ONLINE
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["page", "voter_hash"], name="one_ballot_per_person")
        ]
        # A citizen's ballot found by account (`cast_ballot`): without it SQLite walks
        # every ballot of the page through the page index.
        indexes = [models.Index(fields=["page", "voter"], name="ballot_page_voter")]

    def __str__(self):
        return f"{self.page_id}/{self.pk}"


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    proposal = models.ForeignKey(
        "consultations.Proposal", on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)  # rank order (0 = first)
    points = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "proposal"], name="one_choice_per_project")
        ]
        # Counting reads every ballot's choices in rank order.
        indexes = [models.Index(fields=["ballot", "position"], name="ballotchoice_rank_order")]

    def __str__(self):
        return f"{self.ballot_id}: {self.proposal_id} ({self.points})"
