from django.db import migrations

TABLES = ("dashboards_dailyrollup", "dashboards_categorydaily", "dashboards_channeldaily", "dashboards_officerrollup",
          "dashboards_opencount", "dashboards_officeropen")


def tune(apps, schema_editor):
    """Today's rows (a province's above all) are updated by every action in the force: leave room on each
    page for HOT updates, and vacuum after a few thousand dead versions rather than a fifth of the table,
    so the upsert's conflict lookup never walks long chains of dead row versions."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0, "
                              f"autovacuum_vacuum_threshold = 2000, autovacuum_vacuum_cost_delay = 0)")


class Migration(migrations.Migration):
    dependencies = [("dashboards", "0004_daily_rows_per_unit_and_breakdowns")]
    operations = [migrations.RunPython(tune, migrations.RunPython.noop)]
