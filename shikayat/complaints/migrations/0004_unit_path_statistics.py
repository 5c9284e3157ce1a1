"""PostgreSQL plans the officers' lists from the distribution of unit_path.
A force has hundreds of stations, more than the default 100 most-common
values, and without them a station's share of the table is guessed as one
row, which picks a nested loop over every unit. Keep 1000 values."""

from django.db import migrations


def raise_target(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE complaints_complaint ALTER COLUMN unit_path SET STATISTICS 1000")
        schema_editor.execute("ANALYZE complaints_complaint")


def reset_target(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE complaints_complaint ALTER COLUMN unit_path SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [("complaints", "0003_text_search_index")]
    operations = [migrations.RunPython(raise_target, reset_target, elidable=False)]
