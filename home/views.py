"""What makes a commune found and shared: its sitemap, its robots.txt, and the posters
of its participation pages (routes in `home.posters`)."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.models import Site

from core import qrcodes
from core.navigation import page_url, subpage_url

from .sitemaps import CommuneSitemap

# Browsers and proxies may keep these this long; the page cache keeps its own copies
# for as long as the commune's pages are unchanged (core.pagecache).
SITEMAP_MAX_AGE = 3600
ROBOTS_MAX_AGE = 86400
QR_MAX_AGE = 86400

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


# Posters ----------------------------------------------------------------------------------


def _poster_address(request, page) -> str:
    """The page's address on its commune's own Site: what the QR code holds."""
    url = page.get_full_url(request=request)
    if not url:
        raise Http404
    return url


@require_safe
def poster(request, page):
    address = _poster_address(request, page)
    return page.render(
        request,
        template="home/poster.html",
        context_overrides={
            "poster_address": address,
            "poster_texts": page.poster_texts,
            "poster_dates": page.poster_dates(),
            "page_url": page_url(page, request),
            "qr_svg_url": subpage_url(page, "poster_qr_svg", request=request),
            "qr_png_url": subpage_url(page, "poster_qr_png", request=request),
            "qr_filename": f"{page.slug}-qr",
        },
    )


def _qr_response(request, page, content: bytes, content_type: str, extension: str):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=f"{page.slug}-qr.{extension}"
    )
    patch_cache_control(response, public=True, max_age=QR_MAX_AGE)
    return response


@require_safe
def poster_qr_svg(request, page):
    address = _poster_address(request, page)
    return _qr_response(request, page, qrcodes.qr_svg(address), qrcodes.SVG_CONTENT_TYPE, "svg")


@require_safe
def poster_qr_png(request, page):
    address = _poster_address(request, page)
    return _qr_response(request, page, qrcodes.qr_png(address), qrcodes.PNG_CONTENT_TYPE, "png")
