"""System checks about the database a deployment runs on (`manage.py check --deploy --database default`) and
where its files are stored.

Autovacuum is what keeps PostgreSQL's statistics current. With it off nothing analyzes a growing table, and
every long-lived connection keeps the plans it made while the table was small: the foreign-key checks of each
timeline event, outbox message and rollup row then scan the whole complaint table (measured on the intake
benchmark: 790 complaints/s falling to 330/s within 20,000 complaints). A CI cluster may turn it off; production
must not."""

from django.core import checks
from django.db import connections


@checks.register(checks.Tags.database, deploy=True)
def autovacuum_on(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    found = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute("SHOW autovacuum")
            if cursor.fetchone()[0] != "on":
                found.append(checks.Warning(
                    f"PostgreSQL autovacuum is off on database {alias!r}.",
                    hint="Turn it on (autovacuum = on in postgresql.conf): without it no table is analyzed, plans go "
                         "stale as complaints grow, and foreign-key checks end up scanning the complaint table.",
                    id="shikayat.W001"))
    return found


@checks.register(checks.Tags.files)
def object_storage_named(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """SHIKAYAT_STORAGE=s3 without a bucket would fail on the first upload; say so at start-up instead."""
    from django.conf import settings

    options = settings.STORAGES.get("default", {}).get("OPTIONS", {})
    if settings.STORAGES.get("default", {}).get("BACKEND") == "storages.backends.s3.S3Storage" \
            and not options.get("bucket_name"):
        return [checks.Warning("SHIKAYAT_STORAGE is s3 but no bucket is named: no file can be stored.",
                               hint="Set SHIKAYAT_S3_BUCKET (and SHIKAYAT_S3_ENDPOINT_URL for MinIO or Ceph RGW).",
                               id="shikayat.W020")]
    return []
