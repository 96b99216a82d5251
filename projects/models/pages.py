"""Project pages: a commune's index of projects and each project with its timeline.

A project is what the commune builds after people took part: its status (with a
public reason), money planned and spent, a timeline of milestones whose share of
completed steps *is* its progress, dated updates, a gallery, and the participation
(consultation or budget) and proposals it came from.

Milestones, updates and gallery images are translatable child objects, so that
wagtail-localize translates their words with the page while dates, states and
images stay synchronised with the source page.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from consultations.models.pages import SourcePageMixin
from core.admin_forms import CommunePageForm
from home.blocks import BodyBlock
from home.posters import PosterDate, PosterRoutesMixin, PosterTexts
from notifications.routes import FollowRoutesMixin, FollowTexts

from ..admin_forms import ProjectPageForm
from ..routes import ProjectIndexRoutesMixin, ProjectRoutesMixin

SUMMARY_MAX = 600
POSTER_MILESTONES = 4  # the next milestones a project's poster announces
UPDATE_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("project status", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("project status", "In progress")
    DONE = "done", pgettext_lazy("project status", "Done")
    CANCELLED = "cancelled", pgettext_lazy("project status", "Cancelled")


class ProjectIndexPage(ProjectIndexRoutesMixin, RoutablePageMixin, Page):
    """The commune's projects, with filters, progress and an Atom feed of their updates."""

    intro = models.TextField(_("introduction"), blank=True, max_length=800)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    base_form_class = CommunePageForm
    parent_page_types = ["home.HomePage"]
    subpage_types = ["projects.ProjectPage"]
    max_count_per_parent = 1
    template = "projects/project_index_page.html"

    class Meta:
        verbose_name = _("projects index")
        verbose_name_plural = _("projects indexes")

    @property
    def sharing_description(self) -> str:
        return self.intro

    def get_context(self, request, *args, **kwargs):
        from ..views import project_listing  # the views read these models

        context = super().get_context(request, *args, **kwargs)
        context.update(project_listing(request, self))
        return context


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a project's timeline: a milestone, or the "today" marker."""

    milestone: "ProjectMilestone | None"
    state: str  # "done", "late", "upcoming" or "today"
    day: date

    @property
    def is_today(self) -> bool:
        return self.state == "today"


class ProjectPage(
    FollowRoutesMixin,
    PosterRoutesMixin,
    ProjectRoutesMixin,
    SourcePageMixin,
    RoutablePageMixin,
    Page,
):
    """One project of the commune, followed from its origins to its completion."""

    follow_texts = FollowTexts(
        following=_(
            "You follow this project: we e-mail you when a milestone is reached or news "
            "is published."
        ),
        invitation=_("Follow this project"),
        promise=_("Get an e-mail when a milestone is reached or news is published."),
    )
    poster_texts = PosterTexts(
        call_to_action=_("Follow the progress of the project"),
        scan=_("Scan this code to follow the project"),
    )

    summary = models.TextField(
        _("summary"),
        max_length=SUMMARY_MAX,
        help_text=_("Two or three sentences shown in the list of projects and in search results."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProjectStatus.choices,
        default=ProjectStatus.PLANNED,
        db_index=True,
    )
    status_reason = models.TextField(
        _("public explanation of the status"),
        blank=True,
        max_length=1000,
        help_text=_("Shown with the status. Required when the project is cancelled: say why."),
    )
    budget_planned = models.DecimalField(
        _("budget planned"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_spent = models.DecimalField(
        _("budget spent so far"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    category = models.ForeignKey(
        "consultations.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    district = models.ForeignKey(
        "consultations.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    origin_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("born from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The consultation or participatory budget this project comes from."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("gallery_images", heading=_("Gallery"), label=_("Image")),
    ]
    progress_panels = [
        MultiFieldPanel([FieldPanel("status"), FieldPanel("status_reason")], heading=_("Status")),
        InlinePanel(
            "milestones",
            heading=_("Timeline"),
            label=_("Milestone"),
            help_text=_("The progress shown to citizens is the share of milestones done."),
        ),
        InlinePanel("updates", heading=_("Updates"), label=_("Update")),
    ]
    details_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("budget_planned"), FieldPanel("budget_spent")]),
                FieldPanel("currency"),
            ],
            heading=_("Money"),
        ),
        FieldPanel("category"),
        FieldPanel("district"),
        MultiFieldPanel(
            [
                PageChooserPanel(
                    "origin_page", ["consultations.ConsultationPage", "budget.BudgetPage"]
                ),
                InlinePanel("origins", label=_("Proposal at the origin of the project")),
            ],
            heading=_("Origins"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(progress_panels, heading=_("Progress")),
            ObjectList(details_panels, heading=_("Money and origins")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("status"),
    ]

    # Codes, amounts and links are the same in every language. The category stays
    # the source-language one (names are shown in the visitor's language), like the
    # categories of proposals.
    override_translatable_fields = [
        SynchronizedField("currency"),
        SynchronizedField("category"),
        SynchronizedField("origin_page"),
    ]

    base_form_class = ProjectPageForm
    parent_page_types = ["projects.ProjectIndexPage"]
    subpage_types = []
    template = "projects/project_page.html"

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def clean(self):
        super().clean()
        if self.status == ProjectStatus.CANCELLED and not (self.status_reason or "").strip():
            raise ValidationError(
                {"status_reason": _("Say publicly why the project is cancelled.")}
            )

    # Progress, derived from the milestones -----------------------------------------

    @cached_property
    def ordered_milestones(self) -> list["ProjectMilestone"]:
        """The milestones by date (uses prefetched or in-memory milestones)."""
        return sorted(self.milestones.all(), key=lambda m: (m.date, m.sort_order or 0, m.pk or 0))

    @property
    def milestones_total(self) -> int:
        return len(self.ordered_milestones)

    @property
    def milestones_done(self) -> int:
        return sum(1 for milestone in self.ordered_milestones if milestone.done)

    @property
    def progress_percent(self) -> int | None:
        """The share of milestones done, in whole percent; None without milestones."""
        total = self.milestones_total
        if not total:
            return None
        return round(100 * self.milestones_done / total)

    def timeline(self, today: date | None = None) -> list[TimelineEntry]:
        """The milestones in date order, with a "today" entry after those already due."""
        today = today or timezone.localdate()
        entries = []
        placed = False
        for milestone in self.ordered_milestones:
            if not placed and milestone.date > today:
                entries.append(TimelineEntry(milestone=None, state="today", day=today))
                placed = True
            if milestone.done:
                state = "done"
            elif milestone.date < today:
                state = "late"
            else:
                state = "upcoming"
            entries.append(TimelineEntry(milestone=milestone, state=state, day=milestone.date))
        if not placed:
            entries.append(TimelineEntry(milestone=None, state="today", day=today))
        return entries

    def poster_dates(self, today: date | None = None) -> list[PosterDate]:
        """The next milestones still to reach."""
        today = today or timezone.localdate()
        coming = [m for m in self.ordered_milestones if not m.done and m.date >= today]
        return [PosterDate(label=m.title, start=m.date) for m in coming[:POSTER_MILESTONES]]

    @property
    def sharing_description(self) -> str:
        return self.summary

    @cached_property
    def ordered_updates(self) -> list["ProjectUpdate"]:
        """Updates, newest first."""
        return sorted(
            self.updates.all(), key=lambda u: (u.date, u.sort_order or 0, u.pk or 0), reverse=True
        )

    def get_context(self, request, *args, **kwargs):
        from ..views import project_context  # the views read these models

        context = super().get_context(request, *args, **kwargs)
        context.update(project_context(request, self))
        return context


class ProjectMilestone(TranslatableMixin, Orderable):
    """A step of the project. Its date and whether it is done are the same in every language."""

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(_("date"), help_text=_("Planned date, or the date it was reached."))
    title = models.CharField(_("title"), max_length=140)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    done = models.BooleanField(_("done"), default=False)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("done")]),
        FieldPanel("title"),
        FieldPanel("description"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title


class ProjectUpdate(TranslatableMixin, Orderable):
    """A dated piece of news about the project, published with the page."""

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"), default=timezone.localdate)
    title = models.CharField(_("title"), max_length=140)
    body = RichTextField(_("text"), features=UPDATE_FEATURES)

    panels = [FieldPanel("date"), FieldPanel("title"), FieldPanel("body")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("update")
        verbose_name_plural = _("updates")

    def __str__(self):
        return self.title

    @property
    def anchor(self) -> str:
        """The fragment of this update on the project page (the same in every language)."""
        return f"update-{self.translation_key}"


class ProjectImage(TranslatableMixin, Orderable):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    alt_text = models.CharField(
        _("alternative text"),
        max_length=250,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("gallery image")
        verbose_name_plural = _("gallery images")

    def __str__(self):
        return self.alt_text


class ProjectOrigin(Orderable):
    """A proposal the project was born from (the same in every language)."""

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="origins")
    proposal = models.ForeignKey(
        "consultations.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="project_origins",
    )

    panels = [FieldPanel("proposal")]

    class Meta(Orderable.Meta):
        verbose_name = _("origin proposal")
        verbose_name_plural = _("origin proposals")

    def __str__(self):
        return str(self.proposal_id)
