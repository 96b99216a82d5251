"""Share links: plain links, their addresses encoded, accessible names, copy the link."""

import html
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from .conftest import BELVAL, BELVAL_ROOT, path_of, sub

pytestmark = pytest.mark.django_db


def share_section(response) -> str:
    found = re.search(r'<section class="share".*?</section>', response.text, re.S)
    assert found, "no share section"
    return found.group(0)


def links(section: str) -> dict[str, dict]:
    """The share links by accessible name: address (unescaped) and attributes."""
    found = {}
    for attributes, _text in re.findall(r"<a (class=\"share__link\"[^>]*)>([^<]*)</a>", section):
        attrs = {
            name: html.unescape(value)
            for name, value in re.findall(r'([\w-]+)="([^"]*)"', attributes)
        }
        found[attrs["aria-label"]] = attrs
    return found


def test_a_consultation_offers_every_way_of_sharing_it(client, place):
    response = client.get(path_of(place.consultation_en), **BELVAL)
    url = f"{BELVAL_ROOT}/en/market-square/"
    found = links(share_section(response))
    assert set(found) == {
        "Share by e-mail",
        "Share on Facebook (new window)",
        "Share on X (new window)",
        "Share on LinkedIn (new window)",
        "Share on WhatsApp (new window)",
    }
    facebook = urlsplit(found["Share on Facebook (new window)"]["href"])
    assert (facebook.scheme, facebook.netloc) == ("https", "www.facebook.com")
    assert parse_qs(facebook.query) == {"u": [url]}
    x = urlsplit(found["Share on X (new window)"]["href"])
    assert x.netloc == "x.com"
    assert parse_qs(x.query) == {"url": [url], "text": ["Market square"]}
    linkedin = urlsplit(found["Share on LinkedIn (new window)"]["href"])
    assert parse_qs(linkedin.query) == {"url": [url]}
    whatsapp = urlsplit(found["Share on WhatsApp (new window)"]["href"])
    assert parse_qs(whatsapp.query) == {"text": [f"Market square {url}"]}
    for name, attrs in found.items():
        if name != "Share by e-mail":
            assert attrs["target"] == "_blank", name
            assert attrs["rel"] == "noopener noreferrer", name


def test_addresses_in_share_links_are_fully_encoded(client, place):
    """A title with "&", "?" and accents cannot break out of its parameter; spaces are
    %20 (mail clients show a "+" as it is)."""
    proposal = place.proposal
    response = client.get(sub(place.consultation, "proposal", proposal.pk), **BELVAL)
    url = f"{BELVAL_ROOT}/fr/place-du-marche/proposals/{proposal.pk}/"
    found = links(share_section(response))
    mail = found["Partager par e-mail"]["href"]
    assert mail.startswith("mailto:?subject=Des%20arbres%20%26%20des%20bancs%20%3F&body=")
    assert "+" not in mail
    query = parse_qs(mail.removeprefix("mailto:?"))
    assert query == {
        "subject": ["Des arbres & des bancs ?"],
        "body": [f"Des arbres & des bancs ?\n{url}"],
    }
    x = found["Partager sur X (nouvelle fenêtre)"]["href"]
    assert (
        "text=Des%20arbres%20%26%20des%20bancs%20%3F&url=" + "http%3A%2F%2Fbelval.localhost%2F" in x
    )
    assert unquote(x.split("url=")[1]) == url


def test_french_names_say_where_each_link_goes(client, place):
    section = share_section(client.get(path_of(place.consultation), **BELVAL))
    assert '<h2 id="share-title">Partager</h2>' in section
    assert set(links(section)) == {
        "Partager par e-mail",
        "Partager sur Facebook (nouvelle fenêtre)",
        "Partager sur X (nouvelle fenêtre)",
        "Partager sur LinkedIn (nouvelle fenêtre)",
        "Partager sur WhatsApp (nouvelle fenêtre)",
    }
    assert '<a href="/fr/place-du-marche/poster/">Imprimer une affiche</a>' in section


def test_without_script_the_address_is_there_to_copy(client, place):
    response = client.get(path_of(place.consultation), **BELVAL)
    section = share_section(response)
    url = f"{BELVAL_ROOT}/fr/place-du-marche/"
    assert '<label for="share-url">Lien vers cette page</label>' in section
    assert f'<input id="share-url" class="share__url" type="url" value="{url}" readonly' in section
    # The button only works with the script, which shows it.
    assert re.search(
        r"<button [^>]*data-copied=\"Lien copié\" hidden>Copier le lien</button>", section
    )
    assert '<script src="/static/js/share.js" defer></script>' in response.text


def test_budgets_projects_and_proposals_can_be_shared(client, place):
    for page in (place.budget, place.project):
        section = share_section(client.get(path_of(page), **BELVAL))
        assert f'value="{BELVAL_ROOT}{path_of(page)}"' in section
        assert f'<a href="{sub(page, "poster")}">Imprimer une affiche</a>' in section
    proposal_page = client.get(sub(place.consultation, "proposal", place.proposal.pk), **BELVAL)
    section = share_section(proposal_page)
    assert "Imprimer une affiche" not in section  # a proposal has no poster of its own


def test_a_hidden_proposal_is_not_offered_for_sharing(client, place):
    proposal = place.proposal
    proposal.status = "pending"
    proposal.save(update_fields=["status"])
    client.force_login(proposal.author)
    response = client.get(sub(place.consultation, "proposal", proposal.pk), **BELVAL)
    assert response.status_code == 200
    assert '<section class="share"' not in response.text
