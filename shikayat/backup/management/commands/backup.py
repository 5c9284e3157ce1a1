from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from shikayat.backup import database, operations
from shikayat.backup.console import bars, sayer
from shikayat.backup.errors import BackupError


class Command(BaseCommand):
    help = (
        "Back up the database and every stored file into a new folder: the database (PostgreSQL: pg_dump "
        "--format=custom inside an exported snapshot; SQLite: the online backup API — both consistent while the "
        "site runs), every object of the default storage (local MEDIA_ROOT or the S3 bucket) under files/, and "
        "manifest.json (time, commit, engine, every table's row count, every file's name, size and SHA-256), "
        "written last. Check a backup with `manage.py restore --from DIR --check`. The folder holds citizens' "
        "personal data: encrypt it at rest and keep it where only the force's administrators can read it. "
        "Point-in-time recovery is PostgreSQL's (base backup + WAL archiving), see README \"Backup and restore\". "
        "Example: manage.py backup --to /srv/backups/shikayat-$(date +%F)"
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, metavar="DIR",
                            help="A new (or empty) folder to write the backup into.")
        parser.add_argument("--database-url", metavar="URL",
                            help="Back up this database instead of DATABASE_URL — e.g. PostgreSQL itself when "
                                 "DATABASE_URL goes through PgBouncer (pg_dump needs a session, not a pooled "
                                 "transaction).")

    def handle(self, *args, to: str, database_url: str | None, verbosity: int, **options):
        say = sayer(self, verbosity)
        try:
            source = (database.settings_from_url(database_url) if database_url
                      else dict(connections["default"].settings_dict))
            with bars(verbosity) as progress:
                content = operations.take(Path(to), source=source, progress=progress, say=say)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(entry["rows"] for entry in content["tables"].values())
        self.stdout.write(f"Backup complete: {to} — {content['database']['engine']} database, "
                          f"{len(content['tables'])} tables, {rows} rows; {len(content['files'])} files"
                          + (f"; {len(content['missing_files'])} referenced file(s) MISSING from the storage"
                             if content["missing_files"] else "") + ".")
