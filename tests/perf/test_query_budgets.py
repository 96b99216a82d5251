"""Every public page runs a bounded number of queries, whatever the amount of data.

Each page is measured with a small data set, then again after the data has grown
(more proposals, comments, projects, ballots); the count must not change and must
stay within the page's budget. Measured on the uncached path (the page cache is off
in tests), for an anonymous visitor and for a signed-in citizen.
"""

import pytest

from .conftest import count_queries, freeze, sub

# LARGE is many times SMALL on every axis and fills more than one page of proposals
# (20 a page) and projects (12): a query per row, or per page of rows, would show
# as a difference between the two counts. (Load with thousands of rows is measured
# in benchmarks/, not here.)
SMALL = {"proposals": 4, "comments": 5, "projects": 3, "ballots": 5}
LARGE = {"proposals": 30, "comments": 150, "projects": 30, "ballots": 100}

# Query budgets, anonymous visitor / signed-in citizen (a session and the user cost two).
# Participation pages include project follow-up (follow state, projects built from
# them): 3 queries; search looks through pages, projects, proposals and promotions.
# A page of comment threads costs 3: its counts, its threads, their replies shown.
PAGES = {
    "home": (lambda s: s.commune.home.url, 18),
    "consultation": (lambda s: s.consultation.url, 31),
    "proposal list": (lambda s: sub(s.consultation, "proposals"), 25),
    "proposal list, category": (
        lambda s: sub(s.consultation, "proposals") + f"?category={s.categories[0].pk}",
        26,
    ),
    "proposal list, district": (
        lambda s: sub(s.consultation, "proposals") + f"?district={s.districts[0].pk}",
        26,
    ),
    "proposal list, status": (
        lambda s: sub(s.consultation, "proposals") + "?status=answered",
        25,
    ),
    "proposal list, most supported": (
        lambda s: sub(s.consultation, "proposals") + "?sort=supports",
        25,
    ),
    "proposal list, most commented": (
        lambda s: sub(s.consultation, "proposals") + "?sort=comments",
        25,
    ),
    "proposal list, random": (
        lambda s: sub(s.consultation, "proposals") + "?sort=random&seed=12345",
        25,
    ),
    "proposal list, every filter, page 2": (
        lambda s: (
            sub(s.consultation, "proposals")
            + f"?category={s.categories[0].pk}&district={s.districts[0].pk}"
            + "&status=published&sort=supports&page=2"
        ),
        27,
    ),
    "proposal detail": (lambda s: sub(s.consultation, "proposal", s.busy.pk), 28),
    # Its comments, 20 threads a page: a later page, other orders, a thread unfolded
    # (the small data set has one page: the later pages show its last, as lists do).
    "proposal detail, comments page 2": (
        lambda s: sub(s.consultation, "proposal", s.busy.pk) + "?comments=2",
        28,
    ),
    "proposal detail, newest comments, page 3": (
        lambda s: sub(s.consultation, "proposal", s.busy.pk) + "?order=newest&comments=3",
        28,
    ),
    "proposal detail, the commune's answers first": (
        lambda s: sub(s.consultation, "proposal", s.busy.pk) + "?order=commune",
        28,
    ),
    "proposal detail, a thread unfolded": (
        lambda s: sub(s.consultation, "proposal", s.busy.pk) + f"?thread={s.first_thread().pk}",
        28,
    ),
    "consultation, comments page 2": (lambda s: s.consultation.url + "?comments=2", 31),
    "budget page": (lambda s: s.budget.url, 29),
    "vote page": (lambda s: sub(s.budget, "vote"), 23),
    "live results": (lambda s: sub(s.budget, "results"), 20),
    "frozen results": (lambda s: sub(s.closed_budget, "results"), 20),
    "results.json": (lambda s: s.closed_budget.url + "results.json", 12),
    # Search logs a query at most so often per address: its counter is a row.
    "search": (lambda s: "/fr/search/?q=budget", 21),
    # Projects: their index with its filters (status, category, district and year
    # choices) and a project with a hundred milestones, updates, origins and images.
    "projects": (lambda s: s.project_index.url, 30),
    "projects, filtered": (
        lambda s: s.project_index.url + f"?status=in_progress&category={s.categories[0].pk}",
        30,
    ),
    "project page": (lambda s: s.project.url, 29),
    "projects feed": (lambda s: s.project_index.url + "feed/", 13),
    "project feed": (lambda s: s.project.url + "feed/", 12),
}
SIGNED_IN_EXTRA = 7


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "citizen"])
def test_pages_run_the_same_queries_whatever_the_data(client, scene, citizen, signed_in):
    # Live results on the open budget, so that its ballots are counted on the page.
    scene.budget.show_live_results = True
    scene.budget.save(update_fields=["show_live_results"])
    if signed_in:
        client.force_login(citizen)

    scene.grow(**SMALL)
    freeze(scene)
    small = {name: count_queries(client, url(scene)) for name, (url, _b) in PAGES.items()}

    scene.grow(**LARGE)
    large = {name: count_queries(client, url(scene)) for name, (url, _b) in PAGES.items()}

    extra = SIGNED_IN_EXTRA if signed_in else 0
    problems = []
    for name, (_url, budget) in PAGES.items():
        (before, _), (after, queries) = small[name], large[name]
        if after > before or after > budget + extra:
            problems.append(f"{name}: {before} → {after} queries (budget {budget + extra})")
            problems += [f"    {sql[:160]}" for sql in queries]
    assert not problems, "\n".join(problems)
