"""Open Graph and Twitter card metadata, the canonical address and hreflang links."""

import pytest

from .conftest import BELVAL, BELVAL_ROOT, head_of, make_image, meta, path_of, sub

pytestmark = pytest.mark.django_db


def test_a_consultation_describes_itself_to_networks(client, place):
    response = client.get(path_of(place.consultation), **BELVAL)
    assert response.status_code == 200
    url = f"{BELVAL_ROOT}/fr/place-du-marche/"
    assert meta(response, "og:title") == ["Aménagement de la place du marché"]
    assert meta(response, "og:description") == [
        "La place du marché sera réaménagée en 2027. Proposez vos idées."
    ]
    assert meta(response, "og:url") == [url]
    assert meta(response, "og:type") == ["article"]
    assert meta(response, "og:site_name") == ["Ville de Belval"]
    assert meta(response, "og:locale") == ["fr_FR"]
    assert meta(response, "og:locale:alternate") == ["en_GB"]
    assert meta(response, "twitter:card") == ["summary"]
    assert meta(response, "og:image") == []  # no picture, no logo
    head = head_of(response)
    assert f'<link rel="canonical" href="{url}">' in head
    assert f'<link rel="alternate" hreflang="fr" href="{url}">' in head
    assert f'<link rel="alternate" hreflang="en" href="{BELVAL_ROOT}/en/market-square/">' in head


def test_the_translation_names_its_own_language_and_address(client, place):
    response = client.get(path_of(place.consultation_en), **BELVAL)
    assert response.status_code == 200
    assert meta(response, "og:title") == ["Market square"]
    assert meta(response, "og:url") == [f"{BELVAL_ROOT}/en/market-square/"]
    assert meta(response, "og:locale") == ["en_GB"]
    assert meta(response, "og:locale:alternate") == ["fr_FR"]
    assert meta(response, "og:description") == [
        "The market square is redesigned in 2027. Share your ideas."
    ]


def test_the_home_page_is_the_website(client, place):
    response = client.get("/de/", **BELVAL)
    assert meta(response, "og:type") == ["website"]
    assert meta(response, "og:url") == [f"{BELVAL_ROOT}/de/"]
    assert meta(response, "og:locale") == ["de_DE"]
    assert sorted(meta(response, "og:locale:alternate")) == ["en_GB", "fr_FR", "nl_NL"]


def test_a_budget_a_project_and_a_standard_page_carry_the_metadata(client, place):
    for page in (place.budget, place.project, place.index, place.standard):
        response = client.get(path_of(page), **BELVAL)
        assert response.status_code == 200, page
        assert meta(response, "og:title") == [page.title]
        assert meta(response, "og:url") == [BELVAL_ROOT + path_of(page)]
        assert meta(response, "og:type") == ["article"]
        assert meta(response, "og:site_name") == ["Ville de Belval"]
        assert meta(response, "twitter:card"), page


def test_a_project_is_shared_with_its_first_picture(client, place):
    response = client.get(path_of(place.project), **BELVAL)
    assert meta(response, "og:description") == ["Les travaux de la place, étape par étape."]
    [image] = meta(response, "og:image")
    assert image.startswith(f"{BELVAL_ROOT}/")
    assert image.endswith(".png")
    assert meta(response, "og:image:alt") == ["La place pendant les travaux"]
    assert meta(response, "og:image:width") == ["1200"]
    assert meta(response, "og:image:height") == ["630"]
    assert meta(response, "twitter:card") == ["summary_large_image"]


def test_the_communes_logo_stands_in_for_a_page_without_picture(client, place):
    settings = place.belval.settings
    settings.logo = make_image("Logo de Belval", description="Blason de Belval")
    settings.save()
    response = client.get(path_of(place.consultation), **BELVAL)
    [image] = meta(response, "og:image")
    assert image.startswith(f"{BELVAL_ROOT}/")
    assert meta(response, "og:image:alt") == ["Blason de Belval"]
    # A logo is shown whole, in the small card.
    assert meta(response, "twitter:card") == ["summary"]


def test_a_proposal_is_shared_with_its_own_title_and_text(client, place):
    proposal = place.proposal
    response = client.get(sub(place.consultation, "proposal", proposal.pk), **BELVAL)
    assert response.status_code == 200
    assert meta(response, "og:title") == ["Des arbres & des bancs ?"]
    assert meta(response, "og:description") == ["De l'ombre pour l'été."]
    assert meta(response, "og:url") == [
        f"{BELVAL_ROOT}/fr/place-du-marche/proposals/{proposal.pk}/"
    ]


def test_the_canonical_address_drops_the_query_and_keeps_the_sub_page(client, place):
    response = client.get(sub(place.consultation, "proposals") + "?sort=supports", **BELVAL)
    assert meta(response, "og:url") == [f"{BELVAL_ROOT}/fr/place-du-marche/proposals/"]


def test_addresses_are_the_sites_own_whatever_the_host_used(client, place):
    response = client.get(path_of(place.consultation), HTTP_HOST="localhost")
    assert response.status_code == 200
    assert meta(response, "og:url") == [f"{BELVAL_ROOT}/fr/place-du-marche/"]
    assert "localhost/fr" not in head_of(response).replace("belval.localhost/fr", "")


def test_a_page_not_found_has_no_address_to_share(client, place):
    response = client.get("/fr/nulle-part/", **BELVAL)
    assert response.status_code == 404
    assert meta(response, "og:url") == []
    assert 'rel="canonical"' not in head_of(response)
