"""The search backend comes from the environment; the site search's filters suit every backend."""

import json

import pytest
from django.db import connection
from django.test import RequestFactory
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchQueryCompiler
from wagtail.models import PageViewRestriction

from config.settings.search_backends import search_backends
from consultations.factories import ProposalFactory, make_consultation
from search.query import parse
from search.results import SiteSearch

SQLITE = "django.db.backends.sqlite3"
POSTGRES = "django.db.backends.postgresql"


def test_the_database_backend_by_default(monkeypatch):
    monkeypatch.delenv("OPENSEARCH_URL", raising=False)
    assert search_backends(database_engine=SQLITE) == {
        "default": {"BACKEND": "wagtail.search.backends.database"}
    }


def test_postgresql_searches_with_the_french_unaccented_configuration(monkeypatch):
    monkeypatch.delenv("OPENSEARCH_URL", raising=False)
    backend = search_backends(database_engine=POSTGRES)["default"]
    assert backend == {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "agora_french",
    }


def test_opensearch_when_its_url_is_set(monkeypatch):
    monkeypatch.setenv("OPENSEARCH_URL", "https://agora:secret@search.internal:9200")
    monkeypatch.setenv("OPENSEARCH_INDEX_PREFIX", "belval_")
    backend = search_backends(database_engine=POSTGRES)["default"]
    assert backend["BACKEND"] == "wagtail.search.backends.opensearch3"
    assert backend["URLS"] == ["https://agora:secret@search.internal:9200"]
    assert backend["INDEX_PREFIX"] == "belval_"
    analyzer = backend["INDEX_SETTINGS"]["settings"]["analysis"]["analyzer"]["default"]
    assert "asciifolding" in analyzer["filter"]
    assert "french_stemmer" in analyzer["filter"]
    monkeypatch.setenv("OPENSEARCH_BACKEND", "wagtail.search.backends.opensearch2")
    assert search_backends(database_engine=SQLITE)["default"]["BACKEND"].endswith("opensearch2")


@pytest.mark.django_db
def test_the_scoped_querysets_compile_to_opensearch_filters(belval, montclair):
    """Every filter of the site search is a FilterField OpenSearch can apply."""
    private = make_consultation(parent=belval.home, title="Réservé", slug="reserve")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    ProposalFactory(page=private, title="Une idée")
    request = RequestFactory().get("/fr/search/", HTTP_HOST="belval.localhost")
    site_search = SiteSearch(request, parse('jardins "place du marché"'))
    compiled = {}
    for kind, queryset in site_search.querysets().items():
        compiler = ElasticsearchBaseSearchQueryCompiler(queryset, site_search.input.backend_query())
        compiled[kind] = json.dumps(compiler.get_query(), default=str)
    assert '"is_hidden_filter": false' in compiled["proposals"]
    assert "page_id_filter" in compiled["proposals"]
    assert "status_filter" in compiled["proposals"]
    assert "path_filter" in compiled["pages"]
    assert "locale_id_filter" in compiled["pages"]
    assert '"live_filter": true' in compiled["pages"]
    assert "jardin" in compiled["pages"]
    assert "place du march" in compiled["pages"]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgresql_configuration_folds_accents_and_plurals():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('agora_french', 'L''École des jardins et du cœur')::text"
        )
        vector = cursor.fetchone()[0]
    assert "'ecol'" in vector
    assert "'jardin'" in vector
    assert "'coeur'" in vector
