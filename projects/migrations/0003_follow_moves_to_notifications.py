# Follows belong to the notifications app from now on. Its model keeps this app's
# table (db_table = "projects_follow"), so nothing changes in the database: the model
# only leaves this app's state here, and notifications' 0001_initial takes it over.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0002_alter_projectpage_body'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='Follow',
                ),
            ],
            database_operations=[],
        ),
    ]
