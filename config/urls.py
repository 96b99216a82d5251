from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.documents import urls as wagtaildocs_urls

from core.views import healthz
from home import views as home_views
from search import views as search_views

# A database outage met outside a view (e.g. in a middleware) still answers 503.
handler500 = "core.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Per commune, at the root of each host (search engines look for them there).
    path("sitemap.xml", home_views.sitemap, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    # Wagtail's admin, each view behind the tenant guard (see core.admin_urls).
    path("admin/", include("core.admin_urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("captcha/", include("captcha.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every public URL carries its language: /fr/…, /en/…, /de/…, /nl/….
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("accounts/", include("accounts.urls")),
    # Machine-readable sub-pages of participation pages (…/export.csv, …/results.json,
    # …/ballots.pb, …/poster/qr.svg) end without a slash, which Wagtail's own pattern
    # requires.
    re_path(
        r"^((?:[\w\-]+/)*[\w\-]+\.(?:csv|json|pb|svg|png))$",
        wagtail_views.serve,
        name="wagtail_serve_file",
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
