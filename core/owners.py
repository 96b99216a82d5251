"""Which commune an object belongs to: the rule behind "nothing of commune B on A".

- a page: the commune of its tree, whatever its language (`core.tenancy.site_for_page`);
- a Site: itself;
- a model keyed by a site (`core.admin_scope.register_site_model`): its `site`
  (none: install-wide);
- a model whose apps say how (`register_owner`): images and documents by their
  collection, contributions by their page…;
- anything else (users, locales, collections…): no commune.

`None` means "no commune": install-wide, usable anywhere. The admin forms
(`core.admin_forms`) and the translation editor (`core.scoped_admin`) refuse an
object whose commune is not that of the content naming it.
"""

from collections.abc import Callable

from django.db.models import Model
from wagtail.models import Page, Site

from .admin_scope import SITE_MODELS
from .tenancy import site_for_page

# "app.Model" -> the commune (Site) of one of its objects, or None. The apps that own
# such models register them when they are ready: this module knows none of them.
OWNERS: dict[str, Callable[[Model], Site | None]] = {}


def register_owner(label: str, owner: Callable[[Model], Site | None]) -> None:
    """Objects of `label` ("app.Model") belong to the commune `owner(instance)` returns."""
    OWNERS[label] = owner


def _concrete(model: type[Model]) -> type[Model]:
    return model._meta.concrete_model if model._meta.proxy else model


def has_owner(model: type[Model]) -> bool:
    """Do objects of `model` belong to communes (so that naming one may be refused)?"""
    model = _concrete(model)
    return (
        issubclass(model, Page | Site)
        or model._meta.label in SITE_MODELS
        or model._meta.label in OWNERS
    )


def commune_of(instance: Model) -> Site | None:
    """The commune `instance` belongs to; None for install-wide objects and models
    without communes."""
    model = _concrete(type(instance))
    if isinstance(instance, Page):
        return site_for_page(instance)
    if isinstance(instance, Site):
        return instance
    if model._meta.label in SITE_MODELS:
        return instance.site if instance.site_id is not None else None
    owner = OWNERS.get(model._meta.label)
    return owner(instance) if owner is not None else None
