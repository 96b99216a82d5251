"""Wagtail and wagtail-localize admin views, narrowed to the communes of the user.

Each class here adds one thing to the view it extends: its listing, its filters'
choices or its tag suggestions come from `core.admin_scope`, so that a staff
member never sees another commune's pages, staff, sites, images, documents,
tags or translations. `core.admin_urls` puts them in place of the originals.
"""

from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import Http404, JsonResponse
from django.utils.functional import cached_property
from taggit.models import Tag, TagBase
from wagtail.admin.filters import PopularTagsFilter
from wagtail.admin.views.pages.listing import GenericPageFilterSet
from wagtail.admin.views.tags import TAGS_AUTOCOMPLETE_LIMIT
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail_localize.views.snippets_api import SnippetViewSet as LocalizeSnippetViewSet

from .admin_scope import popular_tags, scope_queryset, scope_tags
from .tenancy import covers_every_commune


class CommuneScopedFilterSet:
    """A filter set whose choices (users, sites, pages, tags…) are the user's communes' own."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if user is None or covers_every_commune(user):
            return
        for name, filter_ in list(self.filters.items()):
            if isinstance(filter_, PopularTagsFilter):
                tags = popular_tags(user, self._meta.model)
                if tags:
                    filter_.extra["choices"] = [(tag.name, tag.name) for tag in tags]
                else:
                    del self.filters[name]
                continue
            choices = getattr(filter_, "queryset", None)
            if callable(choices) and not isinstance(choices, QuerySet):
                choices = choices(request)
            if isinstance(choices, QuerySet):
                filter_.queryset = scope_queryset(user, choices)


@cache
def scoped_filterset(filterset_class):
    return type(
        f"CommuneScoped{filterset_class.__name__}",
        (CommuneScopedFilterSet, filterset_class),
        {"__module__": __name__},
    )


class ScopedFiltersMixin:
    """For a Wagtail listing view: its filters offer only the user's communes' choices.

    As `BaseListingView.filters`, with the scoped variant of the view's filter set.
    """

    @cached_property
    def filters(self):
        if self.filterset_class:
            filterset = scoped_filterset(self.filterset_class)(**self.get_filterset_kwargs())
            if filterset.form.fields:
                return filterset
        return None


class CommunePageViewSet(PageViewSet):
    """Wagtail's page views (explorer, listings of a page type) with scoped filters.

    Registered for `Page` after Wagtail's own (`home.wagtail_hooks`), so that every
    page type's explorer uses it. The listings themselves are Wagtail's: they show
    only the pages a user may explore; their filters listed every page owner,
    every editor and every site.
    """

    filterset_class = scoped_filterset(GenericPageFilterSet)


class ScopedPopularTagsMixin:
    """For the image chooser: "popular tags" among the user's images only."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "popular_tags" in context:
            context["popular_tags"] = popular_tags(self.request.user, self.model)
        return context


class ScopedQuerysetMixin:
    """For a listing (wagtail-localize's translations report): the user's communes' rows."""

    def get_queryset(self):
        return scope_queryset(self.request.user, super().get_queryset())


class ScopedSnippetsAPIViewSet(LocalizeSnippetViewSet):
    """wagtail-localize's snippet API, listing the user's communes' snippets only."""

    def get_queryset(self):
        return scope_queryset(self.request.user, super().get_queryset())


def tag_autocomplete(request, app_name=None, model_name=None):
    """Wagtail's tag autocompletion, suggesting no tag of another commune's media."""
    tag_model = Tag
    if app_name and model_name:
        try:
            tag_model = ContentType.objects.get_by_natural_key(app_name, model_name).model_class()
        except ContentType.DoesNotExist as error:
            raise Http404 from error
        if tag_model is None or not issubclass(tag_model, TagBase):
            raise Http404
    term = request.GET.get("term")
    if not term:
        return JsonResponse([], safe=False)
    tags = scope_tags(request.user, tag_model.objects.filter(name__istartswith=term))
    names = tags.order_by("name").values_list("name", flat=True)[:TAGS_AUTOCOMPLETE_LIMIT]
    return JsonResponse(list(names), safe=False)
