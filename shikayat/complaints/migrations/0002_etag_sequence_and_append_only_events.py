"""The E-tag sequence (PostgreSQL) or counter row (SQLite), and a database
guard that keeps the timeline append-only on PostgreSQL."""

from django.db import migrations

PG_FORWARD = [
    "CREATE SEQUENCE IF NOT EXISTS complaints_etag_seq START 1",
    """
    CREATE OR REPLACE FUNCTION complaints_event_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'complaint timeline events are append-only';
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER complaints_event_no_update_delete
    BEFORE UPDATE OR DELETE ON complaints_complaintevent
    FOR EACH ROW EXECUTE FUNCTION complaints_event_append_only()
    """,
]
PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS complaints_event_no_update_delete ON complaints_complaintevent",
    "DROP FUNCTION IF EXISTS complaints_event_append_only()",
    "DROP SEQUENCE IF EXISTS complaints_etag_seq",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_FORWARD:
            schema_editor.execute(statement)
    else:
        apps.get_model("complaints", "ETagCounter").objects.get_or_create(name="etag", defaults={"value": 0})


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
