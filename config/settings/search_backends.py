"""Which Wagtail search backend serves the site, from the environment.

- `OPENSEARCH_URL` set: OpenSearch (`wagtail.search.backends.opensearch3`, or
  `OPENSEARCH_BACKEND=wagtail.search.backends.opensearch2` for an OpenSearch 2
  cluster). The deployment installs the matching client (`pip install
  "opensearch-py>=3,<4"`, or `>=2,<3`); it is not a dependency of Agora. Text
  fields use a French analyser that folds accents (asciifolding) and plurals
  (light_french stemmer) and drops elisions ("l'école" -> "ecole") and stop words.
- otherwise Wagtail's database backend, which picks its engine by database:
  SQLite FTS5, or PostgreSQL full-text search with the `agora_french`
  configuration (unaccent + French stemming) that the `search` app's migration
  creates.

The search code is the same for all of them (see search/results.py).
"""

from .env import env_int, env_str

POSTGRES_ENGINES = {"django.db.backends.postgresql", "django.contrib.gis.db.backends.postgis"}
POSTGRES_SEARCH_CONFIG = "agora_french"

# OpenSearch text analysis: every text field without an analyser of its own
# (Wagtail sets none on SearchFields) gets the index's "default" analyser.
FRENCH_ANALYSIS = {
    "filter": {
        "french_elision": {
            "type": "elision",
            "articles_case": True,
            "articles": [
                "l",
                "m",
                "t",
                "qu",
                "n",
                "s",
                "j",
                "d",
                "c",
                "jusqu",
                "quoiqu",
                "lorsqu",
                "puisqu",
            ],
        },
        "french_stop": {"type": "stop", "stopwords": "_french_"},
        "french_stemmer": {"type": "stemmer", "language": "light_french"},
    },
    "analyzer": {
        "default": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [
                "french_elision",
                "lowercase",
                "asciifolding",
                "french_stop",
                "french_stemmer",
            ],
        },
    },
}


def search_backends(*, database_engine: str) -> dict:
    """The WAGTAILSEARCH_BACKENDS setting for this environment."""
    opensearch_url = env_str("OPENSEARCH_URL")
    if opensearch_url:
        return {
            "default": {
                "BACKEND": env_str("OPENSEARCH_BACKEND", "wagtail.search.backends.opensearch3"),
                "URLS": [opensearch_url],
                "INDEX_PREFIX": env_str("OPENSEARCH_INDEX_PREFIX", "agora_"),
                "TIMEOUT": env_int("OPENSEARCH_TIMEOUT", 5),
                "INDEX_SETTINGS": {"settings": {"analysis": FRENCH_ANALYSIS}},
            }
        }
    backend = {"BACKEND": "wagtail.search.backends.database"}
    if database_engine in POSTGRES_ENGINES:
        backend["SEARCH_CONFIG"] = POSTGRES_SEARCH_CONFIG
    return {"default": backend}
