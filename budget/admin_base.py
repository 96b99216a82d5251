"""What the budget's staff screens share: their scope and their furniture.

Scope, as in the moderation screens: the proposals a staff member may review come
from `consultations.permissions.ContributionPermissionPolicy` (the `change_proposal`
permission, narrowed by `scope_for(user)` to the communes they cover), restricted to
budget pages; budget pages are those of the same communes.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.urls import reverse
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.models import Page

from consultations.models import Proposal
from consultations.permissions import ContributionPermissionPolicy, scope_for

from .models import BudgetPage

# Scope ---------------------------------------------------------------------------


def proposal_policy() -> ContributionPermissionPolicy:
    return ContributionPermissionPolicy(Proposal)


def budget_content_type() -> ContentType:
    return ContentType.objects.get_for_model(BudgetPage)


def reviewable_proposals(user):
    """Budget projects the user may review: their communes' budget pages only."""
    return (
        proposal_policy()
        .instances_user_has_any_permission_for(user, ["change"])
        .filter(page__content_type=budget_content_type())
    )


def source_pages(queryset):
    """Only the originals of translated pages (contributions and ballots belong to them)."""
    earlier = Page.objects.filter(
        translation_key=OuterRef("translation_key"), pk__lt=OuterRef("pk")
    )
    return queryset.exclude(Exists(earlier))


def source_pk(page) -> int:
    """The id of the original of a page among its translations (the first created)."""
    return (
        Page.objects.filter(translation_key=page.translation_key)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    ) or page.pk


def scoped_budget_pages(user):
    """Budget pages (originals) of the communes the user covers, per `scope_for(user)`."""
    return scope_for(user).filter(source_pages(BudgetPage.objects.all()), prefix="")


def commune_of(user, page) -> str:
    """The name of a page's commune, among the communes the user covers."""
    for root in scope_for(user).roots:
        if page.path.startswith(root.path):
            return root.name
    return ""


# Shared view furniture -------------------------------------------------------------


class BudgetAdminView(WagtailAdminTemplateMixin):
    """A staff screen of the budget menu, with breadcrumbs back to its listing."""

    index_url_name = ""
    index_label = ""

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items]
        if self.index_url_name:
            items.append({"url": reverse(self.index_url_name), "label": self.index_label})
        return [*items, *self.extra_breadcrumbs(), {"url": "", "label": self.get_page_title()}]

    def extra_breadcrumbs(self) -> list[dict]:
        return []


def paginate(request, queryset, per_page=50):
    return Paginator(queryset, per_page).get_page(request.GET.get("p"))
