"""CSV and XLSX of an officer's filtered list (the inbox or the review).
CSV streams in chunks and never holds the list in memory; XLSX is built in
write-only mode and refuses lists longer than XLSX_MAX_ROWS. Contact details
are masked exactly as on the complaint page (permissions.can_see_contact)."""

import csv
from collections.abc import Iterator
from datetime import datetime
from io import BytesIO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from shikayat.accountability.access import log_reads
from shikayat.accounts.models import User
from shikayat.complaints import permissions, workflow
from shikayat.complaints.models import Channel, Complaint
from shikayat.core.errors import InvalidInput

from .review import with_last_action

CHUNK = 2000
XLSX_MAX_ROWS = 100_000
BOM = "\ufeff"


def headers() -> list[str]:
    """Column titles in the active language."""
    return [_("E-tag"), _("Received"), _("Days pending"), _("Status"), _("Category"), _("Channel"), _("Unit"),
            _("Officer"), _("Report due"), _("Overdue"), _("Complainant"), _("Mobile"), _("Last action"),
            _("Last action on")]


def export_queryset(qs: QuerySet[Complaint]) -> QuerySet[Complaint]:
    return with_last_action(qs.select_related("category", "unit", "assignee"))


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _plain(text: str) -> str:
    """Citizen-typed text never becomes a spreadsheet formula (CSV / formula injection)."""
    return f"'{text}" if text.startswith(FORMULA_START) else text


def _stamp(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def rows(user: User, qs: QuerySet[Complaint], now: datetime) -> Iterator[list]:
    """One list per complaint, in the order of `qs`, fetched CHUNK rows at a time. The confidential
    complaints exported are written to the access log a chunk at a time."""
    channels = dict(Channel.choices)
    yes, no = _("Yes"), _("No")
    read = []
    try:
        for c in export_queryset(qs).iterator(chunk_size=CHUNK):
            if c.is_confidential:
                read.append(c)
                if len(read) >= CHUNK:
                    log_reads(user, read, "export")
                    read = []
            yield _row(user, c, now, channels, yes, no)
    finally:  # also when the download stops early: what was read is logged
        log_reads(user, read, "export")


def _row(user: User, c: Complaint, now: datetime, channels: dict, yes: str, no: str) -> list:
    if c.is_anonymous:
        name, mobile = str(_("Anonymous")), ""
    elif not permissions.can_see_identity(user, c):
        name, mobile = str(_("Identity sealed")), ""
    else:
        name = _plain(c.complainant_name)
        mobile = c.complainant_mobile if permissions.can_see_contact(user, c) else c.masked_mobile
    overdue = c.is_open and c.report_due_at < now
    return [
        c.etag_display, _stamp(c.received_at), max(0, (now - c.received_at).days), str(c.status_label),
        str(c.category.name), str(channels.get(c.channel, c.channel)), str(c.unit.name),
        str(c.assignee) if c.assignee else "", _stamp(c.report_due_at), yes if overdue else no, name, mobile,
        workflow.event_label(c.last_action) if c.last_action else "", _stamp(c.last_action_at),
    ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_chunks(user: User, qs: QuerySet[Complaint], now: datetime) -> Iterator[str]:
    """The CSV text, a line at a time, starting with the UTF-8 BOM Excel needs
    to read Urdu and Hindi correctly."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(headers())
    for row in rows(user, qs, now):
        yield writer.writerow(row)


def xlsx_bytes(user: User, qs: QuerySet[Complaint], now: datetime) -> bytes:
    """The workbook; InvalidInput if the list is longer than XLSX_MAX_ROWS."""
    if qs[: XLSX_MAX_ROWS + 1].count() > XLSX_MAX_ROWS:
        raise InvalidInput(_("This list has more than %(max)s complaints: narrow the filters, or export it as CSV.")
                           % {"max": f"{XLSX_MAX_ROWS:,}"})
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Complaints"))
    sheet.append(headers())
    for row in rows(user, qs, now):
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
