"""PostgreSQL: the `agora_french` text search configuration used by Wagtail's search.

French stemming ("jardins" and "jardin" share a lexeme) with accents folded
first by the `unaccent` extension ("ecole" finds "École"). Where the extension
cannot be created (a managed database that refuses it), the configuration is a
plain copy of `french`: stemming without accent folding, and a warning.
Nothing happens on other databases.
"""

import logging

from django.db import DatabaseError, migrations, transaction

CONFIG = "agora_french"
logger = logging.getLogger(__name__)


def create_configuration(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [CONFIG])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.french)")
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        except DatabaseError:
            logger.warning(
                "The unaccent extension could not be created: search will not fold accents. "
                "Ask the database administrator to run CREATE EXTENSION unaccent, then migrate "
                "search zero and migrate again."
            )
            return
        cursor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
            "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem"
        )


def drop_configuration(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_configuration, drop_configuration, elidable=False)]
