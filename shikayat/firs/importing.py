"""Importing FIRs from the force's FIR system: a CSV / XLSX export uploaded by the complaint cell or an
administrator, or the system's API (api.py), read with a mapping (mapping.py).

All or nothing per file: every row is checked first; if any row is refused, nothing of the file is written and
the run reports each refused row with its spreadsheet row number (header = row 1) and the reasons, in the
uploader's language, so the file can be corrected and uploaded again whole. An FIR is identified by (police
station, year, number): a file imported again updates the FIRs it holds (counted as updated or unchanged), never
duplicates them; the same FIR twice in one file is refused."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shikayat.accounts.models import User
from shikayat.channels.portal_import import Lookup, parse_when
from shikayat.core import clock
from shikayat.core.errors import InvalidInput, PermissionDenied
from shikayat.core.phones import normalise_mobile
from shikayat.core.tables import Table, read_table
from shikayat.jurisdictions.models import Unit

from . import access, register
from .mapping import Mapping, columns_of, key
from .models import Fir, FirImportRun

MAX_SECTIONS = 30
MIN_YEAR = 1947


@dataclass
class Row:
    number: int  # as the spreadsheet shows it
    data: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def refuse(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def _text(cells: dict, name: str) -> str:
    value = cells.get(name, "")
    return value.strftime("%d/%m/%Y %H:%M") if isinstance(value, datetime) else str(value).strip()


def _mapped(cells: dict, name: str, mapping: Mapping) -> str:
    value = _text(cells, name)
    return mapping.values.get(name, {}).get(key(value), value)


def _station(value: str, mapping: Mapping, lookup: Lookup) -> Unit | None:
    code = lookup.unit(value, "", {"unit": mapping.values.get("station", {})}) if value else ""
    found = lookup.unit_codes.get(key(code))
    return found if found and found["is_leaf"] else None


def _number_and_year(row: Row, cells: dict, mapping: Mapping) -> None:
    raw, year_text = _text(cells, "number"), _text(cells, "year")
    if "/" in raw and not year_text:
        raw, year_text = (part.strip() for part in raw.split("/", 1))
    if not raw.isdigit() or int(raw) < 1:
        row.refuse("number", _("The FIR number “%(value)s” is not a whole number.") % {"value": raw[:20]})
    else:
        row.data["number"] = int(raw)
    year_text = year_text.removesuffix(".0")
    this_year = clock.now().year
    if not year_text.isdigit() or not MIN_YEAR <= int(year_text) <= this_year:
        row.refuse("year", _("The year “%(value)s” is not a year between %(low)d and %(high)d.")
                   % {"value": year_text[:10], "low": MIN_YEAR, "high": this_year})
    else:
        row.data["year"] = int(year_text)


def _registered(row: Row, cells: dict, mapping: Mapping) -> None:
    moment = parse_when(cells.get("registered_at", ""), mapping.date_formats)
    if moment is None:
        row.refuse("registered_at", _("The date registered “%(value)s” cannot be read; write it like 31/12/2024 "
                                      "14:30.") % {"value": _text(cells, "registered_at")[:30]})
    elif moment > clock.now():
        row.refuse("registered_at", _("The date registered is in the future."))
    elif "year" in row.data and timezone.localtime(moment).year != row.data["year"]:
        row.refuse("registered_at", _("The FIR was registered in %(registered)d but its year is given as "
                                      "%(year)d.") % {"registered": timezone.localtime(moment).year,
                                                      "year": row.data["year"]})
    else:
        row.data["registered_at"] = moment


def read_row(number: int, cells: dict, mapping: Mapping, lookup: Lookup) -> Row:
    """One row checked and turned into an FIR's fields, or its errors."""
    row = Row(number)
    station_text = _text(cells, "station")
    unit = _station(station_text, mapping, lookup)
    if unit is None:
        row.refuse("station", _("“%(value)s” is not one of our police stations.") % {"value": station_text[:60]}
                   if station_text else _("The police station is missing."))
    else:
        row.data["unit_id"] = unit["id"]
        row.data["unit_path"] = unit["path"]
    _number_and_year(row, cells, mapping)
    _registered(row, cells, mapping)
    sections = [part.strip() for part in _text(cells, "sections").split(mapping.separator) if part.strip()]
    if not sections:
        row.refuse("sections", _("The sections of law are missing."))
    elif len(sections) > MAX_SECTIONS or any(len(s) > 40 for s in sections):
        row.refuse("sections", _("The sections of law are too many or too long; separate them with “%(sep)s”.")
                   % {"sep": mapping.separator})
    row.data["sections"] = sections
    name = _text(cells, "complainant_name")
    if not name:
        row.refuse("complainant_name", _("The complainant's name is missing."))
    row.data["complainant_name"] = name[:150]
    mobile = _text(cells, "complainant_mobile")
    row.data["complainant_mobile"] = ""
    if mobile:
        try:
            row.data["complainant_mobile"] = normalise_mobile(mobile)
        except InvalidInput as error:
            row.refuse("complainant_mobile", str(error.message))
    status = _mapped(cells, "status", mapping) or Fir.Status.UNDER_INVESTIGATION
    if status not in Fir.Status.values:
        row.refuse("status", _("The status “%(value)s” is not known; map it in the mapping's “values”.")
                   % {"value": status[:40]})
    row.data["status"] = status
    row.data["offence_category"] = _mapped(cells, "category", mapping)[:64]
    row.data["brief_facts"] = _text(cells, "brief_facts")[:5000]
    row.data["investigating_officer"] = _text(cells, "investigating_officer")[:150]
    return row


def read_rows(table: Table, mapping: Mapping) -> list[Row]:
    where = columns_of(table, mapping)
    lookup = Lookup()
    rows = [read_row(number, {name: cells[i] if i < len(cells) else "" for name, i in where.items()}, mapping, lookup)
            for number, cells in table.rows]
    first: dict[tuple, int] = {}
    for row in rows:
        identity = (row.data.get("unit_id"), row.data.get("year"), row.data.get("number"))
        if None in identity:
            continue
        if identity in first:
            row.refuse("number", _("The same FIR (police station, year and number) is in row %(row)d.")
                       % {"row": first[identity]})
        else:
            first[identity] = row.number
    return rows


def import_table(table: Table, mapping: Mapping, *, source: str, file_name: str = "",
                 imported_by: User | None = None) -> FirImportRun:
    """Check every row; write them all (created / updated / unchanged) or, if any is refused, none."""
    rows = read_rows(table, mapping)
    run = FirImportRun(source=source, mapping_name=mapping.name, file_name=file_name[:255], started_at=clock.now(),
                       imported_by=imported_by, rows=len(rows), report=[])
    refused = [row for row in rows if row.errors]
    try:
        with transaction.atomic():
            if refused:
                run.rejected = len(refused)
                run.report = [{"row": row.number, "errors": row.errors} for row in refused]
            else:
                counts = register.upsert([row.data for row in rows])
                run.created, run.updated, run.unchanged = counts["created"], counts["updated"], counts["unchanged"]
                run.applied = True
            run.finished_at = clock.now()
            run.save()
    except IntegrityError as error:  # another import created one of these FIRs meanwhile: nothing was written
        message = _("Another import was writing the same FIRs at the same time; nothing of this file was written. "
                    "Please upload it again.")
        raise InvalidInput(message, fields={"file": [message]}) from error
    return run


def import_file(*, content: bytes, file_name: str, mapping: Mapping, user: User) -> FirImportRun:
    """An uploaded export (CSV or XLSX bytes). InvalidInput when the file cannot be read at all."""
    if not access.may_import(user):
        raise PermissionDenied(_("Importing FIRs is for the complaint cell and administrators."))
    return import_table(read_table(content), mapping, source="file", file_name=file_name, imported_by=user)
