"""System checks about the database a deployment runs on (`manage.py check --deploy --database default`) and
where its files are stored.

Autovacuum is what keeps PostgreSQL's statistics current. With it off nothing analyzes a growing table, and
every long-lived connection keeps the plans it made while the table was small: the foreign-key checks of each
timeline event, outbox message and rollup row then scan the whole complaint table (measured on the intake
benchmark: 790 complaints/s falling to 330/s within 20,000 complaints). A CI cluster may turn it off; production
must not."""

from django.conf import settings
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


@checks.register(deploy=True)  # reads settings only: no --database needed
def pooler_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Behind PgBouncer in transaction pooling mode, a server session serves one transaction of a client and then
    another client's: what lives in a session — a prepared statement, a cursor WITH HOLD — is gone or someone
    else's on the next transaction ("prepared statement … does not exist")."""
    if settings.SHIKAYAT.get("DB_POOLER") != "pgbouncer":
        return []
    found = []
    for alias, database in settings.DATABASES.items():
        if database["ENGINE"] != "shikayat.core.postgresql":
            continue
        if database.get("OPTIONS", {}).get("prepare_threshold") is not None:
            found.append(checks.Warning(
                f"Database {alias!r} is reached through PgBouncer (SHIKAYAT_DB_POOLER=pgbouncer) with psycopg's "
                f"prepare_threshold set.",
                hint="Set SHIKAYAT_DB_PREPARE_THRESHOLD=off, unless PgBouncer is 1.21 or newer with "
                     "max_prepared_statements set (Debian 12's is 1.18).", id="shikayat.W002"))
        if not database.get("DISABLE_SERVER_SIDE_CURSORS"):
            found.append(checks.Warning(
                f"Database {alias!r} is reached through PgBouncer with server-side cursors on.",
                hint="Set DISABLE_SERVER_SIDE_CURSORS = True (production settings do with SHIKAYAT_DB_POOLER).",
                id="shikayat.W003"))
    if settings.SHIKAYAT.get("DB_PREPARED"):
        found.append(checks.Warning(
            "Intake's statements are prepared (SHIKAYAT_DB_PREPARED) behind PgBouncer (SHIKAYAT_DB_POOLER=pgbouncer).",
            hint="Set SHIKAYAT_DB_PREPARED=0, unless PgBouncer is 1.21 or newer with max_prepared_statements set.",
            id="shikayat.W002"))
    return found
