"""core's one-job helpers: spreadsheet safety, safe `next`, sub-page URLs, route views,
plain integers."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from core.navigation import safe_next
from core.routing import RouteViews
from core.spreadsheets import spreadsheet_safe
from core.text import plain_int


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
        ("+1+1", "'+1+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Des bancs = du repos", "Des bancs = du repos"),
        ("", ""),
        (None, None),
        (42, 42),
    ],
)
def test_spreadsheet_cells_never_start_like_a_formula(value, expected):
    assert spreadsheet_safe(value) == expected


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/fr/parc/", "/fr/parc/"),
        ("http://testserver/fr/parc/", "http://testserver/fr/parc/"),
        ("https://evil.example/", "/fallback/"),
        ("//evil.example/", "/fallback/"),
        ("javascript:alert(1)", "/fallback/"),
        ("", "/fallback/"),
    ],
)
def test_next_stays_on_this_host(target, expected):
    factory = RequestFactory()
    assert safe_next(factory.post("/", {"next": target}), "/fallback/") == expected
    assert safe_next(factory.get("/", {"next": target}), "/fallback/") == expected


def test_route_views_are_found_by_name_and_a_missing_one_says_why():
    views = RouteViews("example")

    @views.register
    def listing(request, page):
        return "listed"

    assert views["listing"](None, None) == "listed"
    with pytest.raises(ImproperlyConfigured, match="No route view 'detail' in example"):
        views["detail"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (" 7 ", 7), ("0", 0), ("-1", None), ("²", None), ("1e3", None), ("9" * 19, None)],
)
def test_plain_int_reads_ascii_digits_only(value, expected):
    assert plain_int(value) == expected
