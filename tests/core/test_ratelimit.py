import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from core import ratelimit
from core.ratelimit import Rate, parse_rate, rate_limit


@pytest.fixture(params=["database", "cache"])
def store(request, settings, db):
    """Each counter test runs on both stores: the database (the default) and the cache
    (Redis in production; local memory here, which is enough to test the logic)."""
    settings.AGORA_RATE_LIMIT_STORE = request.param
    return request.param


@pytest.fixture
def clock(monkeypatch, store):
    """A controllable clock, starting at the beginning of a 15-minute window."""

    class Clock:
        now = 1_800_000_000.0  # a multiple of 900 and of 3600

        def advance(self, seconds):
            self.now += seconds

    clock = Clock()
    monkeypatch.setattr(ratelimit, "_now", lambda: clock.now)
    return clock


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10/h", Rate(10, 3600)),
        ("5/15m", Rate(5, 900)),
        ("100/d", Rate(100, 86400)),
        (" 3 / 30s ", Rate(3, 30)),
    ],
)
def test_parse_rate(text, expected):
    assert parse_rate(text) == expected


@pytest.mark.parametrize("text", ["10", "10/x", "0/h", "ten/h", "5/0m", ""])
def test_malformed_rates_are_refused(text):
    with pytest.raises(ValueError):  # noqa: PT011
        parse_rate(text)


def test_hit_counts_within_the_window_and_blocks_beyond_the_limit(clock):
    for expected in range(1, 4):
        usage = ratelimit.hit("test", "alice", "3/15m")
        assert usage.count == expected
        assert not usage.blocked
    assert ratelimit.check("test", "alice", "3/15m").blocked
    fourth = ratelimit.hit("test", "alice", "3/15m")
    assert fourth.blocked
    assert fourth.remaining == 0


def test_check_does_not_count(clock):
    for _ in range(5):
        usage = ratelimit.check("test", "alice", "1/h")
    assert usage.count == 0
    assert not usage.blocked


def test_a_new_window_starts_afresh(clock):
    for _ in range(3):
        ratelimit.hit("test", "alice", "3/15m")
    clock.advance(899)
    assert ratelimit.check("test", "alice", "3/15m").blocked
    clock.advance(1)
    assert ratelimit.check("test", "alice", "3/15m").count == 0
    assert not ratelimit.hit("test", "alice", "3/15m").blocked


def test_retry_after_is_the_time_left_in_the_window(clock):
    assert ratelimit.hit("test", "alice", "3/15m").retry_after == 900
    clock.advance(600.2)
    assert ratelimit.hit("test", "alice", "3/15m").retry_after == 300
    clock.advance(299.7)
    assert ratelimit.check("test", "alice", "3/15m").retry_after == 1  # never 0


def test_keys_are_separated_by_scope_and_identifier(clock):
    for _ in range(2):
        ratelimit.hit("login", "alice", "2/h")
    assert ratelimit.check("login", "alice", "2/h").blocked
    assert not ratelimit.check("login", "bob", "2/h").blocked
    assert not ratelimit.check("contribution", "alice", "2/h").blocked
    # A different rate for the same scope is a different counter too.
    assert not ratelimit.check("login", "alice", "2/d").blocked


def test_reset_forgets_the_counter(clock):
    for _ in range(2):
        ratelimit.hit("login", "alice", "2/h")
    ratelimit.reset("login", "alice", "2/h")
    assert ratelimit.check("login", "alice", "2/h").count == 0


def test_identifiers_are_not_stored_in_clear(clock, store):
    from django.core.cache import cache

    from core.models import RateLimitCounter

    ratelimit.hit("login", "email:anne@example.org", "2/h")
    if store == "database":
        keys = list(RateLimitCounter.objects.values_list("key", flat=True))
        assert not cache._cache  # locmem: nothing went to the cache
    else:
        keys = list(cache._cache.keys())  # locmem
        assert not RateLimitCounter.objects.exists()
    assert keys
    assert not any("anne@example.org" in key for key in keys)


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("192.0.2.1", "ip:192.0.2.1"),
        ("2001:db8:1:2:3:4:5:6", "ip:2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::1", "ip:2001:db8:1:2::/64"),
        ("::ffff:192.0.2.1", "ip:192.0.2.1"),
        ("", "ip:unknown"),
    ],
)
def test_ip_key(address, key):
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    assert ratelimit.ip_key(request) == key


def test_forwarded_headers_are_not_trusted():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.99"
    )
    assert ratelimit.client_ip(request) == "192.0.2.1"


@pytest.mark.django_db
def test_decorator_answers_429_with_retry_after_in_the_users_language(clock, rf):
    from django.contrib.auth.models import AnonymousUser
    from django.utils import translation

    @rate_limit(scope="contribution", rate="2/h", key="user_or_ip")
    def view(request):
        return HttpResponse("ok")

    def post(ip):
        request = rf.post("/", REMOTE_ADDR=ip)
        request.user = AnonymousUser()
        return view(request)

    assert post("192.0.2.1").status_code == 200
    assert post("192.0.2.1").status_code == 200
    with translation.override("fr"):
        blocked = post("192.0.2.1")
        blocked.render()
    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "3600"
    assert blocked.context_data["retry_after_minutes"] == 60
    assert '<html lang="fr"' in blocked.content.decode()
    assert post("192.0.2.2").status_code == 200  # another client


def test_decorator_ignores_other_methods_and_can_use_a_custom_key(clock, rf):
    seen = []

    @rate_limit(scope="custom", rate="1/h", key=lambda request: request.GET.get("who"))
    def view(request):
        seen.append(request.method)
        return HttpResponse("ok")

    assert view(rf.get("/?who=a")).status_code == 200
    assert view(rf.get("/?who=a")).status_code == 200  # GET is not limited by default
    assert view(rf.post("/?who=a")).status_code == 200
    assert view(rf.post("/?who=a")).status_code == 429
    assert view(rf.post("/")).status_code == 200  # key None: not limited
    assert view(rf.post("/")).status_code == 200


def test_decorator_by_user_leaves_anonymous_requests_alone(clock, rf):
    from django.contrib.auth.models import AnonymousUser

    @rate_limit(scope="u", rate="1/h", key="user", methods=None)
    def view(request):
        return HttpResponse("ok")

    request = rf.get("/")
    request.user = AnonymousUser()
    assert view(request).status_code == 200
    assert view(request).status_code == 200


def test_decorator_refuses_unknown_keys_and_rates():
    with pytest.raises(ValueError):  # noqa: PT011
        rate_limit(scope="x", rate="1/h", key="session")
    with pytest.raises(ValueError):  # noqa: PT011
        rate_limit(scope="x", rate="often")
