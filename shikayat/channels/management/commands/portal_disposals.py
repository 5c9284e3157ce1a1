from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shikayat.channels import disposal
from shikayat.channels.models import PortalConnection


class Command(BaseCommand):
    help = (
        "Make a portal's disposal file now (the worker makes one a day for each portal whose connection is in file "
        "mode): every step of its complaints not yet in a file, up to the end of --date, in the portal's columns, "
        "as CSV and XLSX. The file is kept for the complaint cell's portals page; --out also writes both files to "
        "a folder. Steps already in a file are never put in another. Example: manage.py portal_disposals --source "
        "igrs --date 2026-12-05 --out /tmp/igrs"
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", required=True, help="The portal's source name (its PortalConnection).")
        parser.add_argument("--date", help="The last day the file covers, YYYY-MM-DD (default: yesterday).")
        parser.add_argument("--out", metavar="FOLDER", help="Also write the CSV and XLSX files to this folder.")

    def handle(self, *args, source: str, date: str | None, out: str | None, **options):
        connection = PortalConnection.objects.filter(source=source).first()
        if connection is None:
            raise CommandError(f"No portal connection “{source}” (add it in the admin).")
        if connection.mode != PortalConnection.Mode.FILE:
            self.stderr.write(f"Note: {source} is in {connection.mode} mode; only steps recorded while it was in "
                              "file mode are waiting for a file.")
        day = None
        if date:
            try:
                day = _day(date)
            except ValueError as error:
                raise CommandError(f"--date must be YYYY-MM-DD: {error}") from error
        made = disposal.make_file(source, day)
        if made is None:
            self.stdout.write(f"Nothing waiting for {source}: no file made.")
            return
        self.stdout.write(f"{source}: file {made.pk} for {made.day:%Y-%m-%d} with {made.rows} row(s).")
        if out:
            folder = Path(out)
            folder.mkdir(parents=True, exist_ok=True)
            for extension, content in (("csv", made.csv_content), ("xlsx", made.xlsx_content)):
                path = folder / disposal.file_name(made, extension)
                path.write_bytes(bytes(content))
                self.stdout.write(f"  {path}")


def _day(text: str) -> date:
    return date.fromisoformat(text)
