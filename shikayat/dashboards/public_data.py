"""The open data of the public performance figures: one record per district or police station over the last
30, 90 or 365 days, as CSV or JSON, with the schema the /performance/data/ page documents (FIELDS is the single
list both the files and the page are written from)."""

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .figures import period
from .public import UnitFigures, cache_seconds, level_figures


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # "string", "date", "integer" or "number" (JSON types; empty where there is no base: null / "")
    description: Promise


FIELDS = (
    Field("unit_code", "string", _("The unit's code (stable; the page /performance/<code>/).")),
    Field("unit_name_en", "string", _("The unit's name in English.")),
    Field("unit_name_ur", "string", _("The unit's name in Urdu.")),
    Field("unit_name_hi", "string", _("The unit's name in Hindi.")),
    Field("level", "string", _("The unit's level in the force's hierarchy (e.g. district, station).")),
    Field("parent_code", "string", _("The code of the unit directly above it.")),
    Field("period_days", "integer", _("Length of the period in days: 30, 90 or 365.")),
    Field("since", "date", _("First day of the period (the force's local calendar).")),
    Field("until", "date", _("Last day of the period: today, counted up to the time of the file.")),
    Field("received", "integer", _("Complaints received in the period.")),
    Field("disposed", "integer", _("Complaints disposed in the period: closed, rejected, merged or withdrawn.")),
    Field("pending_now", "integer", _("Complaints open now.")),
    Field("overdue_now", "integer", _("Open complaints whose report is overdue now.")),
    Field("contacted_within_deadline", "integer",
          _("First contacts with the complainant made within the SOP's deadline, in the period.")),
    Field("contacted_late", "integer", _("First contacts made after the deadline, in the period.")),
    Field("contact_within_deadline_pct", "number",
          _("contacted_within_deadline as a percentage of all first contacts; empty when there were none.")),
    Field("reported_within_deadline", "integer", _("Enquiry reports made within the SOP's deadline, in the period.")),
    Field("reported_late", "integer", _("Enquiry reports made after the deadline, in the period.")),
    Field("report_within_deadline_pct", "number",
          _("reported_within_deadline as a percentage of all reports; empty when there were none.")),
    Field("satisfied", "integer", _("Complainants who confirmed they were satisfied, in the period.")),
    Field("dissatisfied", "integer", _("Complainants who said they were not satisfied (the complaint reopened).")),
    Field("satisfaction_pct", "number",
          _("satisfied as a percentage of satisfied and dissatisfied; empty when nobody answered.")),
    Field("reopened", "integer", _("Complaints reopened in the period.")),
    Field("reopen_pct", "number", _("reopened as a percentage of disposed and reopened; empty when both are 0.")),
    Field("appeals", "integer", _("Appeals to the level above lodged in the period.")),
    Field("appeal_pct", "number", _("Appeals per hundred complaints disposed in the period; empty when none was.")),
    Field("appeals_upheld", "integer",
          _("Appeals decided in the citizen's favour in the period (closed again with the citizen satisfied).")),
    Field("average_hours_to_contact", "number",
          _("Average hours from receipt to the first contact with the complainant; empty when there was none.")),
    Field("average_hours_to_disposal", "number",
          _("Average hours from receipt to disposal of the complaints disposed; empty when none was.")),
)
NAMES = tuple(f.name for f in FIELDS)


def licence() -> dict:
    return {"name": settings.SHIKAYAT.get("OPEN_DATA_LICENCE", "CC BY 4.0"),
            "url": settings.SHIKAYAT.get("OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/")}


def record(row: UnitFigures, days: int) -> dict:
    """One unit's record, in FIELDS' order."""
    u, f, t = row.unit, row.figures, row.figures.totals
    values = {
        "unit_code": u.code, "unit_name_en": u.name_en, "unit_name_ur": u.name_ur, "unit_name_hi": u.name_hi,
        "level": u.level.code, "parent_code": u.parent.code if u.parent_id else "", "period_days": days,
        "since": f.since.isoformat(), "until": f.until.isoformat(), "received": t["received"],
        "disposed": t["disposed"], "pending_now": f.pending, "overdue_now": f.overdue,
        "contacted_within_deadline": t["contacted_in_time"], "contacted_late": t["contacted_late"],
        "contact_within_deadline_pct": f.contact_compliance, "reported_within_deadline": t["reported_in_time"],
        "reported_late": t["reported_late"], "report_within_deadline_pct": f.report_compliance,
        "satisfied": t["satisfied"], "dissatisfied": t["dissatisfied"], "satisfaction_pct": f.satisfaction_rate,
        "reopened": t["reopened"], "reopen_pct": f.reopen_rate, "appeals": t["appeals"], "appeal_pct": f.appeal_rate,
        "appeals_upheld": t["appeals_upheld"], "average_hours_to_contact": f.hours_to_contact,
        "average_hours_to_disposal": f.hours_to_resolve,
    }
    return {name: values[name] for name in NAMES}


def records(level: str, *, now: datetime, days: int) -> list[dict]:
    """Every district's or station's record (a few thousand at most), cached cache_seconds() per level and period."""
    key = f"public-records:{level}:{days}:{period(now, days)[1]}"
    found = cache.get(key)
    if found is None:
        found = [record(row, days) for row in level_figures(level, now=now, days=days)]
        cache.set(key, found, cache_seconds())
    return found


def csv_lines(rows: list[dict]) -> Iterator[str]:
    """The header and one line per record, a few hundred records per chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(NAMES)
    for index, row in enumerate(rows, 1):
        writer.writerow(["" if row[name] is None else row[name] for name in NAMES])
        if index % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(metadata: dict, rows: list[dict]) -> Iterator[str]:
    """{"metadata": …, "records": [...]}, written a few hundred records per chunk."""
    yield '{"metadata": ' + json.dumps(metadata, ensure_ascii=False) + ', "records": ['
    for start in range(0, len(rows), 500):
        part = ", ".join(json.dumps(row, ensure_ascii=False) for row in rows[start:start + 500])
        yield (", " if start else "") + part
    yield "]}\n"
