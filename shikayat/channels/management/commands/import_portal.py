import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from shikayat.accounts.models import User
from shikayat.channels import portal_import
from shikayat.complaints.permissions import SYSTEM
from shikayat.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Import complaints forwarded by another grievance portal from its CSV (UTF-8) or XLSX export. Each row "
        "becomes a complaint on channel portal_import with the portal's reference kept as <source>:<reference>, so "
        "importing the same file again adds nothing (those rows count as already present). Rows that fail the "
        "intake checks are listed with their spreadsheet row number (header = row 1), reference and reasons; the "
        "other rows are imported. Built-in mappings: " + ", ".join(sorted(portal_import.BUILTIN_MAPPINGS))
        + " (column names in shikayat/channels/portal_import.py). Example: manage.py import_portal export.xlsx "
        "--source pm_portal --mapping lahore.json --dry-run --report refused.csv"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The portal's export: .csv (UTF-8, with or without BOM) or .xlsx.")
        parser.add_argument("--source", required=True,
                            help="Portal name, stored with every reference (e.g. pm_portal, igrs); also picks the "
                                 "built-in mapping when --mapping is not given.")
        parser.add_argument("--mapping", metavar="MAPPING.json",
                            help='JSON mapping of our fields to their columns and values; may start from a built-in '
                                 'one with "extends": "pm_portal" (format in portal_import.py).')
        parser.add_argument("--as", dest="username", metavar="USERNAME",
                            help="Register as this officer (needs a complaint-cell or integration posting); "
                                 "default: the system.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Check every row and report what would happen; write nothing.")
        parser.add_argument("--report", metavar="OUT.csv",
                            help="Also write the refused rows to this CSV (row, reference, field, message).")

    def handle(self, *args, file: str, source: str, mapping: str | None, username: str | None, dry_run: bool,
               report: str | None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        actor = SYSTEM
        if username:
            actor = User.objects.filter(username=username, is_active=True).first()
            if actor is None:
                raise CommandError(f"No active user “{username}”.")
        bars = []

        def progress(total: int):
            bars.append(tqdm(total=total, desc=path.name, unit="row", disable=options["verbosity"] == 0))
            return bars[-1].update

        try:
            rules = (portal_import.mapping_from_json(source, Path(mapping).read_bytes()) if mapping
                     else portal_import.build_mapping(source))
            run = portal_import.import_file(content=path.read_bytes(), file_name=path.name, mapping=rules,
                                            actor=actor, imported_by=actor if username else None,
                                            dry_run=dry_run, progress_factory=progress)
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        except OSError as error:
            raise CommandError(str(error)) from error
        finally:
            for bar in bars:
                bar.close()
        self._summary(run, dry_run)
        if report:
            self._write_report(run, Path(report))

    def _summary(self, run, dry_run: bool) -> None:
        verb = "would import" if dry_run else "imported"
        self.stdout.write(f"{run.source} {run.file_name}: {run.rows} rows; {verb} {run.imported}, already present "
                          f"{run.already_present}, refused {run.rejected}" + (" (dry run: nothing written)"
                                                                               if dry_run else f" (run #{run.pk})"))
        for entry in run.report:
            reasons = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in entry["errors"].items())
            self.stdout.write(f"  row {entry['row']} ({entry['reference'] or 'no reference'}): {reasons}")

    def _write_report(self, run, path: Path) -> None:
        # utf-8-sig so that spreadsheet programs show Urdu and Hindi correctly.
        with path.open("w", newline="", encoding="utf-8-sig") as out:
            writer = csv.writer(out)
            writer.writerow(["row", "reference", "field", "message"])
            for entry in run.report:
                for field, messages in entry["errors"].items():
                    for message in messages:
                        writer.writerow([entry["row"], entry["reference"], field, message])
        self.stdout.write(f"refused rows written to {path}")
