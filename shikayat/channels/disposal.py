"""Daily disposal files for the portals that take files only (PortalConnection mode "file").

Each public step of their complaints waits as a PortalDisposal row (listeners.py, in the step's transaction,
already in their fields and date format). A file takes every row not yet in a file up to the end of its day, in
the mapping's columns (writeback.WriteMapping.columns), oldest first, as CSV (UTF-8 with a BOM, so Excel reads
Urdu and Hindi) and XLSX; the rows are marked with the file in the same transaction, so a step is in exactly
one file. The worker makes one a day per portal (worker.tasks.make_disposal_files); `manage.py
portal_disposals` makes one on demand."""

import csv
import io
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from shikayat.core import clock

from . import writeback
from .models import DisposalFile, PortalConnection, PortalDisposal


def file_sources() -> list[str]:
    return list(PortalConnection.objects.filter(mode=PortalConnection.Mode.FILE).values_list("source", flat=True))


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time()))


def to_csv(columns: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(columns: list[str], rows: list[list[str]]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Disposal")
    sheet.append(columns)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def make_file(source: str, day: date | None = None, now: datetime | None = None) -> DisposalFile | None:
    """The disposal file of `source` for `day` (default: yesterday, the day just over): every step not yet in a
    file up to the end of that day. None when there is nothing to send."""
    at = now or clock.now()
    day = day or timezone.localdate(at) - timedelta(days=1)
    connection = PortalConnection.objects.get(source=source)
    mapping = writeback.build(source, connection.mapping)
    with transaction.atomic():
        waiting = PortalDisposal.objects.filter(source=source, file__isnull=True, at__lt=_end_of(day)).order_by("id")
        entries = list(waiting.select_for_update())
        if not entries:
            return None
        columns = mapping.columns
        rows = [[str(entry.values.get(column, "")) for column in columns] for entry in entries]
        made = DisposalFile.objects.create(source=source, day=day, created_at=at, rows=len(rows),
                                           csv_content=to_csv(columns, rows), xlsx_content=to_xlsx(columns, rows))
        PortalDisposal.objects.filter(pk__in=[entry.pk for entry in entries]).update(file=made)
    return made


def make_files(now: datetime | None = None) -> dict[str, int]:
    """Yesterday's file for every file-mode portal (the worker's daily job): {source: rows}."""
    made = {}
    for source in file_sources():
        found = make_file(source, now=now)
        if found is not None:
            made[source] = found.rows
    return made


def file_name(made: DisposalFile, extension: str) -> str:
    return f"{made.source}-disposals-{made.day:%Y-%m-%d}-{made.pk}.{extension}"
