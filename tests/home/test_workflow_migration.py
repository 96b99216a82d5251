"""Communes installed before publication workflows get theirs on upgrade.

The commune is set up as the previous release did (editors publish, moderators do not
edit, no workflow of its own); the database goes back to the migration before and
forward again.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import GroupPagePermission, Task, Workflow, WorkflowPage

from home.services import create_commune

BEFORE = ("home", "0005_french_workflow_and_group_names")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def codenames(group, pages):
    return set(
        GroupPagePermission.objects.filter(group=group, page__in=pages).values_list(
            "permission__codename", flat=True
        )
    )


def as_the_previous_release_made_it(commune, pages):
    WorkflowPage.objects.filter(page__in=pages).delete()
    Task.objects.filter(name__endswith="Valmont").delete()
    commune.workflow.delete()
    GroupPagePermission.objects.filter(
        group=commune.moderators, permission__codename="change_page"
    ).delete()
    publish = GroupPagePermission.objects.filter(
        group=commune.moderators, permission__codename="publish_page"
    ).first()
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=commune.editors, page=page, permission=publish.permission)
        for page in pages
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_installed_commune_gets_its_workflow_and_its_editors_stop_publishing():
    commune = create_commune(name="Valmont", hostname="valmont.example.org", languages=["fr", "en"])
    pages = list(commune.home_pages.values())
    as_the_previous_release_made_it(commune, pages)
    assert "publish_page" in codenames(commune.editors, pages)

    _migrate([BEFORE])
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert codenames(commune.editors, pages) == {
        "add_page",
        "change_page",
        "lock_page",
        "unlock_page",
    }
    assert codenames(commune.moderators, pages) == {
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    }
    workflow = Workflow.objects.get(name="Publication — Valmont")
    assert {page.pk for page in pages} == set(
        workflow.workflow_pages.values_list("page_id", flat=True)
    )
    [task] = [task.specific for task in workflow.tasks]
    assert task.name == "Validation par les modérateurs — Valmont"
    assert list(task.groups.all()) == [commune.moderators]
