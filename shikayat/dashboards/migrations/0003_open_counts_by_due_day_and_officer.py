import datetime

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """OpenCount drops the category and gains the day the report is due (overdue from the rollups);
    OfficerOpen counts what each officer holds. Old rows are dropped: `manage.py rebuild_rollups`."""

    dependencies = [
        ("dashboards", "0002_subtree_rows_bands_officers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL("DELETE FROM dashboards_opencount", migrations.RunSQL.noop),
        migrations.RemoveConstraint(model_name="opencount", name="open_count_key"),
        migrations.RemoveField(model_name="opencount", name="category"),
        migrations.AddField(model_name="opencount", name="due_day",
                            field=models.DateField(default=datetime.date(2000, 1, 1)), preserve_default=False),
        migrations.AddConstraint(
            model_name="opencount",
            constraint=models.UniqueConstraint(fields=("unit", "status", "received_day", "due_day"),
                                               name="open_count_key"),
        ),
        migrations.CreateModel(
            name="OfficerOpen",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("received_day", models.DateField()),
                ("due_day", models.DateField()),
                ("count", models.BigIntegerField(db_default=0, default=0)),
                ("officer", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                              to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("officer", "received_day", "due_day"),
                                                        name="officer_open_key")],
            },
        ),
    ]
