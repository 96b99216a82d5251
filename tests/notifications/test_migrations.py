"""Follows moved from the projects app to this one without touching their table.

The upgrade is replayed on the test database: back to the migrations of the
release where projects owned `Follow`, a follow written there with that release's
model, then forward again. The move changes Django's state only, so going back and
forth is cheap and the row must come through untouched.
"""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from notifications.models import Follow
from notifications.queries import is_following

BEFORE_THE_MOVE = ("projects", "0002_alter_projectpage_body")
MOVE = [("projects", "0003_follow_moves_to_notifications"), ("notifications", "0001_initial")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def test_a_fresh_database_creates_the_table_before_notifications_takes_it_over():
    plan = MigrationLoader(None).graph.forwards_plan(MOVE[1])
    created = plan.index(("projects", "0001_initial"))
    assert created < plan.index(MOVE[0]) < plan.index(MOVE[1])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_existing_follow_survives_the_upgrade(orchard, citizen):
    executor = _migrate([BEFORE_THE_MOVE])
    try:
        old_apps = executor.loader.project_state([BEFORE_THE_MOVE]).apps
        with pytest.raises(LookupError):
            old_apps.get_model("notifications", "Follow")
        OldFollow = old_apps.get_model("projects", "Follow")
        assert OldFollow._meta.db_table == Follow._meta.db_table == "projects_follow"
        old = OldFollow.objects.create(user_id=citizen.pk, page_id=orchard.pk)
        # The release before the move had the content type under projects, with its
        # permissions, which may be given to groups.
        ContentType.objects.filter(app_label="notifications", model="follow").delete()
        content_type, _created = ContentType.objects.get_or_create(
            app_label="projects", model="follow"
        )
        permission, _created = Permission.objects.get_or_create(
            content_type=content_type, codename="view_follow", name="Can view follow"
        )
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    follow = Follow.objects.get()
    assert (follow.pk, follow.user_id, follow.page_id) == (old.pk, citizen.pk, orchard.pk)
    assert follow.created_at == old.created_at
    assert is_following(citizen, orchard)
    moved = ContentType.objects.get(pk=content_type.pk)
    assert (moved.app_label, moved.model) == ("notifications", "follow")
    assert moved.model_class() is Follow
    assert Permission.objects.get(pk=permission.pk).content_type_id == moved.pk
    executor = MigrationExecutor(connection)
    assert not executor.migration_plan(executor.loader.graph.leaf_nodes())
