"""A visitor of Montclair reads the results of the 2025 budget and their chart,
then reads them again in English."""

import re

from playwright.sync_api import expect

from .browser import assert_accessible
from .conftest import MONTCLAIR


def bar_widths(page) -> list[float]:
    return page.locator(".results-bar__fill").evaluate_all(
        "bars => bars.map(bar => parseFloat(bar.getAttribute('width')))"
    )


def scores(page) -> list[float]:
    return [
        float(text.replace("\u202f", "").replace("\xa0", "").replace(" ", ""))
        for text in page.locator("[data-score]").all_inner_texts()
    ]


def test_visitor_reads_montclair_results_and_chart_then_switches_to_english(
    demo_server, page, axe_source
):
    page.goto(demo_server.url("/fr/", MONTCLAIR))
    page.get_by_role("link", name="Budget participatif 2025").click()
    page.get_by_role("link", name="Voir les résultats").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Résultats du vote")

    winners = page.get_by_role("region", name="Projets financés").get_by_role("listitem")
    expect(winners.first).to_be_visible()
    funded = winners.count()

    table = page.get_by_role("table", name="Projets par score, du plus élevé au plus faible")
    expect(table.locator("tbody tr")).to_have_count(8)
    expect(table.locator("tbody tr.results-table__row--funded")).to_have_count(funded)

    # The chart: one bar per project, as long as its score relative to the best one,
    # repeating the number written beside it (so it is hidden from screen readers).
    points, widths = scores(page), bar_widths(page)
    assert points == sorted(points, reverse=True)
    assert len(widths) == len(points) == 8
    best = max(points)
    for score, width in zip(points, widths, strict=True):
        assert abs(width - 100 * score / best) < 1
    expect(page.locator(".results-bar").first).to_have_attribute("aria-hidden", "true")
    assert_accessible(page, axe_source, "Montclair results (fr)")

    # Same results in English, through the language switcher.
    page.get_by_role("navigation", name="Choisir une langue").get_by_role(
        "link", name="English"
    ).click()
    expect(page).to_have_url(re.compile(r"/en/participatory-budget-2025/results/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Results of the vote")
    english_winners = page.get_by_role("region", name="Funded projects").get_by_role("listitem")
    expect(english_winners).to_have_count(funded)
    assert bar_widths(page) == widths
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    assert_accessible(page, axe_source, "Montclair results (en)")
