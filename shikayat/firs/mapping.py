"""How the force's FIR system's export maps to our FIR fields: a JSON object kept as data (FirMapping, editable in
the admin), shaped like the portal import's mappings (channels/portal_import.py)::

    {
      "label": "PFSA FIR system export",
      "columns": {"station": "Police Station", "number": "FIR No", "year": "Year", ...},
      "values": {"station": {"Model Town": "LHR-MDT-MDT"}, "status": {"Challan": "charge_sheeted"},
                 "category": {"Theft": "theft"}},
      "date_formats": ["%d/%m/%Y %H:%M"],
      "sections_separator": ","
    }

Our fields: station (a police station's code or name in any language), number, year, registered_at, sections,
category, complainant_name, complainant_mobile, brief_facts, investigating_officer, status. ``number`` may be
written "123/2024" when there is no year column. Header names match ignoring case and spacing; every mapped column
must be in the file. The same mapping reads the API's JSON items, whose keys are the "columns"."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from shikayat.channels.portal_import import DEFAULT_DATE_FORMATS
from shikayat.core.errors import InvalidInput
from shikayat.core.tables import Table

FIELDS = {"station", "number", "year", "registered_at", "sections", "category", "complainant_name",
          "complainant_mobile", "brief_facts", "investigating_officer", "status"}
REQUIRED = ("station", "number", "registered_at", "sections", "complainant_name")

BUILTIN: dict[str, dict] = {
    "default": {
        "label": "FIR system export (standard columns)",
        "columns": {"station": "Police Station", "number": "FIR No", "year": "Year",
                    "registered_at": "Registered At", "sections": "Sections", "category": "Offence Category",
                    "complainant_name": "Complainant", "complainant_mobile": "Complainant Mobile",
                    "brief_facts": "Brief Facts", "investigating_officer": "Investigating Officer",
                    "status": "Status"},
        "values": {"status": {"Under Investigation": "under_investigation", "Pending": "under_investigation",
                              "Challan": "charge_sheeted", "Charge Sheet": "charge_sheeted",
                              "Untraced": "untraced", "Cancelled": "cancelled", "Closed": "closed"}},
        "date_formats": ["%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y %H:%M", "%d-%m-%Y"],
        "sections_separator": ",",
    },
}


def key(value: Any) -> str:
    """How their values and headers are compared: case and spacing ignored."""
    return " ".join(str(value).split()).casefold()


@dataclass
class Mapping:
    name: str
    label: str
    columns: dict[str, str]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    date_formats: list[str] = field(default_factory=lambda: list(DEFAULT_DATE_FORMATS))
    separator: str = ","


def _error(problem: str) -> InvalidInput:
    message = _("The mapping is not usable: %(problem)s") % {"problem": problem}
    return InvalidInput(message, fields={"mapping": [message]})


def build(name: str, raw: dict) -> Mapping:
    """A mapping from its JSON; InvalidInput says what is wrong (the admin shows it when saving)."""
    if not isinstance(raw, dict):
        raise _error(_("it must be a JSON object."))
    columns = raw.get("columns")
    if not isinstance(columns, dict) or not all(isinstance(v, str) and v.strip() for v in columns.values()):
        raise _error(_("“columns” must map our field names to their column headers."))
    for part in ("columns", "values"):
        unknown = sorted(set(raw.get(part) or {}) - FIELDS)
        if unknown:
            raise _error(_("unknown field(s) %(fields)s in “%(part)s”; known fields: %(known)s.")
                         % {"fields": ", ".join(unknown), "part": part, "known": ", ".join(sorted(FIELDS))})
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        raise _error(_("“columns” must name their column for %(fields)s.") % {"fields": ", ".join(missing)})
    values = raw.get("values") or {}
    if not isinstance(values, dict) or not all(isinstance(table, dict) for table in values.values()):
        raise _error(_("each entry of “values” must map their values to ours."))
    formats = raw.get("date_formats") or []
    separator = raw.get("sections_separator", ",")
    if not isinstance(formats, list) or not isinstance(separator, str) or not separator:
        raise _error(_("“date_formats” must be a list and “sections_separator” a character."))
    return Mapping(name=name, label=str(raw.get("label") or name), columns=dict(columns),
                   values={f: {key(theirs): str(ours).strip() for theirs, ours in table.items()}
                           for f, table in values.items()},
                   date_formats=list(dict.fromkeys([*formats, *DEFAULT_DATE_FORMATS])), separator=separator)


def for_name(name: str) -> Mapping:
    """The active mapping of this name kept as data, else the built-in one of the name."""
    from .models import FirMapping

    kept = FirMapping.objects.filter(name=name, is_active=True).first()
    if kept is not None:
        return build(kept.name, kept.mapping)
    if name in BUILTIN:
        return build(name, BUILTIN[name])
    raise _error(_("there is no mapping called “%(name)s”.") % {"name": name})


def columns_of(table: Table, mapping: Mapping) -> dict[str, int]:
    """Where each of our fields is in the file; InvalidInput naming the columns missing."""
    positions = {key(name): index for index, name in enumerate(table.header)}
    missing = [column for column in mapping.columns.values() if key(column) not in positions]
    if missing:
        message = _("The file has no column %(missing)s (looked for with the “%(name)s” mapping). Columns found: "
                    "%(found)s.") % {"missing": ", ".join(f"“{m}”" for m in missing), "name": mapping.name,
                                     "found": ", ".join(table.header)}
        raise InvalidInput(message, fields={"file": [message]})
    return {name: positions[key(column)] for name, column in mapping.columns.items()}
