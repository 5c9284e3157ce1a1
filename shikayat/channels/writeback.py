"""Writing back to the portals complaints are imported from: the mapping of our step onto their fields, and the
payload of one step.

A write-back mapping (PortalConnection.mapping) is data, like the import's::

    {
      "extends": "pm_portal",                 # optional: start from a built-in mapping
      "fields": {"reference": "complaint_no", "etag": "department_ref", "status": "status",
                 "remarks": "remarks", "date": "action_date"},
      "statuses": {"closed": "Resolved", …},  # our status → their value (every status must have one)
      "constants": {"department": "Punjab Police"},
      "body": "json",                         # or "form"
      "method": "POST",                       # POST, PUT or PATCH
      "id_field": "data.id",                  # their id for our message in their JSON answer (dotted path)
      "idempotent": true,                     # they honour the Idempotency-Key header
      "date_format": "%d/%m/%Y %H:%M",        # their date format (also the disposal file's)
      "language": "en",                       # the remarks' language; absent: the complainant's
      "columns": ["complaint_no", "status", …]  # file mode: the file's columns in their order (optional)
    }

`fields` keys are ours: reference (their complaint number), etag (ours), status (in their values), remarks (the
step as the complainant reads it on /track/: shikayat/updates/wording.py), date, officer (as the complainant
sees them: the rank, or the name only where SHIKAYAT["NAME_OFFICERS_TO_CITIZENS"] allows), unit (the office
that has it). reference and status are required. In file mode the file's columns are `columns` when given (each
of their field names and constants once, in the order the portal's upload wants); otherwise their field names in
the order of FIELDS, then the constants by name. Not "the order written": PostgreSQL keeps a JSON object's keys in
its own order (jsonb), so only a list can carry an order. Nothing internal is ever sent: no note, no officer's data
beyond what the complainant sees."""

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shikayat.accounts.models import Rank, User
from shikayat.complaints.models import Complaint
from shikayat.complaints.workflow import Status
from shikayat.core.errors import InvalidInput
from shikayat.core.i18n import LANGS
from shikayat.core.refcache import reference
from shikayat.updates import config as updates_config

from .models import PortalConnection
from .portal_import import merged_mapping

CHANNEL = "portal"  # the outbox channel (delivery.ORDERED_CHANNELS)
TEMPLATE = "portal_status"
IMPORT_CHANNEL = "portal_import"
FIELDS = ("reference", "etag", "status", "remarks", "date", "officer", "unit")
REQUIRED = ("reference", "status")
METHODS = ("POST", "PUT", "PATCH")
NAME = re.compile(r"^[A-Za-z0-9_.\- ]{1,64}$")
log = logging.getLogger("shikayat.channels")

BUILTIN: dict[str, dict] = {
    "pm_portal": {
        "label": "Pakistan Citizen's Portal",
        "fields": {"reference": "complaint_no", "etag": "department_reference", "status": "status",
                   "remarks": "remarks", "date": "action_date", "officer": "officer_designation",
                   "unit": "office"},
        "statuses": {
            Status.REGISTERED: "In Process", Status.ASSIGNED: "In Process", Status.IN_PROGRESS: "In Process",
            Status.RESOLUTION_PROPOSED: "In Process", Status.REJECTION_REQUESTED: "In Process",
            Status.AWAITING_FEEDBACK: "Resolved - Awaiting Feedback", Status.REOPENED: "Re-opened",
            Status.CLOSED: "Resolved", Status.REJECTED: "Dropped", Status.MERGED: "Duplicate",
            Status.WITHDRAWN: "Withdrawn by Citizen",
        },
        "body": "json", "method": "POST", "id_field": "data.id", "idempotent": True,
        "date_format": "%d/%m/%Y %H:%M",
    },
    "igrs": {
        "label": "IGRS / Jansunwai (Uttar Pradesh)",
        "fields": {"reference": "Reference Number", "etag": "Department Reference", "status": "Disposal Status",
                   "remarks": "Action Taken Report", "date": "Disposal Date", "officer": "Officer Designation",
                   "unit": "Thana"},
        "statuses": {
            Status.REGISTERED: "Pending", Status.ASSIGNED: "Pending", Status.IN_PROGRESS: "Under Enquiry",
            Status.RESOLUTION_PROPOSED: "Under Enquiry", Status.REJECTION_REQUESTED: "Under Enquiry",
            Status.AWAITING_FEEDBACK: "Disposed - Feedback Awaited", Status.REOPENED: "Re-opened",
            Status.CLOSED: "Disposed", Status.REJECTED: "Rejected", Status.MERGED: "Duplicate",
            Status.WITHDRAWN: "Withdrawn",
        },
        "body": "form", "method": "POST", "id_field": "", "idempotent": False,
        "date_format": "%d-%m-%Y %H:%M:%S", "language": "hi",
    },
}


@dataclass(frozen=True)
class WriteMapping:
    source: str
    label: str
    fields: dict[str, str]
    statuses: dict[str, str]
    constants: dict[str, str] = field(default_factory=dict)
    body: str = "json"
    method: str = "POST"
    id_field: str = ""
    idempotent: bool = False
    date_format: str = "%d/%m/%Y %H:%M"
    language: str = ""
    column_order: tuple[str, ...] = ()  # the mapping's "columns", checked; () for the default order

    @property
    def columns(self) -> list[str]:
        """The disposal file's columns: the mapping's "columns", or their field names in the order of FIELDS and
        then the constants by name (the same order whatever the database did to the JSON object's keys)."""
        return list(self.column_order) or default_columns(self.fields, self.constants)


def default_columns(fields: dict[str, str], constants: dict[str, str]) -> list[str]:
    theirs = [fields[name] for name in FIELDS if name in fields]
    return [*theirs, *sorted(name for name in constants if name not in theirs)]


def mapping_error(problem: str) -> InvalidInput:
    message = _("The write-back mapping is not usable: %(problem)s") % {"problem": problem}
    return InvalidInput(message, fields={"mapping": [message]})


def build(source: str, raw: dict | None = None) -> WriteMapping:
    """The write-back mapping of `source`: `raw` (may extend a built-in one), or without it (or empty) the
    built-in mapping of that name. InvalidInput names what is wrong."""
    if not raw:
        if source not in BUILTIN:
            raise mapping_error(_("there is no built-in mapping for “%(source)s”; give one (built-in: %(known)s).")
                                % {"source": source, "known": ", ".join(BUILTIN)})
        raw = BUILTIN[source]
    if not isinstance(raw, dict):
        raise mapping_error(_("it must be a JSON object."))
    base = raw.get("extends")
    if base:
        if base not in BUILTIN:
            raise mapping_error(_("“extends” names no built-in mapping (one of: %(known)s).")
                                % {"known": ", ".join(BUILTIN)})
        raw = merged_mapping(BUILTIN[base], {k: v for k, v in raw.items() if k != "extends"})
    fields = raw.get("fields")
    if not isinstance(fields, dict) or not all(isinstance(v, str) and NAME.match(v) for v in fields.values()):
        raise mapping_error(_("“fields” must map our field names to their field names (letters, digits, spaces, "
                              "“_”, “-” or “.”, at most 64)."))
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise mapping_error(_("unknown field(s) %(fields)s in “fields”; known fields: %(known)s.")
                            % {"fields": ", ".join(unknown), "known": ", ".join(FIELDS)})
    missing = [name for name in REQUIRED if name not in fields]
    if missing:
        raise mapping_error(_("“fields” must name their field for %(fields)s.") % {"fields": ", ".join(missing)})
    if len(set(fields.values())) != len(fields):
        raise mapping_error(_("two of our fields go to the same field of theirs."))
    statuses = raw.get("statuses") or {}
    if not isinstance(statuses, dict) or not all(isinstance(v, str) and v.strip() for v in statuses.values()):
        raise mapping_error(_("“statuses” must map our statuses to their values."))
    unknown = sorted(set(statuses) - set(Status.values))
    lacking = [status for status in Status.values if status not in statuses]
    if unknown or lacking:
        raise mapping_error(_("“statuses” must give their value for each of our statuses (%(known)s); unknown: "
                              "%(unknown)s; missing: %(missing)s.")
                            % {"known": ", ".join(Status.values), "unknown": ", ".join(unknown) or "—",
                               "missing": ", ".join(lacking) or "—"})
    constants = raw.get("constants") or {}
    if not isinstance(constants, dict) or not all(isinstance(k, str) and NAME.match(k) for k in constants):
        raise mapping_error(_("“constants” must map their field names to fixed values."))
    body, method = raw.get("body", "json"), str(raw.get("method", "POST")).upper()
    if body not in ("json", "form"):
        raise mapping_error(_("“body” must be “json” or “form”."))
    if method not in METHODS:
        raise mapping_error(_("“method” must be one of %(methods)s.") % {"methods": ", ".join(METHODS)})
    idempotent = raw.get("idempotent", False)
    if not isinstance(idempotent, bool):
        raise mapping_error(_("“idempotent” must be true or false."))
    date_format = raw.get("date_format") or "%d/%m/%Y %H:%M"
    try:
        if not isinstance(date_format, str) or "%" not in date_format:
            raise ValueError(date_format)
        datetime(2026, 1, 2, 3, 4, 5).strftime(date_format)
    except ValueError:
        raise mapping_error(_("“date_format” must be a strftime pattern such as %%d/%%m/%%Y %%H:%%M.")) from None
    language = raw.get("language") or ""
    if language and language not in LANGS:
        raise mapping_error(_("“language” must be one of %(languages)s.") % {"languages": ", ".join(LANGS)})
    columns = raw.get("columns") or []
    expected = default_columns(fields, constants)
    if not isinstance(columns, list) or (columns and sorted(map(str, columns)) != sorted(expected)):
        raise mapping_error(_("“columns” must list the file's columns in their order, each of these once: "
                              "%(columns)s.") % {"columns": ", ".join(expected)})
    return WriteMapping(source=source, label=str(raw.get("label") or source), fields=dict(fields),
                        statuses={str(k): str(v) for k, v in statuses.items()},
                        constants={k: str(v) for k, v in constants.items()}, body=body, method=method,
                        id_field=str(raw.get("id_field") or ""), idempotent=idempotent, date_format=date_format,
                        language=language, column_order=tuple(str(column) for column in columns))


# --- connections, read through the per-process reference cache --------------------------------------------------


@dataclass(frozen=True)
class Connection:
    source: str
    mode: str
    mapping: WriteMapping


def _load(source: str) -> Connection | None:
    row = PortalConnection.objects.filter(source=source).first()
    if row is None or row.mode == PortalConnection.Mode.OFF:
        return None
    try:
        mapping = build(source, row.mapping)
    except InvalidInput as error:
        # The admin refuses such a mapping; one written around it (a shell, a migration) writes nothing back.
        log.error("portal %s: write-back mapping not usable, nothing is written back: %s", source, error.message)
        return None
    return Connection(source=source, mode=row.mode, mapping=mapping)


def connection_for(source: str) -> Connection | None:
    """The portal's write-back (None: off or not configured); cached per process (core/refcache.py), cleared
    when a connection is saved here, else within a minute."""
    return reference.get(("portal_connection", source), lambda: _load(source))


def source_of(complaint: Complaint) -> str:
    """The portal an imported complaint came from ("pm_portal" of "pm_portal:PMDU-1")."""
    return (complaint.external_ref or "").partition(":")[0]


# --- one step in their fields ------------------------------------------------------------------------------------


def _officer(complaint: Complaint, language: str) -> str:
    """The officer who has it, as the complainant sees them (wording.py): the rank, or the name where allowed."""
    officer: User | None = complaint.assignee if complaint.assignee_id else None
    if officer is None:
        return ""
    rank = str(Rank(officer.rank).label) if officer.rank in Rank.values else ""
    if updates_config.read("NAME_OFFICERS_TO_CITIZENS"):
        return officer.get_full_name() or officer.username
    return rank


def payload(mapping: WriteMapping, complaint: Complaint, *, status: str, remarks: str, at: datetime) -> dict:
    """The body for one step: our values under their field names, with their constants."""
    language = mapping.language or complaint.language
    with translation.override(language if language in LANGS else "en"):
        ours = {
            "reference": (complaint.external_ref or "").partition(":")[2],
            "etag": complaint.etag_display,
            "status": mapping.statuses.get(status, status),
            "remarks": remarks,
            "date": timezone.localtime(at).strftime(mapping.date_format),
            "officer": _officer(complaint, language),
            "unit": complaint.unit.name_in(language) if complaint.unit_id else "",
        }
    return {**mapping.constants, **{theirs: ours[name] for name, theirs in mapping.fields.items()}}


def remarks_language(mapping: WriteMapping, complaint: Complaint) -> str:
    language = mapping.language or complaint.language
    return language if language in LANGS else "en"
