"""Each fingerprint keeps its trigram hashes (normalise.gram_hashes) and whether its complaint was merged, so the
candidate query reads one table and scores each candidate by comparing two small integer arrays (intarray's `&`)
instead of pg_trgm re-reading both texts: at a million complaints, a busy station's 200 candidates cost 7 ms with
similarity() and under 2 ms so (bench/duplicates.py).

On PostgreSQL the existing rows are filled by one UPDATE with similar_grams(text), the same hashes computed from
pg_trgm's show_trgm() (tests/test_similar.py checks that the two agree); on SQLite in Python."""

from django.db import migrations, models

import shikayat.similar.models

GRAMS_SQL = """
CREATE OR REPLACE FUNCTION similar_grams(skeleton text) RETURNS integer[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(sort(uniq(sort(array_agg(('x' || left(md5(gram), 8))::bit(32)::integer)))), '{}')
    FROM unnest(show_trgm(skeleton)) AS gram
$$
"""


def fill(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS intarray")
        schema_editor.execute(GRAMS_SQL)
        schema_editor.execute(
            "UPDATE similar_fingerprint f SET grams = similar_grams(f.skeleton), merged = (c.status = 'merged') "
            "FROM complaints_complaint c WHERE c.id = f.complaint_id")
        return
    from shikayat.similar.normalise import gram_hashes

    Fingerprint = apps.get_model("similar", "Fingerprint")
    merged = set(apps.get_model("complaints", "Complaint").objects.filter(status="merged").values_list("pk", flat=True))
    rows = list(Fingerprint.objects.only("complaint_id", "skeleton"))
    for row in rows:
        row.grams, row.merged = gram_hashes(row.skeleton), row.complaint_id in merged
    Fingerprint.objects.bulk_update(rows, ["grams", "merged"], batch_size=500)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS similar_grams(text)")


class Migration(migrations.Migration):
    dependencies = [("similar", "0002_pg_trgm"), ("complaints", "0016_contact_attempts_db_default")]
    operations = [
        migrations.AddField("fingerprint", "grams", shikayat.similar.models.GramsField(default=list)),
        migrations.AddField("fingerprint", "merged", models.BooleanField(default=False)),
        migrations.RunPython(fill, drop),
    ]
