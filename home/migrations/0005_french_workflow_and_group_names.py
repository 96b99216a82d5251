"""Name in French what the admin shows by name: Wagtail's default workflow and its task
("Soumettre au workflow « Validation par les modérateurs »" rather than "Moderators
approval"), and the communes' groups (`home.services.create_commune` now names them so).

Only names change, and only names still as created: a workflow renamed by its
administrators is left alone.
"""

from django.db import migrations

WORKFLOW_NAMES = [("Moderators approval", "Validation par les modérateurs")]
GROUP_SUFFIXES = [(" — editors", " — rédacteurs"), (" — moderators", " — modérateurs")]


def _rename(apps, *, reverse: bool):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Group = apps.get_model("auth", "Group")
    for english, french in WORKFLOW_NAMES:
        old, new = (french, english) if reverse else (english, french)
        Workflow.objects.filter(name=old).update(name=new)
        Task.objects.filter(name=old).update(name=new)
    for english, french in GROUP_SUFFIXES:
        old, new = (french, english) if reverse else (english, french)
        for group in Group.objects.filter(name__endswith=old):
            renamed = group.name.removesuffix(old) + new
            if not Group.objects.filter(name=renamed).exists():
                group.name = renamed
                group.save(update_fields=["name"])


def to_french(apps, schema_editor):
    _rename(apps, reverse=False)


def to_english(apps, schema_editor):
    _rename(apps, reverse=True)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_alter_homepage_body_alter_standardpage_body"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(to_french, to_english)]
