"""Wagtail and wagtail-localize admin views, narrowed to the communes of the user.

Each class here adds one thing to the view it extends: its listing, its filters'
choices or its tag suggestions come from `core.admin_scope`, so that a staff
member never sees another commune's pages, staff, sites, images, documents,
tags or translations; the translation editor's overrides (another image for a
language) name only the commune's objects, as the admin forms do
(`core.admin_forms`). `core.admin_urls` puts them in place of the originals.
"""

from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import ForeignKey, Model, QuerySet
from django.http import Http404, JsonResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag, TagBase
from wagtail.admin.filters import PopularTagsFilter
from wagtail.admin.views.pages.listing import GenericPageFilterSet
from wagtail.admin.views.tags import TAGS_AUTOCOMPLETE_LIMIT
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.blocks import ChooserBlock
from wagtail.fields import StreamField
from wagtail_localize.models import OverridableSegment, SegmentOverride, Translation
from wagtail_localize.views import edit_translation
from wagtail_localize.views.snippets_api import SnippetViewSet as LocalizeSnippetViewSet

from .admin_forms import OTHER_COMMUNE, References
from .admin_scope import popular_tags, scope_queryset, scope_tags
from .owners import commune_of
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


# The translation editor's overrides ----------------------------------------------------

DAMAGED_OVERRIDE = _("Choose an existing item.")


def overridden_model(instance: Model, path: str) -> type[Model] | None:
    """The model of the object an overridable segment at `path` (as wagtail-localize
    writes it: "hero_image", "body.<block id>.image", "gallery_images.<key>.image")
    names; None when it names no object (a URL, an embed)."""
    parts = path.split(".")
    while parts and instance is not None:
        name = parts.pop(0)
        try:
            field = type(instance)._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if isinstance(field, StreamField):
            bound = field.get_block_by_content_path(getattr(instance, name), parts)
            block = getattr(bound, "block", None)
            return block.model_class if isinstance(block, ChooserBlock) else None
        if isinstance(field, ForeignKey):
            return None if parts else field.related_model
        if field.one_to_many and parts:  # an inline child, by its translation key
            key = parts.pop(0)
            instance = (
                getattr(instance, field.get_accessor_name()).filter(translation_key=key).first()
            )
            continue
        return None
    return None


def _override_error(request, translation_id, overridable_segment_id) -> str | None:
    """Why the override just written for this segment may not be kept (None: it may)."""
    translation = Translation.objects.select_related("source").get(pk=translation_id)
    segment = OverridableSegment.objects.select_related("context").get(pk=overridable_segment_id)
    source = translation.source.get_source_instance()
    model = overridden_model(source, segment.context.path)
    if model is None:
        return None
    override = SegmentOverride.objects.get(
        locale_id=translation.target_locale_id, context_id=segment.context_id
    )
    try:
        chosen = model._default_manager.filter(pk=override.data).first()
    except (TypeError, ValueError):
        chosen = None
    if chosen is None:
        return str(DAMAGED_OVERRIDE)
    if not References(commune_of(source), request.user).allows(chosen):
        return str(OTHER_COMMUNE)
    return None


def edit_override(request, translation_id, overridable_segment_id):
    """wagtail-localize's override of a segment for one language (another image, page or
    document than the source's), kept only when it names an existing object of the
    content's own commune; otherwise nothing is written and the answer is 400."""
    with transaction.atomic():
        response = edit_translation.edit_override(
            request, translation_id=translation_id, overridable_segment_id=overridable_segment_id
        )
        if request.method == "PUT" and response.status_code in (200, 201):
            error = _override_error(request, translation_id, overridable_segment_id)
            if error is not None:
                transaction.set_rollback(True)
                return JsonResponse({"error": error}, status=400)
    return response
