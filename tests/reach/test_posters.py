"""Printable posters of participation pages and their QR codes."""

import io
import xml.etree.ElementTree as ET

import pytest
import zxingcpp
from django.utils import timezone, translation
from PIL import Image

from core.dates import date_range, long_date

from .conftest import BELVAL, BELVAL_ROOT, MONTCLAIR, path_of, sub

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}svg"


def decoded(response) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(response.content)))]


def test_a_consultations_poster_has_its_title_dates_call_and_code(client, place):
    page = place.consultation
    response = client.get(sub(page, "poster"), **BELVAL)
    assert response.status_code == 200
    text = response.text
    assert (
        '<h1 id="poster-title" class="poster__title">Aménagement de la place du marché</h1>' in text
    )
    assert '<p class="poster__call">Donnez votre avis</p>' in text
    assert '<p class="poster__scan">Scannez ce code pour participer</p>' in text
    assert f'<p class="poster__address">{BELVAL_ROOT}/fr/place-du-marche/</p>' in text
    assert 'src="/fr/place-du-marche/poster/qr.svg"' in text
    assert f'alt="Code QR menant à {BELVAL_ROOT}/fr/place-du-marche/"' in text
    assert 'href="/fr/place-du-marche/poster/qr.png" download="place-du-marche-qr.png"' in text
    assert '<meta name="robots" content="noindex">' in text
    # The phases still to come, written as the commune writes dates; not the past ones.
    today = timezone.localdate()
    with translation.override("fr"):
        for phase in page.ordered_phases:
            shown = f"<dd>{date_range(phase.start, phase.end)}</dd>" in text
            assert shown == (phase.end >= today), phase.kind
    assert "<dt>Propositions</dt>" in text


def test_the_poster_speaks_the_pages_language(client, place):
    response = client.get(sub(place.consultation_en, "poster"), **BELVAL)
    assert response.status_code == 200
    assert '<p class="poster__call">Have your say</p>' in response.text
    assert '<p class="poster__scan">Scan this code to take part</p>' in response.text
    assert f"{BELVAL_ROOT}/en/market-square/</p>" in response.text
    png = client.get(sub(place.consultation_en, "poster_qr_png"), **BELVAL)
    assert decoded(png) == [f"{BELVAL_ROOT}/en/market-square/"]


def test_a_budgets_poster_announces_its_vote(client, place):
    response = client.get(sub(place.budget, "poster"), **BELVAL)
    assert response.status_code == 200
    assert '<p class="poster__call">Participez</p>' in response.text
    vote = place.budget.phase_of_kind("vote")
    with translation.override("fr"):
        assert (
            f"<dt>Vote</dt>\n            <dd>{date_range(vote.start, vote.end)}</dd>"
            in response.text
        )


def test_a_projects_poster_announces_its_next_milestones(client, place):
    response = client.get(sub(place.project, "poster"), **BELVAL)
    assert response.status_code == 200
    text = response.text
    assert '<p class="poster__call">Suivez l&#x27;avancement du projet</p>' in text
    assert '<p class="poster__scan">Scannez ce code pour suivre le projet</p>' in text
    start = next(m for m in place.project.ordered_milestones if m.title == "Début des travaux")
    with translation.override("fr"):
        assert f"<dt>Début des travaux</dt>\n            <dd>{long_date(start.date)}</dd>" in text
    assert "<dt>Études</dt>" not in text  # done already


def test_the_png_code_reads_back_as_the_pages_address(client, place):
    response = client.get(sub(place.consultation, "poster_qr_png"), **BELVAL)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "max-age=" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert response["Content-Disposition"] == 'inline; filename="place-du-marche-qr.png"'
    assert decoded(response) == [f"{BELVAL_ROOT}/fr/place-du-marche/"]


def test_the_svg_code_is_an_svg_document(client, place):
    response = client.get(sub(place.consultation, "poster_qr_svg"), **BELVAL)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "max-age=" in response["Cache-Control"]
    root = ET.fromstring(response.content)  # noqa: S314 - our own drawing, under test
    assert root.tag == SVG
    assert b"<script" not in response.content


@pytest.mark.parametrize("host", ["localhost", "ailleurs.localhost", "belval.localhost:8101"])
def test_the_code_leads_to_the_communes_own_site_whatever_the_host(client, place, host):
    """A poster asked for at another address (a proxy, a made-up Host header) still
    leads to the commune's own site."""
    response = client.get(sub(place.consultation, "poster_qr_png"), HTTP_HOST=host)
    assert response.status_code == 200
    assert decoded(response) == [f"{BELVAL_ROOT}/fr/place-du-marche/"]
    poster = client.get(sub(place.consultation, "poster"), HTTP_HOST=host)
    assert f'<p class="poster__address">{BELVAL_ROOT}/fr/place-du-marche/</p>' in poster.text


@pytest.mark.parametrize(
    "suffix",
    [
        "poster/qr.gif",
        "poster/qr.svgz",
        "poster/code.png",
        "poster/qr/",
        "poster/qr.png/extra/",
        "poster/other/",
        "posters/",
    ],
)
def test_routes_that_do_not_exist_are_not_found(client, place, suffix):
    assert client.get(path_of(place.consultation) + suffix, **BELVAL).status_code == 404


def test_pages_without_posters_have_no_poster_route(client, place):
    for path in (
        path_of(place.standard) + "poster/",
        path_of(place.index) + "poster/",
        "/fr/poster/",
        "/fr/poster/qr.png",
    ):
        assert client.get(path, **BELVAL).status_code == 404, path


def test_an_unpublished_page_has_no_poster(client, place):
    for suffix in ("poster/", "poster/qr.svg", "poster/qr.png"):
        response = client.get(path_of(place.draft) + suffix, **BELVAL)
        assert response.status_code == 404, suffix
    place.budget.unpublish()
    assert client.get(sub(place.budget, "poster_qr_png"), **BELVAL).status_code == 404


def test_another_communes_host_has_no_poster_of_belval(client, place):
    for name in ("poster", "poster_qr_svg", "poster_qr_png"):
        response = client.get(sub(place.consultation, name), **MONTCLAIR)
        assert response.status_code == 404, name
    own = client.get(sub(place.elsewhere, "poster_qr_png"), **MONTCLAIR)
    assert decoded(own) == ["http://montclair.localhost/fr/bancs/"]


def test_posters_are_read_only(client, place):
    for name in ("poster", "poster_qr_svg", "poster_qr_png"):
        assert client.post(sub(place.consultation, name), **BELVAL).status_code == 405, name
        assert client.head(sub(place.consultation, name), **BELVAL).status_code == 200, name


def test_the_print_stylesheet_prints_the_poster_alone_on_a4():
    from django.contrib.staticfiles import finders

    with open(finders.find("css/agora.css"), encoding="utf-8") as stylesheet:
        css = stylesheet.read()
    print_rules = css[css.index("@media print") :]
    assert "@page { size: A4" in print_rules
    assert ".page-poster .site-header" in print_rules
