"""The sitemap of the commune whose Site answers the request (/sitemap.xml).

Wagtail's own sitemap lists the descendants of `site.root_page`, which is one
language's tree only: wagtail-localize gives each commune one root per language, side
by side. This one lists the live, public pages under every localized root of the
commune (`core.tenancy.commune_pages`), never another commune's, each at its address
on the commune's own Site, with its translations as hreflang alternates.
"""

from collections import defaultdict

from django.conf import settings
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from core.tenancy import commune_pages

X_DEFAULT = "x-default"


def _listed(site):
    """The pages a search engine may list. Aliases repeat another page's content:
    only the original is listed."""
    pages = commune_pages(site).live().public().filter(alias_of__isnull=True)
    return pages.select_related("locale")


class CommuneSitemap(Sitemap):
    def items(self):
        return _listed(self.get_wagtail_site()).order_by("path")

    def _translations(self, pages: list[Page]) -> dict:
        """Each translation key's live, public pages of this commune: {language: URL}."""
        if self.paginator.num_pages > 1:  # other languages may be on other pages
            keys = {page.translation_key for page in pages}
            pages = _listed(self.get_wagtail_site()).filter(translation_key__in=keys)
        found = defaultdict(dict)
        for page in pages:
            url = page.get_full_url(self.request)
            if url:
                found[page.translation_key][page.locale.language_code] = url
        return found

    def _alternates(self, by_language: dict) -> list[dict]:
        if len(by_language) < 2:
            return []
        alternates = [
            {"lang_code": code, "location": by_language[code]}
            for code, _name in settings.LANGUAGES
            if code in by_language
        ]
        default = by_language.get(settings.LANGUAGE_CODE)
        if default:
            alternates.append({"lang_code": X_DEFAULT, "location": default})
        return alternates

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        translations = self._translations(pages)
        urls = []
        for item in pages:
            location = translations[item.translation_key].get(item.locale.language_code)
            if not location:
                continue
            urls.append(
                {
                    "item": item,
                    "location": location,
                    "lastmod": self.lastmod(item),
                    "alternates": self._alternates(translations[item.translation_key]),
                }
            )
        last_modified = [url["lastmod"] for url in urls]
        if last_modified and None not in last_modified:
            self.latest_lastmod = max(last_modified)
        return urls
