"""Questionnaires: who may answer, the one write, and the published results.

The rules are the parent consultation's: a signed-in citizen with a confirmed
e-mail address and old enough for the consultation may answer once, while the
consultation is open (from its first phase until its results phase). Answers
belong to the questionnaire's source-language page.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import long_date

from .models import (
    ParticipationPage,
    QuestionnaireField,
    QuestionnairePage,
    QuestionnaireSubmission,
)
from .models.questionnaire import CHOICE_TYPES, MULTIPLE_CHOICE_TYPES
from .rules import Decision, citizen_may_take_part
from .services import ParticipationRefused


class AlreadyAnswered(ParticipationRefused):
    """This person's answers are already recorded; nothing was stored."""


def _consultation(page: QuestionnairePage) -> ParticipationPage | None:
    """The source-language consultation whose phases and rules apply."""
    consultation = page.consultation
    if not isinstance(consultation, ParticipationPage):
        return None
    return consultation.source_page


# Rules -----------------------------------------------------------------------


def results_published(page: QuestionnairePage, today: date | None = None) -> bool:
    """Aggregated answers are public once the consultation reaches its results phase."""
    consultation = _consultation(page)
    return consultation is not None and consultation.in_results_phase(today)


def can_answer(*, page: QuestionnairePage, user, today: date | None = None) -> Decision:
    """Whether `user` may answer now, and why not. Says nothing about a previous answer."""
    today = today or timezone.localdate()
    consultation = _consultation(page)
    phases = consultation.ordered_phases if consultation is not None else []
    if not phases:
        return Decision(False, _("This questionnaire is not open."))
    if consultation.in_results_phase(today):
        return Decision(
            False, _("This questionnaire is closed: the consultation has published its results.")
        )
    opens = min(phase.start for phase in phases)
    closes = max(phase.end for phase in phases)
    if today < opens:
        return Decision(
            False, _("This questionnaire opens on %(date)s.") % {"date": long_date(opens)}
        )
    if today > closes:
        return Decision(
            False, _("This questionnaire closed on %(date)s.") % {"date": long_date(closes)}
        )
    return citizen_may_take_part(user, consultation, today)


def answer_of(*, page: QuestionnairePage, user) -> QuestionnaireSubmission | None:
    """This person's answer to the questionnaire (in any of its languages), if any."""
    if not user.is_authenticated:
        return None
    return QuestionnaireSubmission.objects.filter(page_id=page.source_page.pk, user=user).first()


# The write -------------------------------------------------------------------


@transaction.atomic
def submit_questionnaire(*, page: QuestionnairePage, user, data) -> QuestionnaireSubmission:
    """Record a citizen's answers, once.

    `data` maps each question's `clean_name` to its answer (a form's
    `cleaned_data`, or submitted values): it is validated again against the source
    page's questions, so choices are stored with their source-language values and
    unknown keys are dropped. Raises `ParticipationRefused` when the rules say no,
    `AlreadyAnswered` when this person has answered before (decided by the unique
    constraint, so a double submit stores one answer), `ValidationError` on bad data.
    """
    page = page.specific
    if not isinstance(page, QuestionnairePage):
        raise TypeError("submit_questionnaire() needs a QuestionnairePage.")
    decision = can_answer(page=page, user=user)
    if not decision:
        raise ParticipationRefused(decision)
    source = page.source_page
    form = source.get_form(data, page=source, user=user)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    try:
        with transaction.atomic():
            submission = QuestionnaireSubmission.objects.create(
                page=source, user=user, form_data=form.cleaned_data
            )
    except IntegrityError as exc:
        raise AlreadyAnswered(Decision(False, _("You have already answered — thank you."))) from exc
    return submission


# Results ---------------------------------------------------------------------


@dataclass(frozen=True)
class OptionResult:
    label: str
    count: int
    percent: int  # rounded, for reading
    bar_width: str  # "42.9": a CSS percentage, never localized


@dataclass(frozen=True)
class QuestionResult:
    label: str
    multiple: bool
    respondents: int  # answers to this question
    options: tuple[OptionResult, ...]


@dataclass(frozen=True)
class QuestionnaireResults:
    answers: int  # everyone who answered the questionnaire
    questions: tuple[QuestionResult, ...]


def _chosen(value) -> set[str]:
    values = value if isinstance(value, list) else [value]
    return {str(item) for item in values if item not in (None, "")}


def questionnaire_results(page: QuestionnairePage) -> QuestionnaireResults:
    """Counts and shares of each option of the choice questions, in `page`'s language.

    Two queries (questions of the page and its source, then the answers); the
    counting runs once in Python over all answers. Free-text answers are ignored.
    """
    source = page.source_page
    fields = list(
        QuestionnaireField.objects.filter(
            page_id__in={page.pk, source.pk}, field_type__in=CHOICE_TYPES
        ).order_by("sort_order", "pk")
    )
    shown = [field for field in fields if field.page_id == page.pk]
    source_values = {
        field.clean_name: field.option_labels for field in fields if field.page_id == source.pk
    }
    answers = list(
        QuestionnaireSubmission.objects.filter(page_id=source.pk).values_list(
            "form_data", flat=True
        )
    )

    counts = {field.clean_name: Counter() for field in shown}
    respondents = Counter()
    for form_data in answers:
        for name, counter in counts.items():
            chosen = _chosen(form_data.get(name))
            if chosen:
                respondents[name] += 1
                counter.update(chosen)

    questions = []
    for field in shown:
        name = field.clean_name
        labels = field.option_labels
        values = source_values.get(name) or labels
        total = respondents[name]
        options = [
            (labels[index] if index < len(labels) else value, counts[name].pop(value, 0))
            for index, value in enumerate(values)
        ]
        # Answers given to options that editors have since renamed or removed.
        options += sorted(counts[name].items(), key=lambda item: (-item[1], item[0]))
        questions.append(
            QuestionResult(
                label=field.label,
                multiple=field.field_type in MULTIPLE_CHOICE_TYPES,
                respondents=total,
                options=tuple(
                    OptionResult(
                        label=label,
                        count=count,
                        percent=round(100 * count / total) if total else 0,
                        bar_width=f"{100 * count / total:.1f}" if total else "0",
                    )
                    for label, count in options
                ),
            )
        )
    return QuestionnaireResults(answers=len(answers), questions=tuple(questions))


# The consultation page's view of its questionnaires --------------------------


@dataclass(frozen=True)
class QuestionnaireEntry:
    page: QuestionnairePage
    results: QuestionnaireResults | None


def consultation_questionnaires(consultation, *, with_results: bool) -> list[QuestionnaireEntry]:
    """The live questionnaires under a consultation page, with their results if asked."""
    pages = QuestionnairePage.objects.child_of(consultation).live().public().order_by("path")
    return [
        QuestionnaireEntry(page=page, results=questionnaire_results(page) if with_results else None)
        for page in pages
    ]
