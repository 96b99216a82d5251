"""Django's LocaleMiddleware, without its redirect of 404s outside the language prefix.

Django answers a 404 at a URL without a language prefix by redirecting to the same
URL with one, when that URL exists. Under /fr/ every path "exists": Wagtail's page
pattern takes any of them. So an unknown /admin/… (or /documents/…) URL was
answered with a redirect to /fr/admin/…, a page that does not exist either, where a
plain 404 is expected.

Here the redirect is kept only for paths that no pattern outside `i18n_patterns`
claims (/accounts/login/ still leads to /fr/accounts/login/); a 404 under the
admin, the documents, the captcha or the health check stays a 404.
"""

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import LocalePrefixPattern, URLResolver, get_resolver
from django.utils import translation
from django.utils.cache import patch_vary_headers


def outside_language_prefix(path_info: str, urlconf=None) -> bool:
    """True when a URL pattern outside `i18n_patterns` claims `path_info` (the
    pattern itself, or the prefix of an include such as admin/)."""
    path = path_info.lstrip("/")
    for pattern in get_resolver(urlconf).url_patterns:
        if isinstance(pattern, URLResolver) and isinstance(pattern.pattern, LocalePrefixPattern):
            continue
        if pattern.pattern.match(path) is not None:
            return True
    return False


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(self, request, response):
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        if (
            response.status_code == 404
            and is_language_prefix_patterns_used(urlconf)[0]
            and outside_language_prefix(request.path_info, urlconf)
        ):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
