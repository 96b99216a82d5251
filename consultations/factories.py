"""Factories for the participation core, shared by the tests and the demo."""

from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.factories import UserFactory

from .models import (
    Category,
    Comment,
    ConsultationPage,
    ConsultationPhase,
    District,
    PhaseKind,
    Proposal,
    ProposalStatus,
)


class CitizenFactory(UserFactory):
    """A citizen who can take part: e-mail confirmed, adult."""

    email_confirmed_at = factory.LazyFunction(timezone.now)
    birth_year = 1985


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Thème {n}")


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("site", "name")

    name = factory.Sequence(lambda n: f"Quartier {n}")


class ConsultationPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ConsultationPage

    title = factory.Sequence(lambda n: f"Consultation {n}")
    intro = "Donnez votre avis sur ce projet."
    live = True


def phases_around_today(*kinds_and_offsets):
    """Phases as (kind, start offset in days, end offset in days) relative to today."""
    today = timezone.localdate()
    return [
        ConsultationPhase(
            kind=kind, start=today + timedelta(days=start), end=today + timedelta(days=end)
        )
        for kind, start, end in kinds_and_offsets
    ]


# A consultation whose proposals phase is open today.
OPEN_FOR_PROPOSALS = (
    (PhaseKind.INFORMATION, -30, -11),
    (PhaseKind.PROPOSALS, -10, 20),
    (PhaseKind.REVIEW, 21, 40),
    (PhaseKind.RESULTS, 41, 90),
)


def make_consultation(
    *, parent, phases=OPEN_FOR_PROPOSALS, categories=(), **fields
) -> ConsultationPage:
    """A published consultation under `parent`, with its phases and categories."""
    page = ConsultationPageFactory.build(**fields)
    page.phases = phases_around_today(*phases)
    parent.add_child(instance=page)
    page.categories.set(categories)
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


class ProposalFactory(DjangoModelFactory):
    class Meta:
        model = Proposal

    author = factory.SubFactory(CitizenFactory)
    title = factory.Faker("sentence", nb_words=6, locale="fr_FR")
    body = factory.Faker("paragraph", nb_sentences=4, locale="fr_FR")
    status = ProposalStatus.PUBLISHED


class CommentFactory(DjangoModelFactory):
    class Meta:
        model = Comment

    author = factory.SubFactory(CitizenFactory)
    body = factory.Faker("sentence", nb_words=12, locale="fr_FR")


def make_questionnaire(consultation, *, questions, **fields):
    """A published questionnaire under `consultation`.

    `questions` holds (label, field type, choices text, required) tuples.
    """
    from .models import QuestionnaireField, QuestionnairePage

    page = QuestionnairePage(
        form_fields=[
            QuestionnaireField(
                label=label, field_type=field_type, choices=choices, required=required
            )
            for label, field_type, choices, required in questions
        ],
        **fields,
    )
    consultation.add_child(instance=page)
    page.save_revision().publish()
    return QuestionnairePage.objects.get(pk=page.pk)
