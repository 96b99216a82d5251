"""The platform's hooks: pages kept in the visitor's language, the page cache, and
tenant isolation in the admin (see core.admin_scope, core.admin_guard, core.admin_urls)."""

from django.http import Http404
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import get_language
from wagtail import hooks
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page

from . import pagecache
from .admin_scope import in_scope, scope_queryset
from .scoped_admin import CommunePageViewSet
from .tenancy import communes_for_user, covers_every_commune

READING = ("GET", "HEAD")


@hooks.register("insert_global_admin_js")
def admin_wording():
    """Rewords what wagtail-localize's translation editor writes in English without
    gettext (static/js/admin-wording.js; it does nothing on other screens)."""
    return format_html('<script src="{}" defer></script>', static("js/admin-wording.js"))


@hooks.register("before_serve_page")
def redirect_to_page_language(page, request, serve_args, serve_kwargs):
    """Keep the URL's language and the content's language the same.

    When a commune has no translation for the requested language, Wagtail falls
    back to the source page; send the visitor to that page's own URL so the
    interface, `<html lang>` and the content agree. Only pages read are redirected:
    a form sent (a ballot, a proposal) is handled where it was sent, never dropped
    by a redirect.
    """
    if request.method not in READING:
        return None
    if page.locale.language_code != get_language():
        url = page.get_url(request=request)
        if url and url != request.path:
            return redirect(_same_sub_page(url, request))
    return None


def _without_language(path: str) -> str:
    return path.lstrip("/").partition("/")[2]


def _same_sub_page(page_url: str, request) -> str:
    """`page_url` followed by what the request asked of the page beyond it (a sub-route
    such as `vote/`) and its query: the fallback reached the page under the same slugs."""
    page_path = _without_language(page_url)
    asked = _without_language(request.path)
    url = page_url + asked.removeprefix(page_path) if asked.startswith(page_path) else page_url
    query = request.META.get("QUERY_STRING", "")
    return f"{url}?{query}" if query else url


@hooks.register("before_serve_page")
def cache_for_visitors(page, request, serve_args, serve_kwargs):
    """Public pages may be stored for anonymous visitors (`core.pagecache` decides).

    A page type declares what the cache must know of it: `cacheable_for_visitors =
    False` (a form with its CSRF token) is never stored; `contributions_cache_key()`
    names the generation its visitors' contributions bump, read before the page is
    served. Only reads are stored; a form sent is answered afresh."""
    if request.method not in READING:
        return None
    if not getattr(page, "cacheable_for_visitors", True):
        pagecache.not_cacheable(request)
        return None
    pagecache.cacheable(request)
    contributions_key = getattr(page, "contributions_cache_key", None)
    if contributions_key is not None:
        request.agora_page_version = pagecache.fragment_version(request, contributions_key())
    return None


# Tenant isolation in the admin (see core.admin_scope, core.admin_guard, core.admin_urls).

INSTALL_WIDE_REPORTS = {
    "workflows",
    "workflow-tasks",
    "site-history",
    "page-types-usage",
    "search-terms",
}
# Settings for install-wide staff only (the admin guard refuses their views to others).
INSTALL_WIDE_SETTINGS = {"promoted-search-results"}


@hooks.register("register_admin_viewset")
def register_commune_page_viewset():
    """Page views with scoped filters, replacing Wagtail's base page viewset (order -1)."""
    return CommunePageViewSet()


class CommunePagesSummaryItem(PagesSummaryItem):
    """The dashboard's page count: the pages of the staff member's communes only
    (Wagtail counts everything below the closest common ancestor of their pages,
    which is the tree's root as soon as a commune has two languages)."""

    def get_context_data(self, parent_context):
        user = self.request.user
        sites = list(communes_for_user(user).select_related("root_page")[:2])
        if len(sites) == 1:  # the link opens the commune's home page in the explorer
            root_page, site_name = sites[0].root_page, sites[0].site_name
        else:
            root_page, site_name = Page.get_first_root_node(), ""
        return {
            "root_page": root_page,
            "site_name": site_name,
            "total_pages": scope_queryset(user, Page.objects.filter(depth__gt=1)).count()
            if sites
            else 0,
        }


@hooks.register("construct_homepage_summary_items", order=100)  # after Wagtail adds its own
def count_own_communes_pages(request, summary_items):
    if covers_every_commune(request.user):
        return
    summary_items[:] = [
        CommunePagesSummaryItem(request) if isinstance(item, PagesSummaryItem) else item
        for item in summary_items
    ]


@hooks.register("construct_page_chooser_queryset")
def choose_pages_of_own_communes(pages, request):
    """The page chooser (browse and search) lists the user's communes' pages only."""
    return scope_queryset(request.user, pages)


@hooks.register("construct_reports_menu")
def hide_install_wide_reports(request, menu_items):
    """Reports about every site are for install-wide staff (the guard refuses them too)."""
    if not covers_every_commune(request.user):
        menu_items[:] = [item for item in menu_items if item.name not in INSTALL_WIDE_REPORTS]


@hooks.register("construct_settings_menu")
def hide_install_wide_settings(request, menu_items):
    """Search terms and their promoted results are for install-wide staff (see
    `core.admin_guard.INSTALL_WIDE_NAMESPACES`)."""
    if not covers_every_commune(request.user):
        menu_items[:] = [item for item in menu_items if item.name not in INSTALL_WIDE_SETTINGS]


@hooks.register("before_copy_page")
def copy_within_own_communes(request, page):
    """A page is copied under a page of the user's communes only."""
    parent_id = request.POST.get("new_parent_page")
    if request.method == "POST" and parent_id:
        parent = Page.objects.filter(pk=parent_id).first() if parent_id.isdigit() else None
        if parent is None or not in_scope(request.user, parent):
            raise Http404
    return None


class CommuneImagesAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        return scope_queryset(self.request.user, super().get_queryset())


class CommuneDocumentsAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        return scope_queryset(self.request.user, super().get_queryset())


@hooks.register("construct_admin_api", order=100)
def admin_api_of_own_communes(router):
    """The admin API's images and documents: the user's communes' collections only.

    Registered after wagtail.images and wagtail.documents register their endpoints.
    """
    router.register_endpoint("images", CommuneImagesAPIViewSet)
    router.register_endpoint("documents", CommuneDocumentsAPIViewSet)
