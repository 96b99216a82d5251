"""Every commune publishes through its own workflow: editors submit, the commune's
moderators validate (as `home.services.create_commune` now sets communes up).

For each commune already installed: its editors no longer publish directly, its
moderators may edit (to correct a page under review and publish translations), and
a workflow "Publication — <commune>" whose only task is validation by the commune's
moderators covers its home pages in every language. A commune whose home pages
already have a workflow of their own keeps it; its groups still change.

Groups are found as `create_commune` made them: groups holding permissions on the
commune's home page, named "<name> — rédacteurs" and "<name> — modérateurs".
"""

from django.db import migrations

EDITORS = " — rédacteurs"
MODERATORS = " — modérateurs"


def _commune_groups(GroupPagePermission, home_pages):
    groups = {
        permission.group
        for permission in GroupPagePermission.objects.filter(page__in=home_pages).select_related(
            "group"
        )
    }
    editors = [group for group in groups if group.name.endswith(EDITORS)]
    moderators = [group for group in groups if group.name.endswith(MODERATORS)]
    return editors, moderators


def to_workflows(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    CommuneSettings = apps.get_model("home", "CommuneSettings")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    page_type = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")[0]
    publish = Permission.objects.filter(content_type=page_type, codename="publish_page").first()
    change = Permission.objects.filter(content_type=page_type, codename="change_page").first()
    if publish is None or change is None:
        return  # a database without Wagtail's permissions has no commune either
    task_type = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )[0]

    for commune in CommuneSettings.objects.select_related("site__root_page"):
        root = commune.site.root_page
        home_pages = list(Page.objects.filter(translation_key=root.translation_key, depth=root.depth))
        editors, moderators = _commune_groups(GroupPagePermission, home_pages)
        if len(moderators) != 1:
            continue  # not set up by create_commune: left to its administrators
        moderator_group = moderators[0]
        GroupPagePermission.objects.filter(
            group__in=editors, page__in=home_pages, permission=publish
        ).delete()
        for page in home_pages:
            GroupPagePermission.objects.get_or_create(
                group=moderator_group, page=page, permission=change
            )
        if WorkflowPage.objects.filter(page__in=home_pages).exists():
            continue
        name = moderator_group.name.removesuffix(MODERATORS)
        task = GroupApprovalTask.objects.create(
            name=f"Validation par les modérateurs — {name}", content_type=task_type, active=True
        )
        task.groups.set([moderator_group])
        workflow = Workflow.objects.create(name=f"Publication — {name}", active=True)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.bulk_create(
            WorkflowPage(workflow=workflow, page=page) for page in home_pages
        )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_french_workflow_and_group_names"),
        ("wagtailcore", "0048_add_default_workflows"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    # Going back leaves the workflows and permissions as they are: administrators may
    # have changed them since, and nothing in the older code depends on their absence.
    operations = [migrations.RunPython(to_workflows, migrations.RunPython.noop)]
