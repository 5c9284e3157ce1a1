from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from shikayat.backup import database, operations
from shikayat.backup.console import bars, sayer
from shikayat.backup.errors import BackupError


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into a fresh database and a fresh storage, then verify it. "
        "Nothing is written until the targets are found empty and the backup itself is checked (the dump's and "
        "every file's SHA-256 against manifest.json). The database goes into --database-url (default: this "
        "environment's DATABASE_URL; a PostgreSQL database must exist and be empty — createdb — and is restored "
        "with pg_restore --no-owner in one transaction); the files into this environment's default storage "
        "(SHIKAYAT_STORAGE: MEDIA_ROOT or the S3 bucket). A target that already holds tables or files is refused "
        "unless --force. Then every table's row count and every file's SHA-256 (or --sample N of them), read back "
        "from the target, are compared with the manifest; any mismatch is listed and the command exits non-zero. "
        "Example: DATABASE_URL=postgres://shikayat@db/shikayat_restored manage.py restore --from /srv/backups/x"
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, metavar="DIR", help="The backup folder.")
        parser.add_argument("--database-url", metavar="URL",
                            help="Restore into this database (postgres://… or sqlite:///path) instead of "
                                 "DATABASE_URL.")
        parser.add_argument("--force", action="store_true",
                            help="Write over a target database or storage that is not empty (PostgreSQL: the "
                                 "backup's tables are dropped and recreated).")
        parser.add_argument("--sample", type=int, metavar="N",
                            help="After restoring, read back N files chosen at random instead of all of them.")
        parser.add_argument("--check", action="store_true",
                            help="Only check the backup's files against its manifest; restore nothing.")

    def handle(self, *args, source: str, database_url: str | None, force: bool, sample: int | None, check: bool,
               verbosity: int, **options):
        if sample is not None and sample < 1:
            raise CommandError("--sample must be 1 or more.")
        say = sayer(self, verbosity)
        directory = Path(source)
        try:
            with bars(verbosity) as progress:
                if check:
                    content = operations.check(directory, progress=progress, say=say)
                    self.stdout.write(f"Backup sound: {directory} — taken {content['created_at']}, commit "
                                      f"{content.get('commit')}, {len(content['files'])} files match the manifest.")
                    return
                target = (database.settings_from_url(database_url) if database_url
                          else dict(connections["default"].settings_dict))
                outcome = operations.restore(directory, target=target, force=force, sample=sample,
                                             progress=progress, say=say)
        except BackupError as error:
            raise CommandError(str(error)) from error
        summary = (f"{outcome.tables_checked} tables' row counts and {outcome.files_checked} of "
                   f"{outcome.files_written} files' SHA-256 checked against the manifest")
        if outcome.problems:
            raise CommandError(f"Restore finished with {len(outcome.problems)} mismatch(es) ({summary}):\n  "
                               + "\n  ".join(outcome.problems[:50]))
        self.stdout.write(f"Restore verified: {summary}; all equal.")
