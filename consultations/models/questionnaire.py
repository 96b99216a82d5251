"""A questionnaire a consultation can carry, built by editors with Wagtail's form builder.

- Editors add a `QuestionnairePage` under a consultation and compose its questions
  (`QuestionnaireField`, translatable with the page through wagtail-localize).
- Each signed-in citizen answers once (`QuestionnaireSubmission`, unique per page and
  user). Answers always belong to the page's source-language instance, so every
  translation shares one set of answers, and choices are stored with their
  source-language value whatever language the citizen answered in.
- Who may answer and when follows the parent consultation's rules; the write goes
  through `consultations.questionnaire_services.submit_questionnaire`.
- Once the consultation reaches its results phase, the answers to choice questions
  are published as aggregated counts; free-text answers never are.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.forms.forms import FormBuilder, WagtailAdminFormPageForm
from wagtail.contrib.forms.models import (
    FORM_FIELD_CHOICES,
    AbstractForm,
    AbstractFormField,
    AbstractFormSubmission,
)
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.admin_forms import CommuneFormMetaclass, CommuneReferencesMixin
from core.page_rows import PageRowsQuerySet
from core.text import CitizenCharField

from ..routes import ROUTE_VIEWS
from .pages import SourcePageMixin

# No e-mail field (the platform already knows who answers and exports must carry no
# address) and no hidden field (nothing a citizen cannot see is collected).
QUESTION_TYPES = tuple(
    (value, label) for value, label in FORM_FIELD_CHOICES if value not in {"email", "hidden"}
)
CHOICE_TYPES = frozenset({"dropdown", "radio", "checkboxes", "multiselect"})
MULTIPLE_CHOICE_TYPES = frozenset({"checkboxes", "multiselect"})


def split_choices(text: str) -> list[str]:
    """Options as the form builder reads them: one per line, or comma-separated."""
    lines = text.strip().splitlines()
    if len(lines) > 1:
        return [line.strip().rstrip(",").strip() for line in lines]
    return [part.strip() for part in text.split(",")]


class QuestionnaireField(TranslatableMixin, AbstractFormField):
    """One question. Label, help text and options are translated with the page.

    `clean_name` keys the answers in every language, so it is synchronised from the
    source page, never translated. Options are matched across languages by position.
    """

    page = ParentalKey(
        "consultations.QuestionnairePage", on_delete=models.CASCADE, related_name="form_fields"
    )
    field_type = models.CharField(
        verbose_name=_("field type"), max_length=16, choices=QUESTION_TYPES
    )
    field_type.required_on_save = True
    choices = models.TextField(
        verbose_name=_("choices"),
        blank=True,
        help_text=_(
            "For drop-downs, radio buttons, checkboxes and multiple selects: one option per "
            "line. Translations must keep the same options in the same order."
        ),
    )

    override_translatable_fields = [SynchronizedField("clean_name")]

    class Meta(TranslatableMixin.Meta, AbstractFormField.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.label

    @property
    def is_choice(self) -> bool:
        return self.field_type in CHOICE_TYPES

    @property
    def option_labels(self) -> list[str]:
        return split_choices(self.choices) if self.is_choice else []


class QuestionnaireFormBuilder(FormBuilder):
    """Options show the page's (translated) labels but submit the source-language values.

    `QuestionnairePage.get_form_fields` sets `value_choices` on each field: the source
    page's options, matched by position. Answers are thus stored and counted alike
    whatever the language of the page the citizen answered on.
    """

    @staticmethod
    def _values(field) -> list[str]:
        return getattr(field, "value_choices", None) or split_choices(field.choices)

    def get_formatted_field_choices(self, field):
        labels = split_choices(field.choices)
        values = self._values(field)
        return [
            (value, labels[index] if index < len(labels) else value)
            for index, value in enumerate(values)
        ]

    def _to_values(self, field, defaults: list[str]) -> list[str]:
        labels = split_choices(field.choices)
        values = self._values(field)
        by_label = {
            label: values[index] for index, label in enumerate(labels) if index < len(values)
        }
        return [by_label.get(default, default) for default in defaults if default]

    def get_formatted_field_initial(self, field):
        return self._to_values(field, split_choices(field.default_value))

    # Free-text answers are citizen text like any other: no control characters, and
    # something visible when given.
    def create_singleline_field(self, field, options):
        options["max_length"] = 255
        return CitizenCharField(**options)

    def create_multiline_field(self, field, options):
        options.setdefault("widget", forms.Textarea)
        return CitizenCharField(multiline=True, **options)

    def get_field_options(self, field):
        options = super().get_field_options(field)
        if field.field_type in ("dropdown", "radio") and field.default_value:
            initial = self._to_values(field, [field.default_value.strip()])
            options["initial"] = initial[0] if initial else None
        return options


class QuestionnairePageForm(
    CommuneReferencesMixin, WagtailAdminFormPageForm, metaclass=CommuneFormMetaclass
):
    """Wagtail's form-page form, naming only the commune's objects (`core.admin_forms`)."""


class QuestionnairePage(SourcePageMixin, AbstractForm):
    """A questionnaire under a consultation. Answers go to the source-language page."""

    cacheable_for_visitors = False  # a form, with its CSRF token

    intro = models.TextField(_("introduction"), max_length=1200, blank=True)
    thank_you_text = models.TextField(
        _("thank-you text"),
        max_length=1200,
        blank=True,
        help_text=_("Shown to a citizen once they have answered."),
    )

    content_panels = [
        FormSubmissionsPanel(),
        *AbstractForm.content_panels,
        FieldPanel("intro"),
        InlinePanel("form_fields", heading=_("Questions"), label=_("Question"), min_num=1),
        FieldPanel("thank_you_text"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    base_form_class = QuestionnairePageForm
    form_builder = QuestionnaireFormBuilder
    parent_page_types = ["consultations.ConsultationPage"]
    subpage_types = []
    template = "consultations/questionnaire_page.html"
    landing_page_template = "consultations/questionnaire_landing.html"

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    @property
    def sharing_description(self) -> str:
        return self.intro

    # Where answers and rules come from ------------------------------------------

    @cached_property
    def consultation(self):
        """The consultation this questionnaire belongs to (in this page's language)."""
        parent = self.get_parent()
        return parent.specific if parent is not None else None

    # Form builder --------------------------------------------------------------

    def get_form_fields(self):
        fields = list(self.form_fields.all())
        source = self.source_page
        if source.pk != self.pk:
            values = {field.clean_name: field.option_labels for field in source.form_fields.all()}
            for field in fields:
                field.value_choices = values.get(field.clean_name)
        return fields

    def get_submission_class(self):
        return QuestionnaireSubmission

    def get_submissions(self):
        """Every translation lists the answers of the source page."""
        return QuestionnaireSubmission.objects.filter(page_id=self.source_page.pk)

    def process_form_submission(self, form):
        """Not used by `serve`; kept so nothing can bypass the service."""
        from consultations.questionnaire_services import submit_questionnaire

        return submit_questionnaire(page=self, user=form.user, data=form.cleaned_data)

    # Serving -------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        from consultations import questionnaire_services as services

        context = super().get_context(request, *args, **kwargs)
        context["consultation"] = self.consultation
        context["decision"] = services.can_answer(page=self, user=request.user)
        context["answer"] = services.answer_of(page=self, user=request.user)
        context["show_results"] = services.results_published(self)
        context["results"] = (
            services.questionnaire_results(self) if context["show_results"] else None
        )
        return context

    def serve(self, request, *args, **kwargs):
        return ROUTE_VIEWS["questionnaire"](request, self)


class QuestionnaireSubmission(AbstractFormSubmission):
    """One citizen's answers to one questionnaire (its source-language page).

    The person is kept only to enforce one answer each; staff listings and exports
    show the answers, never who gave them.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="questionnaire_submissions",
    )

    objects = PageRowsQuerySet.as_manager()

    class Meta(AbstractFormSubmission.Meta):
        verbose_name = _("questionnaire answer")
        verbose_name_plural = _("questionnaire answers")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "user"], name="consultations_questionnaire_one_answer_per_user"
            ),
        ]

    def __str__(self):
        return f"{self.page_id}: {self.submit_time:%Y-%m-%d %H:%M}"
