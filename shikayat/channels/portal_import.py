"""Importing complaints forwarded by other grievance portals (the Pakistan
Citizen's Portal, Uttar Pradesh's IGRS / Jansunwai, …) from their CSV or
XLSX exports.

A *mapping* says which of their columns feeds which of our fields, and how
their values become ours. It is a JSON object::

    {
      "extends": "pm_portal",            # optional: start from a built-in mapping
      "label": "Pakistan Citizen's Portal",
      "columns": {"reference": "Complaint No", "description": "Complaint Detail", ...},
      "values": {"category": {"Police Inaction": "POL-NEGLIGENCE"},
                 "unit": {"Model Town": "LHR-MDT-MDT"}, "district": {"Lahore": "LHR"}},
      "constants": {"language": "ur"},   # the same value for every row
      "defaults": {"category": "OTHER-GENERAL"},   # when their cell is blank
      "date_formats": ["%d/%m/%Y %H:%M", "%d/%m/%Y"],
      "priority": true                   # optional: this source's complaints are priority complaints
    }

``columns`` keys are our fields: ``reference`` (their complaint number,
required), ``description`` (required), ``received`` (the date *they*
received it), ``district``, and any intake field (category, name, mobile,
email, id_number, address, is_overseas, anonymous, language, unit,
incident_at, incident_address, lat, lng, fir_number, and for complaints
against police ``accused``: the accused officer as described). Header names match
ignoring case and surrounding spaces; every mapped column must be present.

Their category, district and police-station values are looked up, ignoring
case and repeated spaces, in ``values`` first, then as our codes, then as
our names in English, Urdu or Hindi (a police station only within the row's
district, when there is one). A value found nowhere is passed on as it is,
so intake reports it ("Unknown complaint category …"). A row with a district
and no police station goes to the district. Without ``language`` the
language follows the description's script (Urdu, Hindi, else English).

Built-in mappings (invented but plausible column names; a force adds its
own value maps with ``"extends"``):

- ``pm_portal`` (Pakistan Citizen's Portal): Complaint No, Citizen Name,
  Mobile No, CNIC, Category, District, Police Station, Complaint Detail,
  Date Received (dd/mm/yyyy [hh:mm]).
- ``igrs`` (IGRS / Jansunwai, Uttar Pradesh): Reference Number, Applicant
  Name, Mobile Number, Address, Grievance Type, District, Thana, Grievance
  Details, Registration Date (dd-mm-yyyy [hh:mm:ss]).

A source with ``"priority": true`` (the built-in ``pm_portal``: the Prime
Minister's Citizen Portal, whose complaints are given preference) registers
priority complaints: their deadlines are the SOP's ``priority_percent`` of
the usual, and they come first in the officers' lists.

Each complaint keeps their reference as ``external_ref`` = "<source>:<ref>"
(channel portal_import, unique), so a file imported twice, or a reference
repeated within a file, registers one complaint. The deadlines run from when
*we* registered it (received_at is the import time, as for every channel);
the portal's own date is kept in a line appended to the description, where
the officer sees it. Rows are registered in batches by
intake.register_complaints, with the same checks as every channel; rows
that fail are reported with their spreadsheet row number (header = row 1),
their reference and the reasons, and nothing of them is written.

Reminders and re-opened notices: where the mapping names a ``notice`` column
(``{"column": "Notice Type", "id_column": "Notice No"}``, both optional in a
file) and ``notice_values`` maps their types to ``reminder`` / ``reopened``
(or "" for a new complaint), a notice about a reference registered already is
linked to that complaint (portal_notices.py: flagged or reopened, each notice
once), never registered again; the run counts them (``linked``, ``reopened``)."""

import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from shikayat.accounts.models import Role, User
from shikayat.categories.models import Category
from shikayat.complaints import intake
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM, Actor, active_postings, may_intake
from shikayat.core import clock, dates
from shikayat.core.errors import InvalidInput, PermissionDenied
from shikayat.core.tables import Table, file_error, read_table
from shikayat.jurisdictions.models import Unit

from . import portal_notices
from .models import ImportRun
from .sms import guess_language

CHANNEL = "portal_import"
BATCH_SIZE = 100
MAX_REF_LENGTH = 64
INTAKE_FIELDS = {"category", "description", "name", "mobile", "email", "id_number", "address", "is_overseas",
                 "anonymous", "language", "unit", "incident_at", "incident_address", "lat", "lng", "fir_number",
                 "accused"}
# A reminder or re-opened notice about a complaint forwarded before (portal_notices.py): their notice type and,
# if they give one, the notice's own id. Optional columns: a file without them holds new complaints only.
NOTICE_FIELDS = {"notice", "notice_id"}
FIELDS = INTAKE_FIELDS | {"reference", "received", "district"} | NOTICE_FIELDS
REQUIRED_COLUMNS = ("reference", "description")
BOOLEAN_FIELDS = {"is_overseas", "anonymous"}
TRUE_WORDS = {"1", "y", "yes", "true", "x", "ہاں", "جی ہاں", "हाँ", "हां"}
DEFAULT_DATE_FORMATS = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M",
                        "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d", "%d %b %Y", "%d-%b-%Y", "%d %B %Y", "%b %d, %Y"]
SOURCE_PATTERN = re.compile(r"^[a-z0-9_]{1,32}$")

BUILTIN_MAPPINGS: dict[str, dict] = {
    "pm_portal": {
        "label": "Pakistan Citizen's Portal",
        "priority": True,
        "columns": {"reference": "Complaint No", "name": "Citizen Name", "mobile": "Mobile No", "id_number": "CNIC",
                    "category": "Category", "district": "District", "unit": "Police Station",
                    "description": "Complaint Detail", "received": "Date Received"},
        "values": {"category": {
            "Police Inaction": "POL-NEGLIGENCE", "Non-registration of FIR": "POL-NO-FIR",
            "Corruption": "POL-BRIBERY", "Misbehaviour by Police": "POL-MISCONDUCT",
            "Illegal Detention": "POL-DETENTION", "Theft": "CRIME-THEFT", "Land Grabbing": "CRIME-LAND",
            "Harassment": "WC-HARASSMENT", "Fraud": "CRIME-FRAUD", "Others": "OTHER-GENERAL",
        }},
        "date_formats": ["%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%b-%Y"],
        "notice": {"column": "Notice Type", "id_column": "Notice No"},
        "notice_values": {"Fresh": "", "New": "", "Reminder": "reminder", "Re-opened": "reopened",
                          "Reopened": "reopened"},
    },
    "igrs": {
        "label": "IGRS / Jansunwai (Uttar Pradesh)",
        "columns": {"reference": "Reference Number", "name": "Applicant Name", "mobile": "Mobile Number",
                    "address": "Address", "category": "Grievance Type", "district": "District", "unit": "Thana",
                    "description": "Grievance Details", "received": "Registration Date"},
        "values": {"category": {
            "Police - FIR not registered": "POL-NO-FIR", "Police - Negligence": "POL-NEGLIGENCE",
            "Police - Misbehaviour": "POL-MISCONDUCT", "Land Dispute / Illegal Possession": "CRIME-LAND",
            "Theft": "CRIME-THEFT", "Crime against Women": "WC-HARASSMENT", "Other": "OTHER-GENERAL",
        }},
        "date_formats": ["%d-%m-%Y %H:%M:%S", "%d-%m-%Y", "%d/%m/%Y"],
        "notice": {"column": "Complaint Type"},
        "notice_values": {"New": "", "Reminder": "reminder", "Re-open": "reopened", "Re-opened": "reopened"},
    },
}


def _key(value: Any) -> str:
    """How their values and headers are compared: case and spacing ignored."""
    return " ".join(str(value).split()).casefold()


# ---------------------------------------------------------------------------
# Mappings


@dataclass
class Mapping:
    source: str
    label: str
    columns: dict[str, str]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    constants: dict[str, Any] = field(default_factory=dict)
    defaults: dict[str, Any] = field(default_factory=dict)
    date_formats: list[str] = field(default_factory=lambda: list(DEFAULT_DATE_FORMATS))
    priority: bool = False  # the source's complaints are priority complaints (Complaint.priority)
    # Their notice type column and notice id column (optional in a file), and their values → reminder / reopened.
    notice_column: str = ""
    notice_id_column: str = ""
    notice_values: dict[str, str] = field(default_factory=dict)


def _mapping_error(problem: str) -> InvalidInput:
    message = _("The mapping is not usable: %(problem)s") % {"problem": problem}
    return InvalidInput(message, fields={"mapping": [message]})


def check_source(source: str) -> str:
    if not SOURCE_PATTERN.match(source or ""):
        message = _("The source must be 1–32 lower-case letters, digits or underscores, e.g. pm_portal.")
        raise InvalidInput(message, fields={"source": [message]})
    return source


def merged_mapping(base: dict, extra: dict) -> dict:
    """A built-in mapping extended by `extra` ("extends"): its tables are updated key by key (the value tables one
    level deeper), anything else replaced. The import's and the write-back's mappings both extend this way."""
    merged = copy.deepcopy(base)
    for key, value in extra.items():
        if key == "values":
            for name, table in value.items():
                merged.setdefault("values", {}).setdefault(name, {}).update(table)
        elif isinstance(value, dict):
            merged.setdefault(key, {}).update(value)
        else:
            merged[key] = value
    return merged


def build_mapping(source: str, raw: dict | None = None) -> Mapping:
    """The mapping for `source`: the built-in one, or `raw` (a mapping file's
    content), which may extend a built-in one. InvalidInput says what is wrong."""
    check_source(source)
    if raw is None:
        if source not in BUILTIN_MAPPINGS:
            raise _mapping_error(_("there is no built-in mapping for “%(source)s”; give a mapping file (one of: "
                                   "%(known)s).") % {"source": source, "known": ", ".join(BUILTIN_MAPPINGS)})
        raw = BUILTIN_MAPPINGS[source]
    if not isinstance(raw, dict):
        raise _mapping_error(_("it must be a JSON object."))
    base_name = raw.get("extends")
    if base_name:
        if base_name not in BUILTIN_MAPPINGS:
            raise _mapping_error(_("“extends” names no built-in mapping (one of: %(known)s).")
                                 % {"known": ", ".join(BUILTIN_MAPPINGS)})
        raw = merged_mapping(BUILTIN_MAPPINGS[base_name], {k: v for k, v in raw.items() if k != "extends"})
    columns = raw.get("columns")
    if not isinstance(columns, dict) or not all(isinstance(v, str) and v.strip() for v in columns.values()):
        raise _mapping_error(_("“columns” must map our field names to their column headers."))
    for part in ("columns", "constants", "defaults", "values"):
        unknown = sorted(set(raw.get(part) or {}) - FIELDS)
        if unknown:
            raise _mapping_error(_("unknown field(s) %(fields)s in “%(part)s”; known fields: %(known)s.")
                                 % {"fields": ", ".join(unknown), "part": part, "known": ", ".join(sorted(FIELDS))})
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise _mapping_error(_("“columns” must name their column for %(fields)s.") % {"fields": ", ".join(missing)})
    values = raw.get("values") or {}
    if not all(isinstance(table, dict) for table in values.values()):
        raise _mapping_error(_("each entry of “values” must map their values to ours."))
    priority = raw.get("priority", False)
    if not isinstance(priority, bool):
        raise _mapping_error(_("“priority” must be true or false."))
    notice = raw.get("notice") or {}
    notice_values = raw.get("notice_values") or {}
    if not isinstance(notice, dict) or not all(isinstance(v, str) for v in notice.values()) or (
            set(notice) - {"column", "id_column"}):
        raise _mapping_error(_("“notice” may name their “column” of notice types and their “id_column” of notice "
                               "numbers."))
    if not isinstance(notice_values, dict) or not all(v in ("", "reminder", "reopened")
                                                      for v in notice_values.values()):
        raise _mapping_error(_("“notice_values” must map their notice types to “reminder”, “reopened” or \"\" (a "
                               "new complaint)."))
    return Mapping(
        source=source, label=str(raw.get("label") or source), columns=dict(columns), priority=priority,
        values={name: {_key(theirs): str(ours).strip() for theirs, ours in table.items()}
                for name, table in values.items()},
        constants=dict(raw.get("constants") or {}), defaults=dict(raw.get("defaults") or {}),
        # Theirs first; ours (all day-first) as a fallback for rows typed by hand.
        date_formats=list(dict.fromkeys([*(raw.get("date_formats") or []), *DEFAULT_DATE_FORMATS])),
        notice_column=str(notice.get("column") or "").strip(),
        notice_id_column=str(notice.get("id_column") or "").strip(),
        notice_values={_key(theirs): ours for theirs, ours in notice_values.items()},
    )


def mapping_from_json(source: str, content: bytes | str) -> Mapping:
    try:
        raw = json.loads(content)
    except (ValueError, UnicodeDecodeError) as error:
        raise _mapping_error(_("the file is not valid JSON (%(error)s).") % {"error": str(error)[:120]}) from error
    return build_mapping(source, raw)


# ---------------------------------------------------------------------------
# Reading CSV and XLSX


# ---------------------------------------------------------------------------
# Their values → ours


class Lookup:
    """Categories and units by code or name (any language), loaded once per run."""

    def __init__(self) -> None:
        self.category_codes = {}
        self.category_names: dict[str, set[str]] = {}
        for category in Category.objects.filter(is_active=True).exclude(children__is_active=True):
            self.category_codes[_key(category.code)] = category.code
            for name in (category.name_en, category.name_ur, category.name_hi):
                if name:
                    self.category_names.setdefault(_key(name), set()).add(category.code)
        self.units = list(Unit.objects.filter(is_active=True).values("id", "code", "path", "name_en", "name_ur",
                                                                      "name_hi", "parent_id"))
        parents = {u["parent_id"] for u in self.units}
        self.unit_codes = {_key(u["code"]): u for u in self.units}
        self.unit_names: dict[str, list[dict]] = {}
        for unit in self.units:
            unit["is_leaf"] = unit["id"] not in parents
            for name in (unit["name_en"], unit["name_ur"], unit["name_hi"]):
                if name:
                    self.unit_names.setdefault(_key(name), []).append(unit)

    def category(self, value: str, table: dict[str, str]) -> str:
        key = _key(value)
        if key in table:
            return table[key]
        if key in self.category_codes:
            return self.category_codes[key]
        named = self.category_names.get(key, set())
        return next(iter(named)) if len(named) == 1 else value

    def _unit(self, value: str, table: dict[str, str], within: dict | None, leaves: bool) -> dict | str:
        key = _key(value)
        code = table.get(key)
        if code is None and key in self.unit_codes:
            return self.unit_codes[key]
        if code is not None:
            return self.unit_codes.get(_key(code), code)
        named = [u for u in self.unit_names.get(key, []) if u["is_leaf"] == leaves
                 and (within is None or u["path"].startswith(within["path"]))]
        return named[0] if len(named) == 1 else value

    def unit(self, station: str, district: str, values: dict[str, dict[str, str]]) -> str:
        """The unit code for their police station (within their district), or
        their district when no station is given; unknown names pass through."""
        place = None
        if district:
            place = self._unit(district, values.get("district", {}), None, leaves=False)
        if not station:
            return place["code"] if isinstance(place, dict) else place or ""
        found = self._unit(station, values.get("unit", {}), place if isinstance(place, dict) else None, leaves=True)
        return found["code"] if isinstance(found, dict) else found


def parse_when(value: Any, formats: list[str]) -> datetime | None:
    """A portal's date or date-time in one of `formats` (or ISO), made aware
    in the force's time zone; None when it cannot be read."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    else:
        text = str(value or "").strip()
        moment = parse_datetime(text) if text else None
        for pattern in formats if moment is None and text else ():
            try:
                moment = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _shown_date(moment: datetime) -> str:
    """Day first, as everywhere (core.dates); the time only when the portal gave one."""
    return dates.date_only(moment) if timezone.localtime(moment).time() == time() else dates.stamp(moment)


# ---------------------------------------------------------------------------
# Rows → intake items


@dataclass
class Row:
    number: int
    reference: str
    item: dict | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    notice: str = ""  # reminder | reopened: about a complaint they forwarded before
    notice_key: str = ""


def _footer(mapping: Mapping, reference: str, received: Any) -> str:
    if received in ("", None):
        return _("Forwarded by %(portal)s, reference %(reference)s.") % {"portal": mapping.label,
                                                                           "reference": reference}
    moment = parse_when(received, mapping.date_formats)
    return _("Forwarded by %(portal)s, reference %(reference)s, received there on %(date)s.") % {
        "portal": mapping.label, "reference": reference, "date": _shown_date(moment) if moment else received}


def _notice(row: Row, cells: dict[str, Any], mapping: Mapping) -> None:
    """The row's notice type (their value mapped; blank: a new complaint) and the notice's key."""
    written = str(cells.pop("notice", "")).strip()
    theirs = _key(written)
    notice_id = str(cells.pop("notice_id", "")).strip()
    if not theirs:
        return
    if theirs not in mapping.notice_values:
        message = _("Unknown notice type “%(value)s”; the mapping knows: %(known)s.") % {
            "value": written, "known": ", ".join(sorted(mapping.notice_values)) or "—"}
        row.errors["notice"] = [message]
        return
    row.notice = mapping.notice_values[theirs]
    if row.notice:
        row.notice_key = portal_notices.notice_key(notice_id, row.reference, row.notice,
                                                   {name: str(value) for name, value in cells.items()})


def _row(number: int, cells: dict[str, Any], mapping: Mapping, lookup: Lookup) -> Row:
    reference = str(cells.get("reference", "")).strip()
    row = Row(number=number, reference=reference)
    if not reference:
        row.errors["reference"] = [_("The portal's reference number is missing; without it the row could be "
                                     "imported twice.")]
        return row
    _notice(row, cells, mapping)
    if row.errors:
        return row
    external_ref = f"{mapping.source}:{reference}"
    if len(external_ref) > MAX_REF_LENGTH:
        row.errors["reference"] = [_("The reference is too long (at most %(max)d characters with the source).")
                                   % {"max": MAX_REF_LENGTH}]
        return row
    data = {name: (cells.get(name, "") if cells.get(name, "") != "" else mapping.defaults.get(name, ""))
            for name in INTAKE_FIELDS | {"district"}}
    data.update(mapping.constants)
    for name, table in mapping.values.items():
        if name in INTAKE_FIELDS - {"category", "unit"} and _key(data[name]) in table:
            data[name] = table[_key(data[name])]
    data["category"] = lookup.category(str(data["category"]), mapping.values.get("category", {}))
    data["unit"] = lookup.unit(str(data["unit"]), str(data.pop("district")), mapping.values)
    for name in BOOLEAN_FIELDS:
        data[name] = _key(data[name]) in TRUE_WORDS
    if data["incident_at"] != "":
        data["incident_at"] = parse_when(data["incident_at"], mapping.date_formats) or str(data["incident_at"])
    description = str(data["description"]).strip()
    data["language"] = data["language"] or guess_language(description)
    if len(description) >= 10:  # intake's minimum: the footer must not make a too-short text pass
        data["description"] = description + "\n\n— " + _footer(mapping, reference, cells.get("received", ""))
    row.item = {**{k: v for k, v in data.items() if not (isinstance(v, str) and v == "")}, "external_ref": external_ref}
    row.item.setdefault("description", "")
    if mapping.priority:
        row.item["priority"] = 1
    return row


def _columns(table: Table, mapping: Mapping) -> dict[str, int]:
    positions = {_key(name): index for index, name in enumerate(table.header)}
    missing = [column for column in mapping.columns.values() if _key(column) not in positions]
    if missing:
        message = _("The file has no column %(missing)s (looked for with the “%(source)s” mapping). Columns "
                    "found: %(found)s.") % {"missing": ", ".join(f"“{m}”" for m in missing),
                                            "source": mapping.source, "found": ", ".join(table.header)}
        raise file_error(message)
    where = {name: positions[_key(column)] for name, column in mapping.columns.items()}
    # The notice columns are optional: an export of new complaints only has none.
    for name, column in (("notice", mapping.notice_column), ("notice_id", mapping.notice_id_column)):
        if column and _key(column) in positions:
            where[name] = positions[_key(column)]
    return where


def rows_of(table: Table, mapping: Mapping, lookup: Lookup | None = None) -> list[Row]:
    """Every data row turned into an intake item (or its errors)."""
    lookup = lookup or Lookup()
    where = _columns(table, mapping)
    return [_row(number, {name: cells[i] if i < len(cells) else "" for name, i in where.items()}, mapping, lookup)
            for number, cells in table.rows]


# ---------------------------------------------------------------------------
# The import


def _messages(error: InvalidInput) -> dict[str, list[str]]:
    return {k: [str(m) for m in v] for k, v in error.fields.items()} or {"row": [str(error.message)]}


class _Tally:
    def __init__(self, run: ImportRun) -> None:
        self.run = run
        self.outcome: dict[int, str] = {}  # row number → imported | present | rejected
        self.notices: list[Row] = []
        self.mapping_label = run.source  # notices about complaints registered already: linked, never registered

    def imported(self, row: Row) -> None:
        self.outcome[row.number] = "imported"
        self.run.imported += 1

    def present(self, row: Row) -> None:
        self.outcome[row.number] = "present"
        if row.notice:
            self.notices.append(row)
        else:
            self.run.already_present += 1

    def rejected(self, row: Row, errors: dict[str, list[str]]) -> None:
        self.outcome[row.number] = "rejected"
        self.run.rejected += 1
        self.run.report.append({"row": row.number, "reference": row.reference, "errors": errors})


def _existing(refs: list[str]) -> set[str]:
    return set(Complaint.objects.filter(channel=CHANNEL, external_ref__in=refs).values_list("external_ref",
                                                                                            flat=True))


def _register_batch(batch: list[Row], actor: Actor, tally: _Tally, dry_run: bool) -> None:
    present = _existing([row.item["external_ref"] for row in batch])
    fresh = []
    for row in batch:
        if row.item["external_ref"] in present:
            tally.present(row)
        else:
            fresh.append(row)
    if dry_run:
        now = clock.now()
        for row in fresh:
            try:
                intake.clean_complaint_data(row.item, CHANNEL, now)
                tally.imported(row)
            except InvalidInput as error:
                tally.rejected(row, _messages(error))
        return
    try:
        result = intake.register_complaints(actor=actor, channel=CHANNEL, items=[row.item for row in fresh])
    except IntegrityError:
        # Another import registered one of these references since we looked: go one by one.
        for row in fresh:
            _register_one(row, actor, tally)
        return
    for position, row in enumerate(fresh):
        if position in result.errors:
            tally.rejected(row, _messages(result.errors[position]))
        else:
            tally.imported(row)


def _register_one(row: Row, actor: Actor, tally: _Tally) -> None:
    try:
        with transaction.atomic():
            intake.register_complaint(actor=actor, channel=CHANNEL, data=row.item)
    except InvalidInput as error:
        tally.rejected(row, _messages(error))
    except IntegrityError:
        tally.present(row)
    else:
        tally.imported(row)


def import_rows(*, rows: list[Row], run: ImportRun, actor: Actor, dry_run: bool = False,
                progress: Callable[[int], None] | None = None, label: str = "") -> ImportRun:
    """Register the rows in batches; count and report each. A reference seen
    earlier in the same file counts as already present when that row was
    registered (or was already there), and is refused when that row was."""
    tally = _Tally(run)
    tally.mapping_label = label or run.source
    first_row: dict[str, int] = {}
    candidates, repeats = [], []
    for row in rows:
        if row.item is None:
            tally.rejected(row, row.errors)
        elif row.reference in first_row:
            repeats.append(row)
        else:
            first_row[row.reference] = row.number
            candidates.append(row)
    if progress:
        progress(len(rows) - len(candidates) - len(repeats))
    for start in range(0, len(candidates), BATCH_SIZE):
        batch = candidates[start:start + BATCH_SIZE]
        _register_batch(batch, actor, tally, dry_run)
        if progress:
            progress(len(batch))
    for row in repeats:
        first = first_row[row.reference]
        if tally.outcome[first] == "rejected":
            tally.rejected(row, {"reference": [_("The same reference is in row %(row)d, which was refused.")
                                               % {"row": first}]})
        else:
            tally.present(row)
    if progress:
        progress(len(repeats))
    _link_notices(tally, actor, dry_run)
    run.rows = len(rows)
    run.report.sort(key=lambda entry: entry["row"])
    return run


def _link_notices(tally: _Tally, actor: Actor, dry_run: bool) -> None:
    """Reminders and re-opened notices about complaints registered already (before this file or earlier in it):
    linked and acted on (portal_notices.py), each once; a notice seen before counts as already present."""
    run = tally.run
    label = tally.mapping_label
    for row in tally.notices:
        if dry_run:
            run.linked += 1
            continue
        notice = portal_notices.Notice(source=run.source, label=label, reference=row.reference, kind=row.notice,
                                       key=row.notice_key, row=row.number)
        outcome = portal_notices.apply(notice, run=run, actor=actor)
        if outcome is None:
            run.already_present += 1
            continue
        run.linked += 1
        run.reopened += outcome == "reopened"


def import_file(*, content: bytes, file_name: str, mapping: Mapping, actor: Actor, imported_by: User | None = None,
                dry_run: bool = False, progress_factory: Callable[[int], Callable[[int], None]] | None = None
                ) -> ImportRun:
    """Import one portal export (CSV or XLSX bytes) with `mapping`.

    Raises InvalidInput when the file cannot be read at all (not UTF-8, no
    such columns, …) and PermissionDenied for an officer who may not import;
    otherwise returns the ImportRun with its counts and report (saved, unless
    `dry_run`, which writes nothing at all)."""
    if isinstance(actor, User) and not (actor.is_active and may_intake(actor, CHANNEL)):
        raise PermissionDenied(_("Your postings do not allow importing complaints from other portals."))
    table = read_table(content)
    rows = rows_of(table, mapping)
    run = ImportRun(source=mapping.source, file_name=file_name[:255], started_at=clock.now(),
                    imported_by=imported_by, report=[])
    if not dry_run:
        run.save()
    progress = progress_factory(len(rows)) if progress_factory else None
    import_rows(rows=rows, run=run, actor=actor, dry_run=dry_run, progress=progress, label=mapping.label)
    run.finished_at = clock.now()
    if not dry_run:
        run.save()
    return run


# ---------------------------------------------------------------------------
# Who may import, and which runs they see

IMPORT_ROLES = frozenset({Role.COMPLAINT_CELL, Role.ADMIN, Role.INTEGRATION})


def may_import(user: User) -> bool:
    """The import page is for the complaint cell, administrators and integration accounts."""
    return user.is_active and any(p.role in IMPORT_ROLES for p in active_postings(user))


def importing_actor(user: User) -> Actor:
    """Who registers the complaints of an upload: the officer when intake
    allows them this channel, else (an administrator) the system; the run
    records the officer in either case."""
    return user if may_intake(user, CHANNEL) else SYSTEM


def runs_for(user: User) -> QuerySet[ImportRun]:
    """Administrators and staff posted at the top of the force see every run;
    others the runs they started."""
    runs = ImportRun.objects.select_related("imported_by").order_by("-started_at", "-pk")
    postings = active_postings(user)
    if any(p.role == Role.ADMIN or p.unit.parent_id is None for p in postings if p.role in IMPORT_ROLES):
        return runs
    return runs.filter(imported_by=user)
