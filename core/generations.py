"""Generations: short random strings in the shared cache, replaced ("bumped") when what
they stand for changes, so that everything made from the old value is stale without
enumerating it. The page cache (core.pagecache) and the per-process site table
(core.sitelookup) both depend on them; see core.pagecache for the generations pages
depend on.
"""

import secrets

from django.core.cache import caches
from django.db import transaction

CACHE_ALIAS = "pages"


def _cache():
    return caches[CACHE_ALIAS]


def site_key(site_id: int) -> str:
    return f"gen:site:{site_id}"


def page_key(page_id: int) -> str:
    return f"gen:page:{page_id}"


def ballots_key(page_id: int) -> str:
    return f"gen:ballots:{page_id}"


def contributions_key(page_path: str) -> str:
    """Every contribution of a commune (what its search shows): keyed by the path of the
    commune's home page, the first two steps of any of its pages' paths."""
    from wagtail.models import Page

    # Wagtail's tree: the root, then each commune's home page (`steplen` characters each).
    return f"gen:contributions:{page_path[: 2 * Page.steplen]}"


# What search results depend on besides the commune's pages and contributions: the
# editors' promotions (Wagtail keeps them for every commune together).
SEARCH_KEY = "gen:search"


def _new_generation() -> str:
    return secrets.token_hex(6)


def generations(keys: list[str]) -> dict[str, str]:
    """The current value of each generation, creating the missing ones."""
    if not keys:
        return {}
    cache = _cache()
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, _new_generation(), timeout=None)
            found[key] = cache.get(key) or _new_generation()
    return found


def bump(*keys: str) -> None:
    """Give these generations new values: what depended on them is stale."""
    if keys:
        _cache().set_many({key: _new_generation() for key in keys}, timeout=None)


def bump_on_commit(*keys: str) -> None:
    """Bump when the current transaction commits (at once outside a transaction), so
    that a render can never store data older than the generation it records."""
    if keys:
        transaction.on_commit(lambda: bump(*keys))


def bump_page_on_commit(page) -> None:
    """A participation page's contributions changed (``page``: any translation, or its id):
    the page and its commune's search results are stale."""
    if isinstance(page, int):
        from wagtail.models import Page

        page_id = page
        path = Page.objects.filter(pk=page).values_list("path", flat=True).first() or ""
    else:
        source = page.source_page
        page_id, path = source.pk, source.path
    keys = [page_key(page_id)]
    if path:
        keys.append(contributions_key(path))
    bump_on_commit(*keys)
