"""Pages every commune has, and each commune's settings."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.admin_forms import CommuneModelForm, CommunePageForm

from .blocks import BodyBlock
from .colours import validate_accent_colour

DEFAULT_ACCENT_COLOUR = "#1d4e89"


# The page types that are participations (consultations, budgets), listed on the home
# page. Their apps register them when ready (`register_participation_page`): home
# knows none of them.
PARTICIPATION_PAGE_MODELS: list[type[Page]] = []


def register_participation_page(model: type[Page]) -> None:
    """List `model`'s live pages (with their `phases`) among the home page's participations."""
    if model not in PARTICIPATION_PAGE_MODELS:
        PARTICIPATION_PAGE_MODELS.append(model)


class HomePage(Page):
    """The root page of a commune's site, one per language."""

    hero_title = models.CharField(_("hero title"), max_length=120)
    hero_text = models.TextField(_("hero text"), blank=True, max_length=600)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Hero"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_title"),
        index.SearchField("hero_text"),
        index.SearchField("body"),
    ]

    base_form_class = CommunePageForm
    parent_page_types = ["wagtailcore.Page"]
    # No `subpage_types`: the page types of the apps above say where they may go
    # (`parent_page_types`), so that home names none of them.

    template = "home/home_page.html"

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["participations"] = self.participations()
        return context

    # What the page says of itself when shared (home.sharing).
    @property
    def sharing_title(self) -> str:
        return self.hero_title

    @property
    def sharing_description(self) -> str:
        return self.hero_text

    @property
    def sharing_image(self):
        return (self.hero_image, "") if self.hero_image_id else None

    def participations(self):
        """The commune's live participation pages in this language, newest first."""
        pages = [
            page
            for model in PARTICIPATION_PAGE_MODELS
            for page in model.objects.live().public().descendant_of(self).prefetch_related("phases")
        ]
        return sorted(pages, key=lambda page: page.first_published_at, reverse=True)


class StandardPage(Page):
    """Any content page: legal notice, accessibility statement, practical information."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    base_form_class = CommunePageForm
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    # No `subpage_types`: see HomePage.

    template = "home/standard_page.html"

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")

    @property
    def sharing_description(self) -> str:
        return self.intro


@register_setting(icon="site")
class CommuneSettings(BaseSiteSetting):
    """Identity and commitments of the commune that owns a site."""

    official_name = models.CharField(
        _("official name"), max_length=120, help_text=_("E.g. 'Ville de Belval'.")
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default=DEFAULT_ACCENT_COLOUR,
        validators=[validate_accent_colour],
        help_text=_("Used for the header and buttons, with white text on it."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_address = models.TextField(_("postal address"), blank=True, max_length=400)
    legal_notice_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("legal notice page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("media collection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Where this commune's images and documents, citizens' uploads included, are kept."
        ),
    )
    answer_commitment_days = models.PositiveSmallIntegerField(
        _("answer-time commitment (days)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("The commune commits to answer every proposal within this many days."),
    )

    base_form_class = CommuneModelForm
    panels = [
        MultiFieldPanel(
            [FieldPanel("official_name"), FieldPanel("logo"), FieldPanel("accent_colour")],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_address")],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("legal_notice_page"), FieldPanel("accessibility_page")],
            heading=_("Legal pages"),
        ),
        FieldPanel("answer_commitment_days"),
    ]

    class Meta:
        verbose_name = _("commune settings")
        verbose_name_plural = _("commune settings")

    def __str__(self):
        return self.official_name
