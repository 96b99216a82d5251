"""Reads about communes shared with other code."""

from wagtail.models import Site

from .models import CommuneSettings


def site_for_collection(collection) -> Site | None:
    """The commune whose media collection holds `collection` (None: install-wide media)."""
    owners = CommuneSettings.objects.filter(
        collection__in=collection.get_ancestors(inclusive=True)
    ).select_related("site")
    owner = owners.order_by("-collection__depth").first()
    return owner.site if owner else None
