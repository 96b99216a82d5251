"""Montclair's public site shows nothing of Belval, whatever its URLs ask for.

Requests go to Montclair's host: Belval's page paths (the host decides the site),
every sub-route of Montclair's participation pages with Belval's ids (the routes
are enumerated from the page classes, so a new route needs its ids here), POSTs
naming Belval's themes, districts, comments and projects, search, documents,
redirects and the sitemap. Nothing of Belval may show, nothing may change.
"""

import re

import pytest
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Page

from budget.models import BudgetPage
from consultations.models import ConsultationPage

from .helpers import (
    BELVAL_HOST,
    MONTCLAIR_HOST,
    body_of,
    changed_tables,
    db_fingerprint,
    shows_belval,
)
from .world import MARKERS

MONTCLAIR = {"HTTP_HOST": MONTCLAIR_HOST}
CAPTCHA = {"captcha_0": "test", "captcha_1": "PASSED"}

# Belval's pages, each requested at its own path on Montclair's host.
BELVAL_PAGES = [
    "home",
    "market",
    "market_en",
    "untranslated",
    "alias",
    "scheduled",
    "locked",
    "moderated",
    "consultation",
    "questionnaire",
    "budget",
    "budget_review",
    "budget_closed",
    "kiosque",
]
# What follows a participation page's path (sub-routes without ids).
PAGE_SUFFIXES = {
    ConsultationPage: ["proposals/", "proposals/export.csv", "comments/"],
    BudgetPage: [
        "proposals/",
        "proposals/export.csv",
        "vote/",
        "results/",
        "results.json",
        "ballots.pb",
    ],
}


def _path(page) -> str:
    _site_id, _root_url, path = page.specific.get_url_parts()
    return path


@pytest.mark.parametrize("attr", BELVAL_PAGES)
def test_belval_pages_are_not_served_on_montclair_host(world, db, client, attr):
    page = Page.objects.get(pk=getattr(world.belval, attr).pk).specific
    client.force_login(world.citizen)
    path = _path(page)
    if page.live:
        # On its own host, the path is Belval's page (the test looks in the right place).
        assert client.get(path, HTTP_HOST=BELVAL_HOST).status_code in (200, 302), path
    for url in [path, *(path + suffix for suffix in PAGE_SUFFIXES.get(type(page), []))]:
        response = client.get(url, **MONTCLAIR)
        assert not shows_belval(response), (url, response.status_code)


@pytest.mark.parametrize("language", ["en", "de", "nl"])
def test_belval_home_translations_are_not_served_on_montclair_host(world, db, client, language):
    page = world.belval_commune.home_pages[language]
    response = client.get(_path(page), **MONTCLAIR)
    assert not shows_belval(response)


# Sub-routes of participation pages, with Belval's ids -----------------------------------

KWARG = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")
# Route parameter -> the Belval object it is given.
ROUTE_IDS = {
    "proposal_id": lambda w: w.belval.proposal.pk,
    "comment_id": lambda w: w.belval.comment.pk,
}


def _belval_refs(w) -> dict:
    """POST data naming Belval's objects in a Montclair form."""
    return {
        "title": "Une idée",
        "body": "Une idée pour Montclair.",
        "category": w.belval.category.pk,
        "district": w.belval.district.pk,
        "parent": w.belval.comment.pk,
        "reason": "spam",
        "projects": [project.pk for project in w.belval.projects],
        **CAPTCHA,
    }


# Route name -> POST data (routes absent here are tried with GET only).
ROUTE_POSTS = {
    "proposal_new": _belval_refs,
    "proposal_edit": _belval_refs,
    "proposal_support": lambda w: {},
    "proposal_comments": _belval_refs,
    "proposal_report": _belval_refs,
    "comments": _belval_refs,
    "comment_delete": lambda w: {},
    "comment_report": _belval_refs,
    "vote": _belval_refs,
}


def routes_of(page_class):
    for route in page_class.get_subpage_urls():
        kwargs = tuple(a or b for a, b in KWARG.findall(str(route.pattern)))
        yield route.name, kwargs


def route_params():
    params = []
    for attr, page_class in (("consultation", ConsultationPage), ("budget", BudgetPage)):
        for name, kwargs in routes_of(page_class):
            for method in ("GET", "POST") if name in ROUTE_POSTS else ("GET",):
                params.append(
                    pytest.param(attr, name, kwargs, method, id=f"{attr}-{name}-{method}")
                )
    return params


def test_every_route_parameter_has_a_belval_id():
    unknown = {
        kwarg
        for _attr, _name, kwargs, _method in (p.values for p in route_params())
        for kwarg in kwargs
    } - ROUTE_IDS.keys()
    assert not unknown, f"Public route parameters without a Belval id: {sorted(unknown)}"


@pytest.mark.parametrize(("attr", "name", "kwargs", "method"), route_params())
def test_montclair_routes_with_belval_ids_show_and_change_nothing(
    world, db, client, attr, name, kwargs, method
):
    page = getattr(world.montclair, attr).specific
    client.force_login(world.citizen)
    args = {kwarg: ROUTE_IDS[kwarg](world) for kwarg in kwargs}
    url = page.url + page.reverse_subpage(name, kwargs=args or None)
    before = db_fingerprint()
    if method == "POST":
        response = client.post(url, ROUTE_POSTS[name](world), **MONTCLAIR)
    else:
        response = client.get(url, **MONTCLAIR)
    changed = changed_tables(before, db_fingerprint())
    assert not shows_belval(response), (method, url, response.status_code)
    assert not changed, (method, url, response.status_code, changed)
    if kwargs:  # 404, or 405 for a GET on a POST-only route
        assert response.status_code in (404, 405), (method, url, response.status_code)


def test_montclair_exports_and_results_hold_montclair_only(world, db, client):
    budget, consultation = world.montclair.budget, world.montclair.consultation
    for page, name in (
        (consultation, "proposals_export"),
        (budget, "proposals_export"),
        (budget, "results_json"),
        (budget, "ballots_pb"),
    ):
        response = client.get(page.url + page.reverse_subpage(name), **MONTCLAIR)
        assert response.status_code in (200, 403, 404), (name, response.status_code)
        assert not shows_belval(response), name
    export = client.get(
        consultation.url + consultation.reverse_subpage("proposals_export"), **MONTCLAIR
    )
    assert "Des bancs à Montclair" in body_of(export)


# Search, documents, redirects, sitemap ----------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_search_on_montclair_finds_nothing_of_belval(world, db, client, language):
    response = client.get(f"/{language}/search/", {"q": "BELVAL"}, **MONTCLAIR)
    assert response.status_code == 200
    assert not shows_belval(response)
    # The same search on Belval's site does find Belval's pages.
    found = client.get(f"/{language}/search/", {"q": "BELVAL"}, HTTP_HOST=BELVAL_HOST)
    assert any(marker in body_of(found) for marker in MARKERS)


# Test storage keeps files in memory: Wagtail serves them by redirecting to their URL.
@override_settings(WAGTAILDOCS_SERVE_METHOD="redirect")
def test_a_belval_document_is_not_served_on_montclair_host(world, db, client):
    document = world.belval.document
    url = document.url
    response = client.get(url, **MONTCLAIR)
    assert response.status_code == 404
    assert client.get(url, HTTP_HOST=BELVAL_HOST).status_code == 302
    assert client.get(world.montclair.document.url, **MONTCLAIR).status_code == 302


def test_a_belval_redirect_does_not_apply_on_montclair_host(world, db, client):
    path = world.belval.redirect.old_path
    redirected = client.get(path, HTTP_HOST=BELVAL_HOST)
    assert redirected["Location"].endswith(world.belval.market.url)
    # On Montclair: the language prefix is added, then nothing is found.
    response = client.get(path, follow=True, **MONTCLAIR)
    assert response.status_code == 404
    assert not shows_belval(response)
    assert all(world.belval.market.url not in url for url, _status in response.redirect_chain)


@pytest.mark.parametrize("path", ["/sitemap.xml", "/fr/sitemap.xml", "/robots.txt"])
def test_site_wide_files_of_montclair_name_nothing_of_belval(world, db, client, path):
    response = client.get(path, **MONTCLAIR)
    assert not shows_belval(response), (path, response.status_code)


def test_admin_login_page_names_no_commune(world, db, client):
    response = client.get(reverse("wagtailadmin_login"), **MONTCLAIR)
    assert not shows_belval(response)
