"""Reads about communes shared with other code."""

from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from wagtail.models import Site

from .models import CommuneSettings


def site_for_collection(collection) -> Site | None:
    """The commune whose media collection holds `collection` (None: install-wide media)."""
    owners = CommuneSettings.objects.filter(
        collection__in=collection.get_ancestors(inclusive=True)
    ).select_related("site")
    owner = owners.order_by("-collection__depth").first()
    return owner.site if owner else None


def commitment_days():
    """The commune's answer commitment in days, as an expression on one of its localized
    root pages (for `core.tenancy.CommuneScope` annotations); the default when unset."""
    settings = CommuneSettings.objects.filter(
        site__root_page__translation_key=OuterRef("translation_key")
    )
    default = CommuneSettings._meta.get_field("answer_commitment_days").default
    return Coalesce(Subquery(settings.values("answer_commitment_days")[:1]), Value(default))
