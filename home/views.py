"""What makes a commune found: its sitemap and its robots.txt."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.models import Site

from .sitemaps import CommuneSitemap

# Browsers and proxies may keep these this long.
SITEMAP_MAX_AGE = 3600
ROBOTS_MAX_AGE = 86400

# Under every language prefix, what search engines leave alone: a person's account
# pages, and our own search results (endless, and the engine's job anyway).
PRIVATE_PREFIXES = ("accounts/", "search/")


# Sitemap and robots.txt ----------------------------------------------------------------


@require_safe
def sitemap(request):
    """/sitemap.xml: the pages of the commune whose Site answers the request's host."""
    if Site.find_for_request(request) is None:
        raise Http404("No commune answers this address.")
    response = sitemap_views.sitemap(request, sitemaps={"pages": CommuneSitemap})
    patch_cache_control(response, public=True, max_age=SITEMAP_MAX_AGE)
    return response


@require_safe
def robots_txt(request):
    """/robots.txt: everything may be indexed but the admin, the account pages and the
    search results; the sitemap is named at the address the visitor used."""
    lines = ["User-agent: *", "Disallow: /admin/"]
    lines += [
        f"Disallow: /{code}/{prefix}"
        for code, _name in settings.LANGUAGES
        for prefix in PRIVATE_PREFIXES
    ]
    lines += ["", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}", ""]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=ROBOTS_MAX_AGE)
    return response
