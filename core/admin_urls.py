"""The admin's URLs: Wagtail's own, each behind the tenant guard, a few views scoped.

Wagtail builds its admin URL patterns (its own and those of every app's
`register_admin_urls` hook) once, at import. Here, before they are served:

- the views named in `SCOPED_VIEWS` are replaced by subclasses from
  `core.scoped_admin` (same URL, same name, same arguments) whose filters, tags or
  listings hold only the user's communes' objects, and those of `SCOPED_FUNCTIONS`
  by functions of the same module;
- every view answers 400 to a request missing a parameter it reads
  (`request.POST["…"]`: a form sent incomplete, by hand or by a script), or writing
  with a value it cannot use, instead of failing with a 500
  (`answer_malformed_requests`; the edit forms themselves show an error on a field
  sent damaged, see `core.admin_forms`);
- every view is wrapped in `core.admin_guard.tenant_guard`.

`config.urls` serves these patterns under /admin/.
"""

import logging
from functools import wraps

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.urls import NoReverseMatch
from django.utils.datastructures import MultiValueDictKeyError
from django.views.decorators.cache import never_cache
from django.views.defaults import bad_request
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import display_custom_404
from wagtail.utils.urlpatterns import decorate_urlpatterns

from . import scoped_admin
from .admin_guard import tenant_guard

# Listings whose filters (owner, editor, site, tags…) offer only the user's communes'.
# (The page explorer and the listings per page type: `scoped_admin.CommunePageViewSet`.)
SCOPED_FILTERS = {
    "wagtailadmin_reports:locked_pages",
    "wagtailadmin_reports:locked_pages_results",
    "wagtailadmin_reports:aging_pages",
    "wagtailadmin_reports:aging_pages_results",
    "wagtailforms:index",
    "wagtailforms:index_results",
    "wagtailimages:index",
    "wagtailimages:index_results",
    "wagtaildocs:index",
    "wagtaildocs:index_results",
}
# Other views and what replaces them.
SCOPED_VIEWS = {
    **dict.fromkeys(SCOPED_FILTERS, scoped_admin.ScopedFiltersMixin),
    "wagtailimages_chooser:choose": scoped_admin.ScopedPopularTagsMixin,
    "wagtailimages_chooser:choose_results": scoped_admin.ScopedPopularTagsMixin,
    "wagtail_localize:translations_report": scoped_admin.ScopedQuerysetMixin,
    "wagtail_localize:translations_report_results": scoped_admin.ScopedQuerysetMixin,
}
SCOPED_FUNCTIONS = {
    "wagtailadmin_tag_autocomplete": scoped_admin.tag_autocomplete,
    "wagtailadmin_tag_model_autocomplete": scoped_admin.tag_autocomplete,
    "wagtail_localize:snippets_api_listing": (
        scoped_admin.ScopedSnippetsAPIViewSet.as_view({"get": "list"})
    ),
    "wagtail_localize:edit_override": scoped_admin.edit_override,
}


logger = logging.getLogger(__name__)

# Requests that write: what their views raise on data they cannot use is answered 400.
WRITING = {"POST", "PUT", "PATCH", "DELETE"}
# What a view (or its template, rendering a form sent back) raises on data it cannot
# use: a value of the wrong kind ("abc" for an id), naming nothing (an object, a URL to
# go back to), or refused by a model's own validation.
UNUSABLE = (ValueError, TypeError, ObjectDoesNotExist, ValidationError, NoReverseMatch)


def answer_malformed_requests(view):
    """`view`, answering 400 (Bad Request) instead of failing with a 500 when a parameter
    it reads is missing (`request.POST["…"]`), or when a request that writes sends a
    value it cannot use (its response is rendered here, so that a form shown again
    with that value is caught too). The latter is logged as an error, with its
    traceback: a bug that raises the same errors must not pass unnoticed."""

    @wraps(view)
    def answered(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
            if request.method in WRITING and not getattr(response, "is_rendered", True):
                response.render()  # a form sent back shows what was sent
            return response
        except MultiValueDictKeyError as error:
            logger.warning(
                "Bad request to %s %s: parameter %s missing", request.method, request.path, error
            )
            return bad_request(request, error)
        except UNUSABLE as error:
            if request.method not in WRITING:
                raise
            logger.error(
                "Bad request to %s %s: %r",
                request.method,
                request.path,
                error,
                exc_info=error,
            )
            return bad_request(request, error)

    return answered


def as_admin_view(view):
    """A view decorated as Wagtail decorates its admin views (access, 404 page, no cache)."""
    return never_cache(display_custom_404(require_admin_access(view)))


def _patterns(patterns, namespace=None):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _patterns(pattern.url_patterns, inner)
        elif pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


def scope_views(patterns) -> set[str]:
    """Put the scoped views in place; return the names replaced."""
    replaced = set()
    for name, pattern in _patterns(patterns):
        if name in SCOPED_FUNCTIONS:
            pattern.callback = as_admin_view(SCOPED_FUNCTIONS[name])
        elif name in SCOPED_VIEWS:
            view_class = pattern.callback.view_class
            scoped = type(f"Scoped{view_class.__name__}", (SCOPED_VIEWS[name], view_class), {})
            pattern.callback = as_admin_view(scoped.as_view(**pattern.callback.view_initkwargs))
        else:
            continue
        replaced.add(name)
    missing = (SCOPED_VIEWS.keys() | SCOPED_FUNCTIONS.keys()) - replaced
    if missing:
        raise LookupError(f"Admin views to scope not found: {', '.join(sorted(missing))}")
    return replaced


urlpatterns = list(wagtailadmin_urls.urlpatterns)
scope_views(urlpatterns)
decorate_urlpatterns(urlpatterns, answer_malformed_requests)
decorate_urlpatterns(urlpatterns, tenant_guard)
