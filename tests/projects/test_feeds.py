"""Atom feeds of a project and of the projects index, each commune its own."""

from datetime import timedelta

import pytest
from django.utils import timezone

from projects.factories import make_project, updates
from projects.models import ProjectUpdate

from .helpers import ATOM, HOST, MONTCLAIR, entry_titles, parse_atom, sub, translate

pytestmark = pytest.mark.django_db


def test_a_project_feed_is_valid_atom_newest_first(client, orchard):
    ProjectUpdate.objects.create(
        page=orchard,
        date=timezone.localdate() - timedelta(days=20),
        title="Plus ancien",
        body="<p>Avant.</p>",
    )
    root = parse_atom(client.get(sub(orchard, "feed"), **HOST))
    assert root.find(f"{ATOM}title").text == "Un verger partagé — Ville de Belval"
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Ville de Belval"
    self_link = root.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == f"http://belval.localhost{sub(orchard, 'feed')}"
    assert entry_titles(root) == ["Les études commencent", "Plus ancien"]
    entry = root.find(f"{ATOM}entry")
    link = entry.find(f"{ATOM}link").get("href")
    assert link.startswith(f"http://belval.localhost{orchard.url}#update-")
    assert "Un géomètre est passé au parc." in entry.find(f"{ATOM}summary").text


def test_the_index_feed_gathers_the_updates_of_the_communes_projects(
    client, orchard, belval_index, montclair_index
):
    make_project(
        index=belval_index,
        title="Bancs",
        updates=updates((-1, "Bancs posés", "Trois bancs.")),
    )
    make_project(
        index=montclair_index,
        title="Passerelle",
        updates=updates((-1, "Passerelle ouverte", "Elle est ouverte.")),
    )
    belval_feed = parse_atom(client.get(sub(belval_index, "feed"), **HOST))
    montclair_feed = parse_atom(client.get(sub(montclair_index, "feed"), **MONTCLAIR))
    assert entry_titles(belval_feed) == [
        "Bancs — Bancs posés",
        "Un verger partagé — Les études commencent",
    ]
    assert entry_titles(montclair_feed) == ["Passerelle — Passerelle ouverte"]
    for entry in belval_feed.findall(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}link").get("href").startswith("http://belval.localhost/")


def test_a_communes_feeds_cannot_be_reached_from_another_commune(
    client, orchard, belval_index, montclair_index
):
    montclair_project = make_project(index=montclair_index, title="Passerelle")
    assert client.get(sub(montclair_project, "feed"), **HOST).status_code == 404
    assert client.get(sub(orchard, "feed"), **MONTCLAIR).status_code == 404
    # Same path, other host: each commune's own index answers.
    assert entry_titles(parse_atom(client.get(sub(montclair_index, "feed"), **MONTCLAIR))) == []


def test_an_unpublished_project_is_not_in_the_feed(client, belval_index):
    make_project(
        index=belval_index,
        title="Brouillon",
        publish=False,
        updates=updates((-1, "Secret", "Pas encore public.")),
    )
    assert entry_titles(parse_atom(client.get(sub(belval_index, "feed"), **HOST))) == []


def test_the_english_feed_speaks_english(client, orchard, belval_index):
    translate(belval_index)
    english = translate(orchard)
    root = parse_atom(client.get(sub(english, "feed"), **HOST))
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert entry_titles(root) == ["Les études commencent [en]"]
