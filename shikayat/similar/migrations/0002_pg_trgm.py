"""PostgreSQL scores the candidates' text with pg_trgm's similarity() (search.scan); SQLite scores them in
Python with the same measure, so it needs nothing here."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class Migration(migrations.Migration):
    dependencies = [("similar", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
