"""What citizens contribute — proposals, supports, comments, reports — and staff answers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from core.page_rows import PageRowsQuerySet

PROPOSAL_TITLE_MAX = 140
PROPOSAL_BODY_MAX = 5000
COMMENT_BODY_MAX = 2000


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    UNDER_REVIEW = "under_review", _("Under review")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Ineligible")
    SELECTED = "selected", _("Selected for the vote")
    WINNER = "winner", _("Winner")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    ANSWERED = "answered", _("Answered")
    REJECTED = "rejected", _("Not retained")
    MERGED = "merged", _("Merged into another proposal")


# The statuses whose wording follows the noun, as said of a participatory budget's
# projects where its screens call them so (its review in the admin): in French "un
# projet lauréat", where the proposal is "une proposition lauréate".
PROJECT_STATUS_LABELS = {
    ProposalStatus.PUBLISHED: pgettext_lazy("budget project", "Published"),
    ProposalStatus.SELECTED: pgettext_lazy("budget project", "Selected for the vote"),
    ProposalStatus.WINNER: pgettext_lazy("budget project", "Winner"),
    ProposalStatus.DONE: pgettext_lazy("budget project", "Done"),
    ProposalStatus.REJECTED: pgettext_lazy("budget project", "Not retained"),
    ProposalStatus.MERGED: pgettext_lazy("budget project", "Merged into another project"),
}

# Statuses a proposal can still be edited in by its author.
EDITABLE_STATUSES = {ProposalStatus.PENDING, ProposalStatus.PUBLISHED}
# Statuses shown in public lists (pending ones wait for a moderator; merged ones redirect).
LISTED_STATUSES = [
    status for status in ProposalStatus.values if status not in {"pending", "merged"}
]


class Moderated(models.Model):
    """Hiding by moderators, or automatically after too many reports."""

    is_hidden = models.BooleanField(_("hidden"), default=False, db_index=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_automatically = models.BooleanField(_("hidden after reports"), default=False)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    report_count = models.PositiveIntegerField(_("reports"), default=0)

    class Meta:
        abstract = True


class ProposalQuerySet(SearchableQuerySetMixin, PageRowsQuerySet):
    def visible(self):
        """What any visitor may see: published in some status, not hidden."""
        return self.filter(is_hidden=False).exclude(status=ProposalStatus.PENDING)

    def listed(self):
        return self.filter(is_hidden=False, status__in=LISTED_STATUSES)

    def for_page(self, page):
        return self.filter(page_id=page.source_page.pk)


class Proposal(index.Indexed, Moderated):
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("participation page"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    show_author_name = models.BooleanField(
        _("show my display name in open data"),
        default=False,
        help_text=_("Your name is always shown on the site; this is about the public CSV export."),
    )
    title = models.CharField(_("title"), max_length=PROPOSAL_TITLE_MAX)
    body = models.TextField(_("description"), max_length=PROPOSAL_BODY_MAX)
    category = models.ForeignKey(
        "consultations.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    district = models.ForeignKey(
        "consultations.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_description = models.CharField(_("image description"), max_length=250, blank=True)
    location_label = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("A street, a square, a park…")
    )
    estimated_cost = models.DecimalField(
        _("estimated cost"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PUBLISHED,
        db_index=True,
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_proposals",
    )
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    threshold_reached_at = models.DateTimeField(
        _("support threshold reached"), null=True, blank=True
    )
    first_answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProposalQuerySet.as_manager()

    # Site search (search/results.py) looks for listed proposals of the commune's
    # live, public pages: these filters apply in SQL or in OpenSearch alike.
    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("body"),
        index.SearchField("location_label"),
        index.AutocompleteField("title"),
        index.FilterField("page"),
        index.FilterField("status"),
        index.FilterField("is_hidden"),
        index.FilterField("created_at"),
    ]

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["page", "status", "is_hidden"], name="proposal_page_status"),
            models.Index(fields=["page", "-support_count"], name="proposal_page_supports"),
            models.Index(fields=["page", "-comment_count"], name="proposal_page_comments"),
            # The list's default order (most recent first), whole or by category or
            # district: read in index order and stopped after one page, not sorted.
            models.Index(fields=["page", "created_at"], name="proposal_page_recent"),
            models.Index(
                fields=["page", "category", "created_at"], name="proposal_page_category_recent"
            ),
            models.Index(
                fields=["page", "district", "created_at"], name="proposal_page_district_recent"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | ~Q(merged_into=models.F("pk")),
                name="proposal_not_merged_into_itself",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_visible(self) -> bool:
        return not self.is_hidden and self.status != ProposalStatus.PENDING

    @property
    def author_name(self) -> str:
        return self.author.display_name if self.author_id else _("Deleted participant")

    @property
    def project_status_label(self) -> str:
        """The status said of a participatory budget's project (PROJECT_STATUS_LABELS)."""
        return str(PROJECT_STATUS_LABELS.get(self.status, self.get_status_display()))


class StatusChange(models.Model):
    """A status change made by staff, with the official answer shown publicly."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="status_changes")
    old_status = models.CharField(max_length=20, choices=ProposalStatus.choices)
    new_status = models.CharField(max_length=20, choices=ProposalStatus.choices)
    answer = models.TextField(_("official answer"), blank=True, max_length=5000)
    is_public = models.BooleanField(_("public"), default=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PageRowsQuerySet.as_manager()

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.proposal_id}: {self.old_status} → {self.new_status}"


class Support(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PageRowsQuerySet.as_manager()

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_support_per_user")
        ]

    def __str__(self):
        return f"{self.user_id} → {self.proposal_id}"


class CommentQuerySet(PageRowsQuerySet):
    def visible(self):
        return self.filter(is_hidden=False)


class Comment(Moderated):
    """A comment on a proposal or on the page itself; replies go one level deep."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="participation_comments"
    )
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="participation_comments",
    )
    body = models.TextField(_("comment"), max_length=COMMENT_BODY_MAX)
    # Written by the commune's staff on its behalf: shown as the commune's answer.
    is_commune_answer = models.BooleanField(_("answer from the commune"), default=False)
    is_deleted = models.BooleanField(_("deleted by its author"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["page", "proposal", "created_at"], name="comment_thread")]

    def __str__(self):
        return self.body[:60]

    @property
    def author_name(self) -> str:
        return self.author.display_name if self.author_id else _("Deleted participant")


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    ABUSE = "abuse", _("Insulting, hateful or threatening")
    PERSONAL_DATA = "personal_data", _("Reveals personal data")
    OFF_TOPIC = "off_topic", _("Off topic")
    OTHER = "other", _("Other")


class Report(models.Model):
    """A citizen flags a proposal or a comment for moderators."""

    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    details = models.CharField(_("details"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(
                condition=(Q(proposal__isnull=False) & Q(comment__isnull=True))
                | (Q(proposal__isnull=True) & Q(comment__isnull=False)),
                name="report_targets_one_thing",
            ),
            models.UniqueConstraint(
                fields=["reporter", "proposal"],
                condition=Q(proposal__isnull=False),
                name="one_report_per_proposal",
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=Q(comment__isnull=False),
                name="one_report_per_comment",
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.proposal_id or self.comment_id})"
