"""Full-text search for the officers' lists on PostgreSQL: a stored,
generated `search` column (words of the complainant's name and the
description) with a GIN index. The 'simple' configuration (no stemming, no
stop words) treats English, Urdu and Hindi alike. Storing the vector keeps
a scan along the date index cheap when the words are common (no
to_tsvector per row). The model does not declare the column: it is written
by PostgreSQL and read only by inbox.search. SQLite searches with LIKE."""

from django.db import migrations

INDEX = "complaint_search_idx"
ADD = ("ALTER TABLE complaints_complaint ADD COLUMN IF NOT EXISTS search tsvector GENERATED ALWAYS AS "
       "(to_tsvector('simple', complainant_name || ' ' || description)) STORED")
CREATE = f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON complaints_complaint USING gin (search)"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD)
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
        schema_editor.execute("ALTER TABLE complaints_complaint DROP COLUMN IF EXISTS search")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("complaints", "0002_etag_sequence_and_append_only_events")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
