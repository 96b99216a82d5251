"""Remove the placeholder "Welcome" page and site that Wagtail's first migration creates.

Communes are created by `create_commune` (or the demo), each with its own Site.
"""

from django.db import migrations


def remove_welcome_page(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    ContentType = apps.get_model("contenttypes", "ContentType")

    generic_page_type = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    if generic_page_type is None:
        return
    welcome = Page.objects.filter(
        depth=2, content_type=generic_page_type, slug="home", numchild=0
    ).first()
    if welcome is None:
        return
    Site.objects.filter(root_page=welcome).delete()
    welcome.delete()
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        root.numchild = Page.objects.filter(depth=2, path__startswith=root.path).count()
        root.save(update_fields=["numchild"])


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(remove_welcome_page, migrations.RunPython.noop)]
