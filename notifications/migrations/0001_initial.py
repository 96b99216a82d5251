# Follows moved here from the projects app, which created their table
# ("projects_follow") in its 0001_initial and let go of the model in 0003. The table
# stays as it is, rows included: this migration only adds the model to this app's
# state, and renames the model's content type so that permissions and admin log
# entries that name it stay attached.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    if not content_types.filter(app_label='notifications', model='follow').exists():
        content_types.filter(app_label='projects', model='follow').update(app_label='notifications')


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    if not content_types.filter(app_label='projects', model='follow').exists():
        content_types.filter(app_label='notifications', model='follow').update(app_label='projects')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('projects', '0003_follow_moves_to_notifications'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Follow',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='followed since')),
                        ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follows', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='page')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follows', to=settings.AUTH_USER_MODEL, verbose_name='citizen')),
                    ],
                    options={
                        'verbose_name': 'follow',
                        'verbose_name_plural': 'follows',
                        'db_table': 'projects_follow',
                        'constraints': [models.UniqueConstraint(fields=('user', 'page'), name='one_follow_per_page')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
