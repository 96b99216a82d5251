"""Read-only queries: the projects a visitor sees, in their language.

Project pages are translated with wagtail-localize; a visitor sees each project in
their language when it is translated and published, else in its source language.
"""

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from wagtail.models import Locale, Page

from .models import ProjectIndexPage, ProjectPage, ProjectStatus

# Projects being built first, then those planned, done, and cancelled.
STATUS_ORDER = Case(
    When(status=ProjectStatus.IN_PROGRESS, then=Value(0)),
    When(status=ProjectStatus.PLANNED, then=Value(1)),
    When(status=ProjectStatus.DONE, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def _source_locale_id(page) -> int:
    return (
        Page.objects.filter(translation_key=page.translation_key)
        .order_by("pk")
        .values_list("locale_id", flat=True)
        .first()
    )


def _in_locale_or_fallback(queryset, locale_id: int, fallback_locale_id: int):
    """Pages in `locale_id`, plus those of `fallback_locale_id` without a live translation."""
    if locale_id == fallback_locale_id:
        return queryset.filter(locale_id=locale_id)
    translated = ProjectPage.objects.live().filter(
        translation_key=OuterRef("translation_key"), locale_id=locale_id
    )
    return queryset.filter(
        Q(locale_id=locale_id) | (Q(locale_id=fallback_locale_id) & ~Exists(translated))
    )


def index_projects(index: ProjectIndexPage):
    """The live, public projects of an index (all its languages) as its visitors see them."""
    children = Q(pk__in=[])
    for path, depth in ProjectIndexPage.objects.filter(
        translation_key=index.translation_key
    ).values_list("path", "depth"):
        children |= Q(path__startswith=path, depth=depth + 1)
    projects = ProjectPage.objects.live().public().filter(children)
    return _in_locale_or_fallback(projects, index.locale_id, _source_locale_id(index))


def localize(pages) -> list[ProjectPage]:
    """One page per project: the active language's if there is one, else the first created."""
    try:
        active = Locale.get_active().pk
    except (LookupError, Locale.DoesNotExist):
        active = None
    chosen: dict = {}
    for page in sorted(pages, key=lambda page: page.pk):
        current = chosen.get(page.translation_key)
        if current is None or (page.locale_id == active and current.locale_id != active):
            chosen[page.translation_key] = page
    return sorted(chosen.values(), key=lambda page: page.first_published_at or page.pk)


def projects_from_page(page) -> list[ProjectPage]:
    """Live projects born from a consultation or budget, or from one of its proposals."""
    source_pk = page.source_page.pk if hasattr(page, "source_page") else page.pk
    pages = (
        ProjectPage.objects.live()
        .public()
        .filter(
            Q(origin_page__translation_key=page.translation_key)
            | Q(origins__proposal__page_id=source_pk)
        )
        .distinct()
    )
    return localize(pages)


def projects_from_proposal(proposal) -> list[ProjectPage]:
    """Live projects that build a proposal."""
    return localize(
        ProjectPage.objects.live().public().filter(origins__proposal=proposal).distinct()
    )
