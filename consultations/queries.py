"""Reads about consultations shared with other code (budgets, projects, figures)."""

from datetime import timedelta

from django.db.models import BooleanField, Case, F, Q, Value, When
from wagtail.models import Locale

from core.tenancy import CommuneScope

from .models import Category, ProposalStatus


def page_categories(page):
    """The categories citizens can choose on this page (source-language objects)."""
    return Category.objects.filter(pk__in=page.source_page.categories.values("pk"))


def category_names(categories) -> dict[int, str]:
    """Category names in the visitor's language, keyed by the source category's id."""
    categories = list(categories)
    names = {category.pk: category.name for category in categories}
    locale = Locale.get_active()
    translated = Category.objects.filter(
        translation_key__in=[category.translation_key for category in categories], locale=locale
    ).values_list("translation_key", "name")
    by_key = dict(translated)
    for category in categories:
        names[category.pk] = by_key.get(category.translation_key, category.name)
    return names


def _days(root) -> timedelta:
    return timedelta(days=root.extra["answer_commitment_days"])


def answer_overdue(scope: CommuneScope, now) -> Case:
    """True for a proposal left without public answer past its commune's commitment
    (`scope`'s roots carry `answer_commitment_days`). Merged and hidden proposals expect
    no answer of their own."""
    late = scope.per_commune(
        lambda root: Value(True),
        when=lambda root: Q(created_at__lt=now - _days(root)),
        default=Value(False),
        output_field=BooleanField(),
    )
    return Case(
        When(
            Q(first_answered_at__isnull=False)
            | Q(status=ProposalStatus.MERGED)
            | Q(is_hidden=True),
            then=Value(False),
        ),
        default=late,
        output_field=BooleanField(),
    )


def answered_on_time(scope: CommuneScope) -> Case:
    """True for a proposal whose first official answer came within its commune's
    commitment."""
    return scope.per_commune(
        lambda root: Value(True),
        when=lambda root: Q(first_answered_at__lte=F("created_at") + _days(root)),
        default=Value(False),
        output_field=BooleanField(),
    )
