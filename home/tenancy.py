"""Which commune a request, a page or a user belongs to.

A commune is a Wagtail Site whose root is a HomePage. wagtail-localize gives
that root one sibling per language, so a commune's pages are the descendants of
*all* its localized roots, not of `site.root_page` alone.
"""

from django.db.models import Q, QuerySet
from wagtail.models import GroupPagePermission, Page, Site


def localized_roots(site: Site):
    """The commune's root page in every language it is published in."""
    return Page.objects.filter(
        translation_key=site.root_page.translation_key, depth=site.root_page.depth
    )


def commune_pages_q(site: Site, *, inclusive: bool = True) -> Q:
    """A Q object selecting the pages of one commune, across its languages."""
    query = Q()
    for path, depth in localized_roots(site).values_list("path", "depth"):
        query |= Q(path__startswith=path, depth__gte=depth if inclusive else depth + 1)
    return query if query else Q(pk__in=[])


def commune_pages(site: Site, *, inclusive: bool = True):
    return Page.objects.filter(commune_pages_q(site, inclusive=inclusive))


def site_for_page(page: Page) -> Site | None:
    """The commune (Site) a page belongs to, whatever its language."""
    root_path = page.path[: Page.steplen * 2]
    root = Page.objects.filter(path=root_path).only("translation_key").first()
    if root is None:
        return None
    return (
        Site.objects.filter(root_page__translation_key=root.translation_key)
        .select_related("root_page")
        .first()
    )


def covers_every_commune(user) -> bool:
    """Install-wide staff: active superusers, and holders of a page permission on the
    tree's root (above every commune), as Wagtail's own default groups are."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_agora_covers_every_commune", None)
    if cached is None:
        cached = user._agora_covers_every_commune = GroupPagePermission.objects.filter(
            group__user=user, page__depth=1
        ).exists()
    return cached


def communes_for_user(user) -> QuerySet[Site]:
    """The communes a staff member covers.

    Every commune for install-wide staff (`covers_every_commune`); otherwise the
    sites whose localized root pages carry a page permission of one of the user's
    groups (as `create_commune` grants to the commune's editors and moderators).
    """
    if not (user.is_authenticated and user.is_active):
        return Site.objects.none()
    if covers_every_commune(user):
        return Site.objects.all()
    # Only a root page and its translations share the root's translation key.
    covered_roots = GroupPagePermission.objects.filter(group__user=user).values(
        "page__translation_key"
    )
    return Site.objects.filter(root_page__translation_key__in=covered_roots)


def site_for_collection(collection) -> Site | None:
    """The commune whose media collection holds `collection` (None: install-wide media)."""
    from .models import CommuneSettings

    owners = CommuneSettings.objects.filter(
        collection__in=collection.get_ancestors(inclusive=True)
    ).select_related("site")
    owner = owners.order_by("-collection__depth").first()
    return owner.site if owner else None
