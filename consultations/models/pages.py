"""Participation pages: the shared base (phases, switches, rules' inputs) and consultations."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from consultations.routes import ParticipationRoutesMixin
from core import pagecache
from core.admin_forms import CommunePageForm
from core.tenancy import site_for_page
from home.blocks import BodyBlock
from home.posters import PosterDate, PosterRoutesMixin, PosterTexts
from notifications.routes import FollowRoutesMixin, FollowTexts


class PhaseKind(models.TextChoices):
    INFORMATION = "information", _("Information")
    PROPOSALS = "proposals", _("Proposals")
    REVIEW = "review", _("Review")
    VOTE = "vote", _("Vote")
    RESULTS = "results", _("Results")
    IMPLEMENTATION = "implementation", _("Implementation")


class BasePhase(TranslatableMixin, Orderable):
    """One step of a participation's timeline. Dates are inclusive, in the commune's time zone.

    Translatable so that wagtail-localize translates titles and descriptions with the
    page; dates and kinds are synchronised from the source page.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=PhaseKind.choices)
    title = models.CharField(
        _("title"), max_length=120, blank=True, help_text=_("Defaults to the kind of phase.")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), help_text=_("Last day of the phase (included)."))
    description = models.TextField(_("description"), blank=True, max_length=600)

    panels = [
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("start"),
        FieldPanel("end"),
        FieldPanel("description"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        abstract = True
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or self.get_kind_display()

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("A phase cannot end before it starts.")})

    def is_current(self, today: date) -> bool:
        return self.start <= today <= self.end

    @property
    def has_deadline(self) -> bool:
        """Whether citizens are told its end ("votes until 21 December"). Results and
        implementation phases carry on: they are told from their start."""
        return self.kind not in (PhaseKind.RESULTS, PhaseKind.IMPLEMENTATION)


@dataclass(frozen=True)
class TimelineStep:
    phase: BasePhase
    number: int
    state: str  # "past", "current" or "upcoming"


class SourcePageMixin:
    """Contributions and answers belong to a page's source-language instance, so that
    every translation of the page shows the same ones."""

    @cached_property
    def source_page(self):
        """The original of this page (the first created among its translations)."""
        first = (
            Page.objects.filter(translation_key=self.translation_key)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        if first is None or first == self.pk:
            return self
        original = type(self).objects.get(pk=first)
        original.__dict__["source_page"] = original  # it is its own source
        return original


class ParticipationPageForm(CommunePageForm):
    """The admin form of participation pages: the themes offered are the commune's own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "categories" in self.fields:
            from .taxonomy import Category

            page = self.instance if self.instance.pk else self.parent_page
            site = site_for_page(page) if page is not None else None
            self.fields["categories"].queryset = Category.objects.filter(site=site)


class ParticipationPage(
    SourcePageMixin,
    FollowRoutesMixin,
    PosterRoutesMixin,
    ParticipationRoutesMixin,
    RoutablePageMixin,
    Page,
):
    """What consultations and budgets share: phases, switches, contributions.

    Contributions (proposals, comments) belong to the page's source-language
    instance, so every translation of the page shows the same ones. Citizens can
    follow the page (`notifications.routes.FollowRoutesMixin`) to hear about the
    projects born from it, and the commune prints posters of it
    (`home.posters.PosterRoutesMixin`) announcing its phases.
    """

    base_form_class = ParticipationPageForm
    # Each type of page says what is followed ("Follow this consultation").
    follow_texts: FollowTexts

    intro = models.TextField(_("introduction"), max_length=800)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    proposals_enabled = models.BooleanField(_("citizens can submit proposals"), default=True)
    comments_enabled = models.BooleanField(_("citizens can comment"), default=True)
    supports_enabled = models.BooleanField(_("citizens can support proposals"), default=True)
    support_threshold = models.PositiveIntegerField(
        _("support threshold"),
        default=50,
        help_text=_("Supports that send a proposal to the staff's review queue (0: none)."),
    )
    moderate_new_proposals = models.BooleanField(
        _("moderate proposals before publication"),
        default=False,
        help_text=_("If ticked, new proposals stay hidden until a moderator publishes them."),
    )
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age"), default=16, validators=[MinValueValidator(0), MaxValueValidator(120)]
    )
    reports_to_hide = models.PositiveSmallIntegerField(
        _("reports before automatic hiding"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("Content reported this many times is hidden until a moderator reviews it."),
    )
    results_body = StreamField(
        BodyBlock(),
        verbose_name=_("results and feedback"),
        blank=True,
        help_text=_("Shown once the page reaches its results phase."),
    )

    participation_panels = [
        MultiFieldPanel(
            [
                FieldPanel("proposals_enabled"),
                FieldPanel("comments_enabled"),
                FieldPanel("supports_enabled"),
                FieldPanel("moderate_new_proposals"),
            ],
            heading=_("What citizens can do"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("support_threshold"),
                FieldPanel("minimum_age"),
                FieldPanel("reports_to_hide"),
            ],
            heading=_("Rules"),
        ),
    ]

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        abstract = True

    def contributions_cache_key(self) -> str:
        """The page cache generation its contributions bump (see core.wagtail_hooks)."""
        return pagecache.page_key(self.source_page.pk)

    # The timeline ------------------------------------------------------------

    @cached_property
    def ordered_phases(self) -> list[BasePhase]:
        return list(self.phases.all())

    def current_phase(self, today: date | None = None) -> BasePhase | None:
        today = today or timezone.localdate()
        return next((phase for phase in self.ordered_phases if phase.is_current(today)), None)

    def next_phase(self, today: date | None = None) -> BasePhase | None:
        """The first phase still to come (before the participation opens, or between
        two phases)."""
        today = today or timezone.localdate()
        upcoming = (phase for phase in self.ordered_phases if phase.start > today)
        return min(upcoming, key=lambda phase: phase.start, default=None)

    def phase_of_kind(self, kind: str) -> BasePhase | None:
        return next((phase for phase in self.ordered_phases if phase.kind == kind), None)

    def timeline(self, today: date | None = None) -> list[TimelineStep]:
        today = today or timezone.localdate()
        steps = []
        for number, phase in enumerate(self.ordered_phases, start=1):
            if phase.end < today:
                state = "past"
            elif phase.start > today:
                state = "upcoming"
            else:
                state = "current"
            steps.append(TimelineStep(phase=phase, number=number, state=state))
        return steps

    def in_results_phase(self, today: date | None = None) -> bool:
        """True once a results or implementation phase has started."""
        today = today or timezone.localdate()
        return any(
            phase.kind in (PhaseKind.RESULTS, PhaseKind.IMPLEMENTATION) and phase.start <= today
            for phase in self.ordered_phases
        )

    def poster_dates(self, today: date | None = None) -> list[PosterDate]:
        """The phases not over yet (every phase once they all are)."""
        today = today or timezone.localdate()
        phases = [phase for phase in self.ordered_phases if phase.end >= today]
        return [
            PosterDate(label=phase.display_title, start=phase.start, end=phase.end)
            for phase in phases or self.ordered_phases
        ]

    @property
    def sharing_description(self) -> str:
        return self.intro

    @property
    def asks_for_cost(self) -> bool:
        """Budgets ask proposers for an estimated cost; consultations do not."""
        return False

    def get_context(self, request, *args, **kwargs):
        # Imported here: views and rules import these models.
        from consultations import rules, views

        context = super().get_context(request, *args, **kwargs)
        source = self.source_page
        context["timeline"] = self.timeline()
        context["current_phase"] = self.current_phase()
        context["show_results"] = self.in_results_phase()
        context["can_propose"] = rules.can_propose(source, request.user)
        can_comment = context["can_comment"] = rules.can_comment(source, request.user)
        # Lazy querysets: evaluated only by the templates that show them.
        context["latest_proposals"] = views.latest_proposals(source)
        context["page_comments"] = views.comment_threads(request, page=source, proposal=None)
        context["cache_version"] = views.cache_version(request)
        context["thread_version"] = views.thread_version(request, page=source, proposal=None)
        context["category_names"] = SimpleLazyObject(
            lambda: views.category_names(views.page_categories(self))
        )
        context["with_captcha"] = views.needs_captcha(request)
        # Whether comment forms offer to publish on the commune's behalf (lazy: asked
        # only where comments are shown, of people who may comment).
        context["speaks_for_commune"] = SimpleLazyObject(
            lambda: bool(can_comment) and views.speaks_for_commune(request, self)
        )
        return context


class ConsultationPhase(BasePhase):
    page = ParentalKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="phases"
    )


class ConsultationPage(ParticipationPage):
    """A consultation: citizens propose, support and comment; the commune answers."""

    follow_texts = FollowTexts(
        following=_(
            "You follow this consultation: we e-mail you when a project born from it moves forward."
        ),
        invitation=_("Follow this consultation"),
        promise=_("Get an e-mail when a project born from this consultation moves forward."),
    )
    poster_texts = PosterTexts(
        call_to_action=_("Have your say"),
        scan=_("Scan this code to take part"),
    )

    categories = ParentalManyToManyField(
        "consultations.Category",
        verbose_name=_("categories"),
        blank=True,
        related_name="+",
        help_text=_("Themes citizens can choose for their proposals."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("phases", heading=_("Phases"), label=_("Phase"), min_num=1),
        FieldPanel("categories"),
        FieldPanel("results_body"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(ParticipationPage.participation_panels, heading=_("Participation")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["consultations.QuestionnairePage"]
    template = "consultations/consultation_page.html"

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
