"""Word search newest first reads only the latest days' matches: the
full-text index also holds each complaint's day of receipt (btree_gin), so
one index scan finds the complaints that have the words and were received
on or after a day, and only those rows are read from the table and sorted
(inbox.page widens the window until the page is full). It replaces the
full-text index of 0003: a search without a day uses it the same way.

`shikayat_day` is the whole days since 1970-01-01 UTC: the same in every
time zone, so PostgreSQL may index it (extract on a timestamptz is only
marked stable)."""

from django.db import migrations

INDEX, OLD_INDEX = "complaint_search_day_idx", "complaint_search_idx"
FUNCTION = ("CREATE OR REPLACE FUNCTION shikayat_day(timestamptz) RETURNS integer LANGUAGE sql IMMUTABLE "
            "PARALLEL SAFE AS $$ SELECT floor(extract(epoch FROM $1) / 86400)::integer $$")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    schema_editor.execute(FUNCTION)
    schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON complaints_complaint "
                          "USING gin (search, shikayat_day(received_at))")
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {OLD_INDEX}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {OLD_INDEX} ON complaints_complaint "
                          "USING gin (search)")
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
    schema_editor.execute("DROP FUNCTION IF EXISTS shikayat_day(timestamptz)")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("complaints", "0012_fewer_indexes")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
