"""Rate limiting: fixed-window counters shared by every process, for any view.

Used for log-in attempts (one lockout for every way in), sign-ups, password-reset
requests, account changes, contributions (proposals, comments, supports, reports,
questionnaire answers) and votes.

Where the counters live
    A limit must hold however many processes serve the site: with four gunicorn
    workers and counters in each process's memory, an attacker gets four times the
    rate. So the counters live where every process sees them:

    - by default, in the database (table ``core_ratelimitcounter``, one row per
      scope, identifier and window). One statement counts an action and reads the
      new count back, ``INSERT … ON CONFLICT (key) DO UPDATE SET count = count + 1
      RETURNING count``, atomic on SQLite (3.35 or newer) and on PostgreSQL alike:
      two processes never read the same count, and none is lost. It is raw SQL
      because Django's ORM has no upsert that increments and returns the value
      (``bulk_create(update_conflicts=True)`` can only copy the new row's values,
      and ``update_or_create`` reads then writes, which races). The database is
      the one store every process of every deployment already shares, so the
      embedded default (SQLite, several workers) needs nothing more;
    - with ``REDIS_URL`` set, in the default cache (Redis): ``cache.add`` then the
      atomic ``cache.incr``, which spares the database one write per limited
      request on a busy site. Redis expires old windows by itself.

    ``AGORA_RATE_LIMIT_STORE`` (``"database"`` or ``"cache"``; the environment's
    ``RATE_LIMIT_STORE``) overrides the choice; ``"cache"`` without Redis would count
    per process again, so it is for a shared cache only.

    Old windows in the database are purged as they are written: when a counter is
    created, one time in ``PURGE_ONE_IN`` the rows whose window has ended are deleted
    (an indexed range delete). ``manage.py purge_rate_limits`` does the same, for a
    daily cron job beside the others.

Settings
    Every limit has a *scope* with a default rate in ``DEFAULT_RATES``; the
    ``AGORA_RATE_LIMITS`` setting (``{"comment": "60/h"}``, or the environment
    variable ``RATE_LIMITS="comment=60/h,vote-ip=600/h"``) overrides any of them,
    e.g. for a town-hall evening where a hundred people vote from one address.
    Actions are limited per account *and* per client address: scope ``"vote"``
    counts a citizen's ballots, scope ``"vote-ip"`` those of everyone behind one
    address (higher, since a library or a mobile network shares one).

Rates
    Written ``"<count>/<period>"``, where the period is a unit (``s``, ``m``, ``h``,
    ``d``) optionally preceded by a multiplier: ``"10/h"``, ``"5/15m"``, ``"100/d"``.

Keys
    A counter is identified by a *scope* (what is limited: ``"login-ip"``,
    ``"contribution"``…) and an *identifier* (who: an IP, a user id, an e-mail
    address). Identifiers are hashed before they are stored, so no address or
    e-mail is kept in clear in the database or the cache.

Windows
    Fixed windows aligned on the epoch: with ``"5/15m"`` the counter covers
    10:00 to 10:15, then a new one 10:15 to 10:30. Simple and cheap (one upsert, or
    one ``cache.add`` and one ``cache.incr``); the known trade-off is that a client
    may get up to twice the rate across a window boundary.

Client IP
    ``client_ip(request)`` is ``REMOTE_ADDR`` and nothing else: ``X-Forwarded-For``
    can be forged by anyone. Behind a reverse proxy or load balancer the deployment
    must make ``REMOTE_ADDR`` the real client address (e.g. a middleware that copies
    the header set by *your* proxy, taking the right-most untrusted hop, and that is
    enabled only where that proxy is the sole way in); otherwise every client shares
    the proxy's address, hence one counter. IPv6 clients are counted per /64
    network, since one host usually owns a whole /64.

API
    ``parse_rate(rate) -> Rate``
        Parse ``"10/h"``; raises ``ValueError`` on a malformed rate.
    ``check(scope, identifier, rate) -> Usage``
        Read the counter without counting; ``usage.blocked`` is True when the limit
        is already reached (the next action would exceed it).
    ``hit(scope, identifier, rate) -> Usage``
        Count one action; ``usage.blocked`` is True when this action exceeds the
        limit (the first ``limit`` hits of a window are allowed).
    ``reset(scope, identifier, rate) -> None``
        Forget the current window's counter (e.g. after a successful log-in).
    ``purge() -> int``
        Delete the database's counters whose window has ended; returns how many.
    ``RateLimited(usage)``
        An exception that code deep under a view (an authentication backend, a
        service) raises to refuse; ``RateLimitedMiddleware`` answers it with the
        429 page.
    ``client_ip(request) -> str`` / ``ip_key(request) -> str``
        The client address, and the identifier used for per-IP limits.
    ``too_many_requests(request, usage) -> TemplateResponse``
        The 429 page (``templates/429.html``) with a ``Retry-After`` header.
    ``rate_for(scope) -> Rate``
        The rate in force for a scope (settings, else ``DEFAULT_RATES``).
    ``enforce(request, limits) -> TemplateResponse | None``
        Count the request against each ``(scope, key)`` of ``limits`` and return the
        429 page if any is exceeded (None otherwise), for code that is not a view
        function (a page's ``serve``).
    ``@rate_limit(*, scope, rate=None, key="ip", methods=("POST",))``
        View decorator: counts each request whose method is in ``methods`` and
        answers 429 once the limit is exceeded. Without ``rate``, the scope's rate
        is read from the settings on every request. ``key`` is ``"ip"``, ``"user"``
        (signed-in users only; anonymous requests are not limited), ``"user_or_ip"``,
        or a callable ``request -> str | None`` (None: do not limit this request).
        ``methods=None`` limits every method. For class-based views, wrap it with
        ``method_decorator(rate_limit(...), name="dispatch")``.
    ``@per_account_and_ip(scope, methods=("POST",))``
        Both limits of a contribution: ``scope`` per signed-in account and
        ``scope-ip`` per client address (anonymous requests: the address only).

Example::

    @per_account_and_ip("proposal")
    def submit_proposal(request, ...): ...
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import random
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.http import HttpRequest
from django.template.response import TemplateResponse

__all__ = [
    "DEFAULT_RATES",
    "Rate",
    "RateLimited",
    "RateLimitedMiddleware",
    "Usage",
    "check",
    "client_ip",
    "enforce",
    "hit",
    "ip_key",
    "parse_rate",
    "per_account_and_ip",
    "purge",
    "rate_for",
    "rate_limit",
    "reset",
    "too_many_requests",
]

# Generous for people, tight for scripts. "-ip" scopes count everyone behind one
# address (a town hall, a school, a mobile network), hence their higher rates.
DEFAULT_RATES = {
    # Accounts.
    "signup-ip": "20/h",
    "signup-email": "5/h",
    "signup-mail": "3/h",  # e-mails a sign-up sends to one address, whoever signs up
    "login-account": "5/15m",  # failed log-ins only
    "login-ip": "20/15m",  # failed log-ins only
    "password-reset-ip": "10/h",
    "password-reset-email": "3/h",
    "resend-confirmation": "3/h",
    "email-change": "5/h",
    "password-change": "10/h",
    "data-export": "20/h",
    "account-delete": "10/h",  # password attempts, like failed log-ins
    # Contributions.
    "proposal": "10/h",
    "proposal-ip": "60/h",
    "comment": "30/h",
    "comment-ip": "120/h",
    "support": "120/h",
    "support-ip": "600/h",
    "report": "20/h",
    "report-ip": "60/h",
    "questionnaire": "20/h",
    "questionnaire-ip": "120/h",
    # Suggestions while a proposal title is typed (debounced by the browser).
    "similar": "300/h",
    # Votes.
    "vote": "30/h",
    "vote-ip": "300/h",
}

CACHE_PREFIX = "ratelimit"
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(?P<limit>\d+)\s*/\s*(?P<multiplier>\d*)\s*(?P<unit>[smhd])\s*$")


def _now() -> float:
    """The current time; a function so that tests can move the clock."""
    return time.time()


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds

    def __str__(self) -> str:
        return f"{self.limit}/{self.period}s"


@dataclass(frozen=True)
class Usage:
    scope: str
    count: int  # actions counted in the current window
    limit: int
    retry_after: int  # seconds until the current window ends (at least 1)
    blocked: bool

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.count)


def parse_rate(rate: str | Rate) -> Rate:
    if isinstance(rate, Rate):
        return rate
    match = _RATE.match(rate)
    if not match:
        raise ValueError(f"Malformed rate {rate!r}; expected e.g. '10/h' or '5/15m'.")
    limit = int(match["limit"])
    period = int(match["multiplier"] or 1) * UNIT_SECONDS[match["unit"]]
    if limit < 1 or period < 1:
        raise ValueError(f"Rate {rate!r} must allow at least one action per period.")
    return Rate(limit=limit, period=period)


def rate_for(scope: str) -> Rate:
    """The rate in force for `scope`: AGORA_RATE_LIMITS, else DEFAULT_RATES."""
    configured = getattr(settings, "AGORA_RATE_LIMITS", None) or {}
    rate = configured.get(scope) or DEFAULT_RATES.get(scope)
    if rate is None:
        raise ImproperlyConfigured(f"No rate limit is defined for the scope {scope!r}.")
    try:
        return parse_rate(rate)
    except ValueError as error:
        raise ImproperlyConfigured(f"AGORA_RATE_LIMITS[{scope!r}]: {error}") from error


def _window(rate: Rate, now: float) -> tuple[int, int]:
    """The start of the current window and the seconds left in it (at least 1)."""
    start = int(now // rate.period) * rate.period
    return start, max(1, math.ceil(start + rate.period - now))


def _cache_key(scope: str, identifier: str, rate: Rate, window_start: int) -> str:
    digest = hashlib.sha256(identifier.encode()).hexdigest()[:32]
    return f"{CACHE_PREFIX}:{scope}:{rate.period}:{window_start}:{digest}"


# Roughly one new counter in this many purges the database's ended windows.
PURGE_ONE_IN = 200


class _DatabaseCounters:
    """Counters in core_ratelimitcounter, shared by every process (see the docstring)."""

    @staticmethod
    def _names() -> dict[str, str]:
        from .models import RateLimitCounter

        quote = connection.ops.quote_name
        return {
            "table": quote(RateLimitCounter._meta.db_table),
            "key": quote("key"),
            "count": quote("count"),
            "expires_at": quote("expires_at"),
        }

    def _execute(self, sql: str, params: list):
        with connection.cursor() as cursor:
            cursor.execute(sql.format(**self._names()), params)
            return cursor.fetchone() if cursor.description else cursor.rowcount

    def get(self, key: str) -> int:
        row = self._execute("SELECT {count} FROM {table} WHERE {key} = %s", [key])
        return row[0] if row else 0

    def incr(self, key: str, expires_at: int) -> int:
        (count,) = self._execute(
            "INSERT INTO {table} ({key}, {count}, {expires_at}) VALUES (%s, 1, %s) "
            "ON CONFLICT ({key}) DO UPDATE SET {count} = {table}.{count} + 1 "
            "RETURNING {count}",
            [key, expires_at],
        )
        if count == 1 and random.randrange(PURGE_ONE_IN) == 0:  # noqa: S311 - not a secret
            self.purge()
        return count

    def delete(self, key: str) -> None:
        self._execute("DELETE FROM {table} WHERE {key} = %s", [key])

    def purge(self) -> int:
        return self._execute("DELETE FROM {table} WHERE {expires_at} <= %s", [int(_now())])


class _CacheCounters:
    """Counters in the default cache: for a cache every process shares (Redis)."""

    def get(self, key: str) -> int:
        return cache.get(key, 0)

    def incr(self, key: str, expires_at: int) -> int:
        timeout = max(1, math.ceil(expires_at - _now())) + 1
        # add() creates the counter only if it is missing; incr() is atomic in every
        # Django cache backend that can be shared (Redis, Memcached) and in locmem.
        cache.add(key, 0, timeout=timeout)
        try:
            return cache.incr(key)
        except ValueError:  # the counter expired between add() and incr()
            cache.add(key, 1, timeout=timeout)
            return 1

    def delete(self, key: str) -> None:
        cache.delete(key)

    def purge(self) -> int:
        return 0  # the cache expires its entries itself


STORES = {"database": _DatabaseCounters(), "cache": _CacheCounters()}


def _store():
    name = getattr(settings, "AGORA_RATE_LIMIT_STORE", None) or "database"
    try:
        return STORES[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"AGORA_RATE_LIMIT_STORE must be one of {', '.join(STORES)}, not {name!r}."
        ) from None


def check(scope: str, identifier: str, rate: str | Rate) -> Usage:
    rate = parse_rate(rate)
    start, left = _window(rate, _now())
    count = _store().get(_cache_key(scope, identifier, rate, start))
    return Usage(scope, count, rate.limit, left, blocked=count >= rate.limit)


def hit(scope: str, identifier: str, rate: str | Rate) -> Usage:
    rate = parse_rate(rate)
    start, left = _window(rate, _now())
    count = _store().incr(_cache_key(scope, identifier, rate, start), start + rate.period)
    return Usage(scope, count, rate.limit, left, blocked=count > rate.limit)


def reset(scope: str, identifier: str, rate: str | Rate) -> None:
    rate = parse_rate(rate)
    start, _left = _window(rate, _now())
    _store().delete(_cache_key(scope, identifier, rate, start))


def purge() -> int:
    """Delete the counters whose window has ended (database store); how many went."""
    return _store().purge()


def client_ip(request: HttpRequest) -> str:
    """The client address as the WSGI server reports it (see the module docstring)."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def ip_key(request: HttpRequest) -> str:
    """The identifier for per-IP limits: the IPv4 address, or the IPv6 /64 network."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return f"ip:{address}"
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:  # ::ffff:192.0.2.1 is an IPv4 client
            return f"ip:{parsed.ipv4_mapped}"
        return f"ip:{ipaddress.ip_network(f'{parsed}/64', strict=False)}"
    return f"ip:{parsed}"


def _user_key(request: HttpRequest) -> str | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return None


def _identifier(request: HttpRequest, key: str | Callable[[HttpRequest], str | None]):
    if callable(key):
        return key(request)
    if key == "ip":
        return ip_key(request)
    if key == "user":
        return _user_key(request)
    if key == "user_or_ip":
        return _user_key(request) or ip_key(request)
    raise ValueError(f"Unknown rate-limit key {key!r}.")


def too_many_requests(request: HttpRequest, usage: Usage) -> TemplateResponse:
    """The 429 page, in the request's language, saying when to try again."""
    response = TemplateResponse(
        request,
        "429.html",
        {
            "retry_after": usage.retry_after,
            "retry_after_minutes": max(1, math.ceil(usage.retry_after / 60)),
        },
        status=429,
    )
    response["Retry-After"] = str(usage.retry_after)
    return response


class RateLimited(Exception):
    """Raised where a limit is met below a view; answered with the 429 page."""

    def __init__(self, usage: Usage):
        super().__init__(f"Rate limit reached: {usage.scope}")
        self.usage = usage


class RateLimitedMiddleware:
    """Turn a `RateLimited` raised by a view (or by what it calls) into the 429 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            return too_many_requests(request, exception.usage)
        return None


Key = str | Callable[[HttpRequest], str | None]


def enforce(request: HttpRequest, limits: Iterable[tuple[str, Key]]) -> TemplateResponse | None:
    """Count this request in each (scope, key) limit; the 429 page if one is exceeded.

    Every counter is incremented (an address that keeps trying stays blocked even
    if the account changes), and the longest wait is the one announced.
    """
    blocked = []
    for scope, key in limits:
        identifier = _identifier(request, key)
        if identifier is not None:
            usage = hit(scope, identifier, rate_for(scope))
            if usage.blocked:
                blocked.append(usage)
    if blocked:
        return too_many_requests(request, max(blocked, key=lambda usage: usage.retry_after))
    return None


def _check_key(key: Key) -> None:
    if isinstance(key, str) and key not in {"ip", "user", "user_or_ip"}:
        raise ValueError(f"Unknown rate-limit key {key!r}.")


def _limited(methods: Iterable[str] | None) -> set[str] | None:
    return None if methods is None else {method.upper() for method in methods}


def rate_limit(
    *,
    scope: str,
    rate: str | Rate | None = None,
    key: Key = "ip",
    methods: Iterable[str] | None = ("POST",),
):
    parsed = parse_rate(rate) if rate is not None else None  # fail at import time
    _check_key(key)
    limited_methods = _limited(methods)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if limited_methods is None or request.method in limited_methods:
                identifier = _identifier(request, key)
                if identifier is not None:
                    usage = hit(scope, identifier, parsed or rate_for(scope))
                    if usage.blocked:
                        return too_many_requests(request, usage)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def per_account_and_ip(scope: str, *, methods: Iterable[str] | None = ("POST",)):
    """Limit a view per signed-in account (`scope`) and per client address (`scope-ip`)."""
    for name in (scope, f"{scope}-ip"):
        rate_for(name)  # fail at import time on an unknown scope or a malformed rate
    limited_methods = _limited(methods)
    limits = ((f"{scope}-ip", "ip"), (scope, "user"))

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if limited_methods is None or request.method in limited_methods:
                refusal = enforce(request, limits)
                if refusal is not None:
                    return refusal
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
