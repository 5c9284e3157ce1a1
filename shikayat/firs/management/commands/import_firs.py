"""Pull FIRs from the force's FIR system's API (firs/api.py), or import an export file; --rederive sets the
sensitive flag again after the settings' lists change."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shikayat.core.errors import DomainError
from shikayat.firs import api, importing, register
from shikayat.firs.mapping import for_name


class Command(BaseCommand):
    help = "Import FIRs from the FIR system's API (--url, else SHIKAYAT_FIR_API_URL) or from a CSV/XLSX --file."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="", help="The API's first page (default SHIKAYAT_FIR_API_URL).")
        parser.add_argument("--token", default="", help="Bearer token (default SHIKAYAT_FIR_API_TOKEN).")
        parser.add_argument("--file", default="", help="A CSV or XLSX export instead of the API.")
        parser.add_argument("--mapping", default="default", help="The mapping's name (FirMapping or built-in).")
        parser.add_argument("--rederive", action="store_true", help="Only set the sensitive flags again.")

    def handle(self, *args, url, token, file, mapping, rederive, **options):
        if rederive:
            self.stdout.write(f"sensitive flag changed on {register.rederive()} FIRs")
            return
        try:
            chosen = for_name(mapping)
            if file:
                run = importing.import_table(importing.read_table(Path(file).read_bytes()), chosen, source="file",
                                             file_name=Path(file).name)
            else:
                run = api.pull(chosen, url=url, token=token)
        except (DomainError, OSError) as error:
            raise CommandError(str(getattr(error, "message", error))) from error
        if not run.applied:
            for entry in run.report:
                for problems in entry["errors"].values():
                    for problem in problems:
                        self.stderr.write(f"row {entry['row']}: {problem}")
            raise CommandError(f"nothing imported: {run.rejected} of {run.rows} rows refused")
        self.stdout.write(f"{run.rows} rows: {run.created} created, {run.updated} updated, "
                          f"{run.unchanged} unchanged")
