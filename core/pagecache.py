"""Whole pages for anonymous visitors, shared fragments for everyone, from one cache.

What is cached
    Anonymous ``GET``/``HEAD`` requests (no session cookie, no pending messages) of
    the public pages that opt in (every Wagtail page and its sub-routes, the search
    page) get the whole response from the cache. A response is stored only when it
    is a plain ``200`` that sets no cookie (hence carries no CSRF token and no
    message), is not marked ``no-store``/``no-cache``, and was made for a visitor
    who is not signed in. Signed-in people never get a stored page: their support,
    their ballot and their name are in it. They get *shared fragments* instead
    (``{% shared_fragment %}`` in ``home/templatetags/pagecache_tags.py``): the
    parts of a page that are the same for everyone (the cards of a proposal list,
    a comment thread, the results table), cached on their own and assembled with
    the personal parts at each request. A fragment that holds a form gets the
    person's CSRF token put in after it is read from the cache: tokens are never
    cached.

Keys
    A page is stored under its scheme, host, path (which starts with the language)
    and normalised query string, and today's date (phases open and close at
    midnight). The entry also records the *generations* it was made from; it is
    served only while they are current.

Generations (invalidation without enumerating keys)
    A generation is a short random string in the cache, replaced ("bumped") when
    what it stands for changes:

    ``site`` (one per commune)
        Editors published, unpublished or moved a page, or changed the commune's
        settings, categories or districts. Every page of the commune depends on it
        (menus, breadcrumbs, language links and lists of pages show other pages).
    ``page`` (one per participation page, its source-language instance)
        A row the page and its sub-pages show changed: a proposal, a support, a
        comment, a report that hides, a moderation, an answer, a review, a
        questionnaire answer, the display name of a contributor, an account
        erased. The rows bump it themselves, whatever code changes them
        (``core.page_rows``); its commune's ``contributions`` generation (what
        search shows) is bumped with it. Project pages depend on the ``page``
        generations of the participations their proposals come from.
    ``ballots`` (one per budget page)
        A ballot was cast or entered: only live results depend on it, so that a
        busy vote does not empty the cache of the budget's other pages.

    Generations are bumped when the transaction that changed something commits
    (``bump_on_commit``, ``core.page_rows``); a generation missing from the cache (evicted, cache
    restarted) is recreated with a new random value, so an old page can never
    come back to life. Generations are read *before* the data they guard (the
    site's in the middleware, before routing; a page's before the page is
    served), so a change committed during a render makes that render stale at
    once rather than being missed.

Where
    The ``pages`` cache (``settings.CACHES``): Redis when ``REDIS_URL`` is set,
    shared by every process and server; otherwise a file cache in ``var/cache``
    shared by the processes of one machine (local memory in tests). Entries live
    ``AGORA_PAGE_CACHE_SECONDS`` at most, which also bounds how long an edited
    image can show in a stored page.
    ``AGORA_PAGE_CACHE = False`` turns caching off (pages and fragments).
"""

from __future__ import annotations

import logging
import pickle
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language

from .generations import (  # noqa: F401 - the generations pages depend on, named here too
    SEARCH_KEY,
    ballots_key,
    bump,
    bump_on_commit,
    bump_page_on_commit,
    contributions_key,
    generations,
    page_key,
    site_key,
)
from .sitelookup import remember_site

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
HEADER = "X-Agora-Cache"
# "private" is not among them: it tells browsers and CDNs that a page may show who is
# signed in; this cache only ever stores what anonymous visitors get and never serves
# it to anyone signed in.
UNCACHEABLE_DIRECTIVES = {"no-store", "no-cache"}
# Part of every entry's key: raised whenever what is stored changes shape (the Entry
# class or its module), so that an upgraded site never reads what the previous code
# stored. (2: the page cache moved from home/ to core/.)
ENTRY_FORMAT = 2


def enabled() -> bool:
    return getattr(settings, "AGORA_PAGE_CACHE", True)


def _cache():
    return caches[CACHE_ALIAS]


def timeout() -> int:
    return getattr(settings, "AGORA_PAGE_CACHE_SECONDS", 600)


# Per request -----------------------------------------------------------------------------


def depend_on(request, *keys: str) -> str:
    """Record that the response depends on these generations (read now) and return a
    version string made of them, for fragment keys."""
    deps = request.__dict__.setdefault("_agora_cache_deps", {})
    deps.update(generations([key for key in keys if key not in deps]))
    return ".".join(deps[key] for key in keys)


def cacheable(request) -> None:
    """The view's response may be stored for anonymous visitors (if it qualifies)."""
    request._agora_cacheable = True


# Work a stored page still needs each time it is served (a search is counted in the
# statistics): name -> function(request, *args), registered by the apps.
_REPLAYS = {}


def register_replay(name: str, function) -> None:
    _REPLAYS[name] = function


def replay_on_hit(request, name: str, *args) -> None:
    """When this response is served from the cache, call the function registered as
    `name` with the request and `args` (strings, numbers) again."""
    request.__dict__.setdefault("_agora_replays", []).append((name, args))


def _replay(request, entry) -> None:
    for name, args in entry.replays:
        try:
            _REPLAYS[name](request, *args)
        except Exception:  # a statistic must never cost the visitor the page
            logger.exception("Page cache: replaying %s failed", name)


def not_cacheable(request) -> None:
    request._agora_cacheable = False


# The middleware --------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    content: bytes
    status: int
    headers: list[tuple[str, str]]
    deps: dict[str, str]
    replays: tuple = ()


def _public_get(request) -> bool:
    """A GET of the public site: its URLs start with a language (/fr/…), the admin's,
    documents' and the health check's do not."""
    if not enabled() or request.method not in ("GET", "HEAD"):
        return False
    prefix = request.path_info.split("/", 2)[1] if request.path_info.count("/") >= 2 else ""
    return prefix in {code for code, _name in settings.LANGUAGES}


def _candidate(request) -> bool:
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _entry_key(request) -> str | None:
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    query = urlencode(sorted(parse_qsl(request.META.get("QUERY_STRING", ""), True)))
    today = timezone.localdate().isoformat()
    return f"page:{ENTRY_FORMAT}:{request.scheme}:{host}:{request.path}?{query}:{today}"


def _storable(request, response) -> bool:
    if not getattr(request, "_agora_cacheable", False):
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    directives = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not directives & UNCACHEABLE_DIRECTIVES


def _read_site_generation(request) -> None:
    site = remember_site(request)  # kept on the request for Wagtail's routing
    if site is not None:
        depend_on(request, site_key(site.pk))


def site_version(request) -> str:
    """The generation of the request's commune, as read before routing ("" if none)."""
    deps = getattr(request, "_agora_cache_deps", {})
    site = getattr(request, "_wagtail_site", None)
    return deps.get(site_key(site.pk), "") if site is not None else ""


def _read_entry(cache, key: str) -> Entry | None:
    """The stored entry, or None when there is none or it cannot be read back (stored
    by other code: an entry is only ever a copy, and a miss rebuilds it)."""
    try:
        entry = cache.get(key)
    except (AttributeError, ImportError, EOFError, TypeError, pickle.UnpicklingError):
        logger.warning("Page cache: unreadable entry %s, rebuilt", key, exc_info=True)
        return None
    return entry if isinstance(entry, Entry) else None


class PageCacheMiddleware:
    """Serve and store whole pages for anonymous visitors (see the module docstring).

    Placed right after WhiteNoise, before the session, CSRF and message middleware:
    a hit skips them all, and a response is examined after they have added their
    cookies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _public_get(request):
            return self.get_response(request)
        if not _candidate(request):
            _read_site_generation(request)  # for the shared fragments
            return self.get_response(request)
        key = _entry_key(request)
        if key is None:
            return self.get_response(request)
        cache = _cache()
        entry = _read_entry(cache, key)
        if entry is not None and generations(list(entry.deps)) == entry.deps:
            response = HttpResponse(entry.content, status=entry.status)
            for name, value in entry.headers:
                response[name] = value
            response[HEADER] = "hit"
            _replay(request, entry)
            return response

        # Miss: the commune's generation is read before the page is looked up.
        _read_site_generation(request)
        response = self.get_response(request)
        if _storable(request, response):
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in ("set-cookie", HEADER.lower())
            ]
            deps = dict(getattr(request, "_agora_cache_deps", {}))
            replays = tuple(getattr(request, "_agora_replays", ()))
            entry = Entry(response.content, response.status_code, headers, deps, replays)
            cache.set(key, entry, timeout())
            response[HEADER] = "miss"
        return response


def fragment_version(request, *keys: str) -> str:
    """The version of shared fragments that depend on these generations (plus the
    language), or "" when caching is off (fragments are then always rendered)."""
    if not enabled():
        return ""
    return f"{get_language()}.{site_version(request)}.{depend_on(request, *keys)}"
