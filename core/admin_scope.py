"""What part of the install a staff member works on in the admin: their communes.

Wagtail's admin knows sites and permissions but not tenants: many of its screens
list or load objects of every site (choosers, filters, reports, the admin API).
This module says, for the models that belong to a commune, which objects a staff
member covers (`core.tenancy.communes_for_user`):

- pages: the descendants of their communes' localized roots (and the tree's root,
  which belongs to nobody and lists only what the user may see below it);
- sites, and everything keyed by a site (themes, districts, settings, redirects);
- images and documents: the collections Wagtail lets them use or change;
- proposals and comments: their registered permission policy (`StaffScope`);
- wagtail-localize's translations: those of the objects above;
- staff: the members of their communes' groups;
- workflows and tasks: install-wide, for install-wide staff only.

Install-wide staff (`covers_every_commune`) cover everything. The admin guard,
the scoped admin views and the hooks of `home.wagtail_hooks` build on this.
"""

from functools import cache

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Q, QuerySet
from taggit.models import Tag, TaggedItem
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    GroupPagePermission,
    Page,
    Site,
    Task,
    TaskState,
    Workflow,
    WorkflowState,
)
from wagtail.permissions import policy_registry

from .tenancy import communes_for_user, covers_every_commune

# Models keyed by the commune's Site (a null site means "every site": install-wide),
# and models whose registered permission policy already narrows to the user's
# communes. The apps that own such models register them (`register_site_model`,
# `register_policy_model`) when they are ready: this module knows none of them.
SITE_MODELS: set[str] = {"wagtailredirects.Redirect"}
POLICY_MODELS: set[str] = set()


def register_site_model(label: str) -> None:
    """`label` ("app.Model") has a `site` foreign key naming the commune it belongs to."""
    SITE_MODELS.add(label)


def register_policy_model(label: str) -> None:
    """`label`'s registered permission policy narrows to the user's communes; its admin
    listings and bulk actions ("select all" included) are scoped by it."""
    POLICY_MODELS.add(label)


WORKFLOW_PERMISSIONS = [
    f"wagtailcore.{action}_{model}"
    for model in ("workflow", "task")
    for action in ("add", "change", "delete")
]


def _is_model(model, labels) -> bool:
    return model._meta.label in labels


def commune_roots(user) -> QuerySet[Page]:
    """The localized root pages of the communes the user covers."""
    keys = communes_for_user(user).values("root_page__translation_key")
    return Page.objects.filter(translation_key__in=keys, depth=2)


def pages_q(user) -> Q | None:
    """A condition on Page selecting the user's communes' pages (None: every page)."""
    if covers_every_commune(user):
        return None
    condition = Q(depth=1)
    for path in commune_roots(user).values_list("path", flat=True):
        condition |= Q(path__startswith=path)
    return condition


def staff_q(user) -> Q | None:
    """A condition on User selecting the staff of the user's communes (None: everyone)."""
    if covers_every_commune(user):
        return None
    groups = GroupPagePermission.objects.filter(page__in=commune_roots(user)).values("group")
    return Q(pk=user.pk) | Q(groups__in=Group.objects.filter(pk__in=groups))


def may_administer_workflows(user) -> bool:
    return covers_every_commune(user) or any(
        user.has_perm(permission) for permission in WORKFLOW_PERMISSIONS
    )


def scope_queryset(user, queryset: QuerySet) -> QuerySet:
    """`queryset` narrowed to the user's communes; unchanged for models without a commune."""
    model = queryset.model
    if covers_every_commune(user):
        return queryset
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    if issubclass(model, Page):
        return queryset.filter(pages_q(user))
    if model is Site:
        return queryset.filter(pk__in=communes_for_user(user).values("pk"))
    if _is_model(model, SITE_MODELS):
        return queryset.filter(site__in=communes_for_user(user))
    if model in (get_image_model(), get_document_model()):
        policy = policy_registry.get_by_type(model)
        visible = policy.instances_user_has_any_permission_for(user, ["change", "choose"])
        return queryset.filter(pk__in=visible.values("pk"))
    if _is_model(model, POLICY_MODELS):
        visible = policy_registry.get_by_type(model).instances_user_has_any_permission_for(
            user, ["view", "change"]
        )
        return queryset.filter(pk__in=visible.values("pk"))
    if model is get_user_model():
        return queryset.filter(staff_q(user)).distinct()
    if issubclass(model, (Workflow, Task)):
        return queryset if may_administer_workflows(user) else queryset.none()
    if _is_model(model, ("wagtail_localize.TranslationSource",)):
        return queryset.filter(_translation_keys_q(user, "object_id"))
    if _is_model(model, ("wagtail_localize.Translation",)):
        return queryset.filter(_translation_keys_q(user, "source__object_id"))
    return queryset


def _translation_keys_q(user, field: str) -> Q:
    """`field` is the translation key of a translatable object of the user's communes."""
    condition = Q(
        **{f"{field}__in": scope_queryset(user, Page.objects.all()).values("translation_key")}
    )
    for label in sorted(SITE_MODELS):
        model = apps.get_model(label)
        if hasattr(model, "translation_key"):
            keys = scope_queryset(user, model.objects.all()).values("translation_key")
            condition |= Q(**{f"{field}__in": keys})
    return condition


def in_scope(user, instance) -> bool:
    """Does this object belong to one of the user's communes (or to no commune)?"""
    model = type(instance)
    if isinstance(instance, TaskState):
        instance = instance.workflow_state
        model = type(instance)
    if isinstance(instance, WorkflowState):
        instance = instance.content_object
        if instance is None:
            return covers_every_commune(user)
        model = type(instance)
    if _is_model(model, ("wagtail_localize.Translation",)):
        instance = instance.source
        model = type(instance)
    if _is_model(model, ("wagtail_localize.TranslationSource",)):
        try:
            instance = instance.get_source_instance()
        except ObjectDoesNotExist:  # its object is gone: only install-wide staff
            return covers_every_commune(user)
        model = type(instance)
    if model._meta.proxy:
        model = model._meta.concrete_model
    queryset = model._default_manager.filter(pk=instance.pk)
    return scope_queryset(user, queryset).exists()


# Tags ------------------------------------------------------------------------------------


@cache
def _tagged_content_types() -> list[int]:
    return [
        ContentType.objects.get_for_model(model).pk
        for model in (get_image_model(), get_document_model())
    ]


def visible_tagged_items(user) -> QuerySet[TaggedItem]:
    """Tag assignments on the images and documents the user covers."""
    items = TaggedItem.objects.none()
    for model in (get_image_model(), get_document_model()):
        content_type = ContentType.objects.get_for_model(model)
        visible = scope_queryset(user, model._default_manager.all())
        items |= TaggedItem.objects.filter(
            content_type=content_type, object_id__in=visible.values("pk")
        )
    return items


def scope_tags(user, tags: QuerySet) -> QuerySet:
    """Tags used on the user's images and documents, or on nothing that has a commune."""
    if covers_every_commune(user) or tags.model is not Tag:
        return tags
    tenant_items = TaggedItem.objects.filter(content_type__in=_tagged_content_types())
    return tags.filter(
        Q(pk__in=visible_tagged_items(user).values("tag")) | ~Q(pk__in=tenant_items.values("tag"))
    )


def popular_tags(user, model, count=10) -> QuerySet[Tag]:
    """`wagtail.admin.models.popular_tags_for_model`, over the objects the user covers."""
    content_type = ContentType.objects.get_for_model(model)
    objects = scope_queryset(user, model._default_manager.all())
    return (
        Tag.objects.filter(
            taggit_taggeditem_items__content_type=content_type,
            taggit_taggeditem_items__object_id__in=objects.values("pk"),
        )
        .annotate(item_count=Count("taggit_taggeditem_items"))
        .order_by("-item_count")[:count]
    )
