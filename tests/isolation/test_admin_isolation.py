"""Montclair's editors and moderators reach nothing of Belval through the admin.

Every admin URL pattern is enumerated from the URL resolver:

* patterns with parameters are filled with Belval's ids from `admin_table.CASES`
  and requested by both Montclair roles, with GET and with the POST (PUT, DELETE)
  that would change something: the admin must refuse (403, 404, 405 or Wagtail's
  permission-denied redirect), show nothing of Belval, and change nothing in the
  database;
* patterns without parameters (listings, searches, choosers, reports, exports,
  the dashboard) are requested with searches for "belval" and Belval's ids in the
  query string: they may answer, but show nothing of Belval.

A superuser sending the same requests proves that the ids are right (not refused)
and that the POSTs tried really write.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import resolve, reverse

from core.admin_guard import WORKFLOW_ADMIN_VIEWS, check_request, is_install_wide_view

from .admin_table import (
    CASES,
    LISTING,
    LISTING_QUERIES,
    LISTING_SKIPPED,
    OBJECT,
    B,
    admin_patterns,
    cases_of,
)
from .helpers import (
    BELVAL_HOST,
    body_of,
    changed_tables,
    db_fingerprint,
    refusal,
    send,
    shows_belval,
)
from .world import MARKERS

ROLES = ("montclair_editor", "montclair_moderator")
PATTERNS = admin_patterns()


def case_params(*, methods=True, kinds=(OBJECT, LISTING), controls=False):
    params = []
    for key in sorted(CASES):
        for case in cases_of(key):
            if case.kind not in kinds or (controls and not case.control):
                continue
            label = key + (f"~{case.variant}" if case.variant else "")
            if methods:
                params.extend(
                    pytest.param(key, case, method, id=f"{label}-{method}")
                    for method in case.methods
                )
            else:
                params.append(pytest.param(key, case, id=label))
    return params


def url_of(key, case, world) -> str:
    url = reverse(key.split("[")[0], kwargs=case.kwargs(world))
    if case.query:
        url += "?" + case.query(world)
    return url


def test_every_admin_url_with_parameters_is_in_the_table():
    """A new admin screen taking ids must say here which Belval object to try."""
    with_parameters = {pattern.key for pattern in PATTERNS if pattern.kwargs}
    missing = sorted(with_parameters - CASES.keys())
    stale = sorted(CASES.keys() - with_parameters)
    assert not missing, "Admin URLs missing from tests/isolation/admin_table.py: " + ", ".join(
        missing
    )
    assert not stale, "Entries of admin_table.CASES that match no admin URL: " + ", ".join(stale)
    assert all(cases_of(key) for key in CASES), "Every entry needs at least one case."


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("key", "case", "method"), case_params())
def test_montclair_staff_reach_nothing_of_belval(world, db, client, role, key, case, method):
    client.force_login(getattr(world, role))
    url = url_of(key, case, world)
    before = db_fingerprint()
    response = send(client, method, url, case.post(world) if case.post else None)
    changed = set(changed_tables(before, db_fingerprint())) - set(case.own_writes)

    assert not changed, f"{method} {url} changed {sorted(changed)} ({response.status_code})"
    assert not shows_belval(response), f"{method} {url} shows Belval ({response.status_code})"
    if case.kind == OBJECT and case.refused:
        assert refusal(response), f"{method} {url} answered {response.status_code}"


CONTROLS = case_params(methods=False, kinds=(OBJECT,), controls=True)


@pytest.mark.parametrize(("key", "case"), CONTROLS)
def test_the_table_names_real_belval_objects(world, db, client, key, case):
    """A superuser is not refused: the ids tried above are real and reachable."""
    client.force_login(getattr(world, case.control_user))
    method = "GET" if "GET" in case.methods else case.methods[0]
    url = url_of(key, case, world)
    response = send(client, method, url, case.post(world) if case.post else None, BELVAL_HOST)
    if case.control_status is not None:
        assert response.status_code == case.control_status, (method, url, response.status_code)
    else:
        assert response.status_code < 400, (method, url, response.status_code)
        assert not refusal(response), (method, url, response.status_code, response.get("Location"))


WRITES = [param for param in CONTROLS if param.values[1].writes]


@pytest.mark.parametrize(("key", "case"), WRITES)
def test_the_writes_tried_do_write(world, db, client, key, case):
    """The same POST by a superuser changes the database: a refusal above is a refusal."""
    client.force_login(getattr(world, case.control_user))
    method = next(method for method in case.methods if method != "GET")
    url = url_of(key, case, world)
    before = db_fingerprint()
    response = send(client, method, url, case.post(world) if case.post else None, BELVAL_HOST)
    assert changed_tables(before, db_fingerprint()), (method, url, response.status_code)


# Admin URLs without parameters ---------------------------------------------------------


def listing_params():
    params = []
    for pattern in PATTERNS:
        if pattern.kwargs or pattern.name in LISTING_SKIPPED:
            continue
        queries = [None, lambda w: "q=BELVAL", *LISTING_QUERIES.get(pattern.name, [])]
        for number, query in enumerate(queries):
            params.append(pytest.param(pattern.name, query, id=f"{pattern.name}-{number}"))
    return params


def test_extra_queries_name_real_urls():
    names = {pattern.name for pattern in PATTERNS if not pattern.kwargs}
    assert not (LISTING_QUERIES.keys() - names)
    assert not (LISTING_SKIPPED.keys() - names)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "query"), listing_params())
def test_listings_show_nothing_of_belval(world, db, client, role, name, query):
    client.force_login(getattr(world, role))
    url = reverse(name) + ("?" + query(world) if query else "")
    before = db_fingerprint()
    response = send(client, "GET", url)
    changed = changed_tables(before, db_fingerprint())
    assert not changed, f"GET {url} changed {changed}"
    assert not shows_belval(response), f"GET {url} shows Belval ({response.status_code})"


# Where a superuser must find Belval: the searches above do look in the right place.
SEARCH_CONTROLS = [
    "wagtailadmin_pages:search?q=BELVAL",
    "wagtailadmin_choose_page_search?q=BELVAL",
    "wagtailimages_chooser:choose_results?q=BELVAL",
    "wagtaildocs_chooser:choose_results?q=BELVAL",
    "wagtailsnippetchoosers_consultations_category:choose_results?q=BELVAL",
    "participation_proposals:index?q=BELVAL",
    "participation_comments:index?q=BELVAL",
    "wagtailadmin_reports:site_history",
    "wagtailadmin_api:pages:listing?search=BELVAL",
]


@pytest.mark.parametrize("target", SEARCH_CONTROLS)
def test_a_superuser_finds_belval_in_the_searches(world, db, client, target):
    client.force_login(world.superuser)
    name, _, query = target.partition("?")
    response = client.get(reverse(name) + ("?" + query if query else ""), HTTP_HOST=BELVAL_HOST)
    assert response.status_code == 200
    assert any(marker in body_of(response) for marker in MARKERS)


# The guard lets each commune's staff reach their own objects ------------------------------

# Cases that name Montclair's objects too (moves, copies and aliases across communes).
CROSS_COMMUNE = ("montclair", "create_alias-into")


@pytest.mark.parametrize(("key", "case"), case_params(methods=False, kinds=(OBJECT,)))
def test_the_guard_lets_belval_staff_reach_belval(world, db, rf, key, case):
    """Whatever Wagtail then decides, the tenant guard never refuses Belval's own staff."""
    if any(word in case.variant for word in CROSS_COMMUNE):
        pytest.skip("names another commune's object on purpose")
    url = url_of(key, case, world)
    request = rf.get(url)
    request.user = world.belval_editor
    match = resolve(request.path_info)
    if is_install_wide_view(match.view_name) or match.view_name in WORKFLOW_ADMIN_VIEWS:
        pytest.skip("for install-wide staff and workflow administrators only")
    check_request(request, match.view_name, match.kwargs)
    if "id" in parse_qs(urlsplit(url).query):
        assert request.GET.getlist("id"), "the guard dropped Belval's own ids"


# Belval's staff still find Belval where the scoped views now look ------------------------

OWN_STAFF_FINDS = [
    ("wagtailadmin_explore", lambda w: [B(w).home.pk], "", "Le marché de Belval"),
    ("wagtailadmin_choose_page_search", None, "q=march", "Le marché de Belval"),
    ("wagtailadmin_choose_page_child", lambda w: [B(w).home.pk], "", "Le marché de Belval"),
    ("wagtailimages_chooser:choose", None, "", "Fontaine de Belval"),
    ("wagtailimages_chooser:choose", None, "", "belval-fontaine"),
    ("wagtailimages:index", None, "", "belval-fontaine"),
    ("wagtaildocs:index", None, "", "Compte rendu de Belval"),
    ("wagtailadmin_tag_autocomplete", None, "term=belv", "belval-fontaine"),
    ("wagtailadmin_api:images:listing", None, "", "Fontaine de Belval"),
    ("wagtailsnippetchoosers_consultations_category:choose", None, "", "Mobilité à Belval"),
    (
        "wagtailsnippetchoosers_consultations_category:chosen",
        lambda w: [B(w).category.pk],
        "",
        "Mobilité à Belval",
    ),
    ("wagtailsnippets_consultations_category:list", None, "", "Belval [défaut]"),
    ("wagtailadmin_explore_root", None, "", "Éditrice Belval"),
    ("wagtail_localize:translations_report", None, "", "Le marché de Belval"),
    (
        "wagtail_localize:snippets_api_listing",
        lambda w: ["consultations", "category"],
        "",
        "Belval",
    ),
    (
        "wagtail_localize:submit_page_translation",
        lambda w: [B(w).untranslated.pk],
        "",
        "Horaires de Belval",
    ),
    ("wagtailforms:index", None, "", "Questionnaire de Belval"),
    (
        "wagtail_bulk_action",
        lambda w: ["wagtailcore", "page", "publish"],
        "id=all&childOf=1",
        "Belval",
    ),
    ("wagtailadmin_choose_page_chosen_multiple", None, "id={market}", "Le marché de Belval"),
]


@pytest.mark.parametrize(
    ("name", "args", "query", "expected"),
    [
        pytest.param(*finds, id=f"{finds[0]}-{number}")
        for number, finds in enumerate(OWN_STAFF_FINDS)
    ],
)
def test_belval_staff_still_find_belval(world, db, client, name, args, query, expected):
    client.force_login(world.belval_editor)
    url = reverse(name, args=args(world) if args else None)
    if query:
        url += "?" + query.format(market=world.belval.market.pk)
    response = client.get(url, HTTP_HOST=BELVAL_HOST)
    assert response.status_code == 200, (url, response.status_code)
    assert expected in body_of(response), url
