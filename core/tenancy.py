"""Which commune a request, a page or a user belongs to.

A commune is a Wagtail Site whose root is a HomePage. wagtail-localize gives
that root one sibling per language, so a commune's pages are the descendants of
*all* its localized roots, not of `site.root_page` alone.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Expression,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from wagtail.models import GroupPagePermission, Page, Site


@dataclass(frozen=True)
class CommuneRoot:
    """One localized root page of a commune, with what a caller annotated on it."""

    path: str
    depth: int
    site_id: int
    name: str
    extra: Mapping = field(default_factory=dict, compare=False, hash=False)


class CommuneScope:
    """Some communes, as conditions on the path of a page: the one place where commune
    scoping is written (public pages, staff screens, figures).

    A page belongs to a commune when its path starts with one of the commune's
    localized roots. Contributions are scoped through their page (`prefix="page__"`,
    the default), a support through its proposal's page (`"proposal__page__"`), pages
    themselves with `prefix=""`. An unrestricted scope (an active superuser's) adds no
    condition at all. The roots are read in one query, when first needed.
    """

    def __init__(
        self,
        roots: list[CommuneRoot] | Callable[[], list[CommuneRoot]],
        *,
        unrestricted: bool = False,
    ):
        self._roots = roots
        self.unrestricted = unrestricted

    @classmethod
    def of_sites(cls, sites: QuerySet[Site], **annotations: Expression) -> "CommuneScope":
        """The communes of `sites`. Each keyword is an expression evaluated against the
        root page (`OuterRef("translation_key")` names its translation key); its value
        lands in `root.extra`."""
        return cls(lambda: _roots_of(sites, annotations))

    @classmethod
    def of_user(cls, user, **annotations: Expression) -> "CommuneScope":
        """The communes a staff member covers (`communes_for_user`); every row for an
        active superuser."""
        return cls(
            lambda: _roots_of(communes_for_user(user), annotations),
            unrestricted=bool(user.is_active and user.is_superuser),
        )

    @property
    def roots(self) -> list[CommuneRoot]:
        if callable(self._roots):
            self._roots = self._roots()
        return self._roots

    def q(self, prefix: str = "page__", *, inclusive: bool = True) -> Q:
        """Rows under one of the roots (`inclusive=False`: the roots themselves excluded)."""
        if self.unrestricted:
            return Q()
        condition = Q()
        for root in self.roots:
            below = Q(**{f"{prefix}path__startswith": root.path})
            if not inclusive:
                below &= Q(**{f"{prefix}depth__gt": root.depth})
            condition |= below
        return condition if condition else Q(pk__in=[])

    def filter(self, queryset: QuerySet, prefix: str = "page__") -> QuerySet:
        if self.unrestricted:
            return queryset
        if not self.roots:
            return queryset.none()
        return queryset.filter(self.q(prefix))

    def per_commune(
        self,
        then: Callable[[CommuneRoot], Expression],
        *,
        when: Callable[[CommuneRoot], Q] | None = None,
        prefix: str = "page__",
        default: Expression,
        output_field,
    ) -> Case:
        """An annotation whose value depends on each row's commune: `then(root)` for the
        rows under `root` (and matching `when(root)`, if given), else `default`."""
        return Case(
            *(
                When(
                    Q(**{f"{prefix}path__startswith": root.path}) & (when(root) if when else Q()),
                    then=then(root),
                )
                for root in self.roots
            ),
            default=default,
            output_field=output_field,
        )

    def site_of(self, prefix: str = "page__") -> Case:
        """The pk of each row's commune's Site."""
        return self.per_commune(
            lambda root: Value(root.site_id),
            prefix=prefix,
            default=Value(None),
            output_field=IntegerField(),
        )

    def commune_name(self, prefix: str = "page__") -> Case:
        """The name of each row's commune."""
        return self.per_commune(
            lambda root: Value(root.name),
            prefix=prefix,
            default=Value(""),
            output_field=CharField(),
        )


def _roots_of(sites: QuerySet[Site], annotations: Mapping[str, Expression]) -> list[CommuneRoot]:
    """The localized roots of `sites`, with their Site and `annotations`, in one query."""
    site = Site.objects.filter(root_page__translation_key=OuterRef("translation_key"))
    rows = (
        Page.objects.filter(translation_key__in=sites.values("root_page__translation_key"))
        .annotate(
            site_pk=Subquery(site.values("pk")[:1]),
            commune=Subquery(site.values("site_name")[:1]),
            **annotations,
        )
        .order_by("commune", "path")
        .values("path", "depth", "site_pk", "commune", *annotations)
    )
    return [
        CommuneRoot(
            path=row["path"],
            depth=row["depth"],
            site_id=row["site_pk"],
            name=row["commune"] or "",
            extra={name: row[name] for name in annotations},
        )
        for row in rows
    ]


def localized_roots(site: Site):
    """The commune's root page in every language it is published in."""
    return Page.objects.filter(
        translation_key=site.root_page.translation_key, depth=site.root_page.depth
    )


def commune_pages_q(site: Site, *, inclusive: bool = True) -> Q:
    """A Q object selecting the pages of one commune, across its languages."""
    return CommuneScope.of_sites(Site.objects.filter(pk=site.pk)).q("", inclusive=inclusive)


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


def covers_page(user, page: Page) -> bool:
    """Whether the user is staff of the commune `page` belongs to (as
    `communes_for_user` says), in one query at most."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    # The commune's root in the page's tree: a permission on it or on one of its
    # translations (only they share its translation key), or on the tree's root.
    root = Page.objects.filter(path=page.path[: Page.steplen * 2]).values("translation_key")
    return (
        GroupPagePermission.objects.filter(group__user=user)
        .filter(Q(page__depth=1) | Q(page__translation_key__in=root))
        .exists()
    )
