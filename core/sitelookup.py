"""Which commune answers a request: Wagtail's site lookup, remembered by each process.

Wagtail finds the site of every request with an annotated query that costs more to
build than to run (about 2 ms of CPU, a sizeable part of an uncached page or a
ballot). The answer depends only on the host and port and on the `Site` rows, which
change when a commune is created or its domain edited. Each process therefore keeps
the answer per (hostname, port), as a pickled snapshot so that no request sees what
another one cached on its objects, and forgets them all when the shared `SITES_KEY`
generation changes (`home.services.commune_changed` bumps it with every change to a
commune, sites included, once the change commits).

`remember_site(request)` sets the site where Wagtail keeps it for the request
(`request._wagtail_site`, read by `Site.find_for_request`), so routing, the page
cache and every app use the remembered answer. `AGORA_REMEMBER_SITES = False` looks
every request up afresh (the tests do, so that each request's queries are the same
whatever ran before it).
"""

import contextlib
import pickle
import threading

from django.conf import settings
from django.http.request import split_domain_port
from wagtail.models import Site

from . import generations
from .outage import DATABASE_DOWN_ERRORS

SITES_KEY = "gen:sites"
# Hosts remembered at most: the Host header is read before Django validates it, so
# a client sending endless made-up names must not grow the table without bound.
MAX_HOSTS = 256

_lock = threading.Lock()
_known: dict[tuple[str, int], bytes] = {}
_generation: list[str] = [""]


def _lookup(hostname: str, port: int) -> Site | None:
    if not settings.AGORA_REMEMBER_SITES:
        return Site._find_for_request(_HostOnly(hostname, port))
    generation = generations.generations([SITES_KEY])[SITES_KEY]
    with _lock:
        if generation != _generation[0]:
            _known.clear()
            _generation[0] = generation
        snapshot = _known.get((hostname, port))
    if snapshot is None:
        request = _HostOnly(hostname, port)
        site = Site._find_for_request(request)
        snapshot = pickle.dumps(site)
        with _lock:
            if generation == _generation[0] and len(_known) < MAX_HOSTS:
                _known[(hostname, port)] = snapshot
        return site
    return pickle.loads(snapshot)  # noqa: S301 - written by this process above


class _HostOnly:
    """What Wagtail's lookup reads of a request."""

    def __init__(self, hostname: str, port: int):
        self._host, self._port = hostname, port

    def _get_raw_host(self) -> str:
        return self._host

    def get_port(self) -> int:
        return self._port


def remember_site(request) -> Site | None:
    """The request's site, looked up once per process and host (see the module)."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        try:
            port = int(request.get_port())
        except (TypeError, ValueError):
            port = 80
        request._wagtail_site = _lookup(hostname, port)
    return request._wagtail_site


def forget_sites() -> None:
    """Every process looks sites up afresh (a commune or its domain changed): now, and
    again once the change commits, so that no process keeps what it read in between."""
    generations.bump(SITES_KEY)
    generations.bump_on_commit(SITES_KEY)


class SiteLookupMiddleware:
    """Find the request's site from the process's table before anything needs it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # During an outage the site is left to whatever needs it, which meets the outage
        # again and answers 503 (core.outage); the health check needs none.
        with contextlib.suppress(DATABASE_DOWN_ERRORS):
            remember_site(request)
        return self.get_response(request)
