"""Importing a register from a CSV or XLSX file (the first sheet): one row per entry, the columns named as in
entries.FIELDS (any case; spaces for underscores). Every row passes the same checks as the officer's form.
All or nothing: one bad row and no row is written, and the answer lists every problem by row number (as the
spreadsheet numbers it) in the officer's language. Idempotent: a row whose natural key is already held (a
vehicle's registration or chassis and the day it was stolen; a person's or body's station and report number)
updates that entry, and a row with nothing new changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from shikayat.accounts.models import User
from shikayat.core import clock
from shikayat.core.errors import InvalidInput
from shikayat.core.tables import read_table

from .entries import CLEANERS, FIELDS, MODELS, check_may_edit, existing, in_scope

ROWS_MAX = 5000
REQUIRED_COLUMNS = {"vehicles": {"station", "make", "kind", "stolen_on"},
                    "persons": {"station", "reference", "name", "age", "gender", "last_seen_place", "last_seen_on"},
                    "bodies": {"station", "reference", "place_found", "found_on", "gender", "kept_at"}}


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _fail(problems: list[str]) -> InvalidInput:
    return InvalidInput(_("Nothing was imported. Correct these rows and upload the file again."),
                        fields={"file": problems})


def _columns(register: str, header: list[str]) -> dict[str, int]:
    known = FIELDS[register]
    columns, unknown = {}, []
    for index, title in enumerate(header):
        name = "_".join(str(title).strip().lower().replace("-", " ").split())
        if name in known:
            columns[name] = index
        elif name:
            unknown.append(str(title))
    problems = []
    if unknown:
        problems.append(_("Unknown columns: %(columns)s. The columns are: %(known)s.")
                        % {"columns": ", ".join(unknown), "known": ", ".join(known)})
    missing = sorted(REQUIRED_COLUMNS[register] - set(columns))
    if missing:
        problems.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    if problems:
        raise _fail(problems)
    return columns


def _same(entry, row: dict) -> bool:
    return all(getattr(entry, field) == value for field, value in row.items())


def import_file(register: str, *, content: bytes, actor: User, now: datetime | None = None) -> Outcome:
    """Check every row of the file, then write them all in one transaction (or none; InvalidInput lists the
    problems as "Row 7, age: …")."""
    now = now or clock.now()
    check_may_edit(actor)
    table = read_table(content)
    if len(table.rows) > ROWS_MAX:
        raise _fail([_("At most %(max)d rows in one file, please (this has %(count)d).")
                     % {"max": ROWS_MAX, "count": len(table.rows)}])
    columns = _columns(register, table.header)
    cleaned, problems, keys = [], [], {}
    for number, cells in table.rows:
        data = {field: (cells[index] if index < len(cells) else "") for field, index in columns.items()}
        try:
            row = CLEANERS[register](data, actor=actor, now=now)
        except InvalidInput as error:
            for field, messages in error.fields.items():
                problems += [_("Row %(row)d, %(column)s: %(problem)s") % {"row": number, "column": field,
                                                                         "problem": message}
                             for message in messages]
            continue
        key = row.get("natural_key") or (row["station"].pk, row["reference"])
        if key in keys:
            problems.append(_("Row %(row)d repeats row %(first)d (the same entry).")
                            % {"row": number, "first": keys[key]})
            continue
        keys[key] = number
        held = existing(register, row)
        if held is not None and not in_scope(actor, held.station):
            problems.append(_("Row %(row)d: this entry is kept by %(station)s, outside the units you are posted "
                              "to.") % {"row": number, "station": held.station.name_in()})
            continue
        cleaned.append(row)
    if problems:
        raise _fail(problems)
    outcome = Outcome()
    with transaction.atomic():
        for row in cleaned:
            entry = existing(register, row)
            if entry is not None and _same(entry, row):
                outcome.unchanged += 1
                continue
            if entry is None:
                entry = MODELS[register](created_at=now, entered_by=actor)
                outcome.created += 1
            else:
                outcome.updated += 1
            for field, value in row.items():
                setattr(entry, field, value)
            entry.updated_at = now
            entry.save()
    return outcome
