"""How the duplicate search plugs into the complaint core (complaints/hooks.py): every registration, on every
channel and for register_complaints' batches, writes the fingerprints, the suggestions and the hot spots in the
intake's transaction: one statement each per batch (hot spots only when there are some). A complaint merged into
another (or un-merged on appeal) has its fingerprint's `merged` flag set to match, so it is no candidate.

The two inserts are plain SQL: at intake's rate, building them through the ORM cost more than running them
(bench/duplicates.py)."""

import json

from django.db import connection

from shikayat.complaints import hooks
from shikayat.complaints.workflow import Status

from . import hotspots
from .models import Fingerprint, Suggestion
from .search import fingerprint_of, likely, probe_of, scan

FINGERPRINT_COLUMNS = ("complaint_id", "skeleton", "grams", "mobile", "id_number", "station_id", "cell", "lat",
                       "lng", "category_id", "is_confidential", "received_at", "merged")
SUGGESTION_COLUMNS = ("complaint_id", "other_id", "reasons", "score", "same_person", "found_at")
SUGGESTED = 5  # at most, per complaint (the best)


def _insert_sql(model, columns: tuple[str, ...], rows: list[tuple]) -> tuple[str, list]:
    """One multi-row INSERT; a row already there (the same pair found twice) is left as it is."""
    quote = connection.ops.quote_name
    values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(rows))
    return (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) VALUES {values} "
            "ON CONFLICT DO NOTHING", [value for row in rows for value in row])


def registered(event: hooks.Registered) -> None:
    at = connection.ops.adapt_datetimefield_value
    grams = Fingerprint._meta.get_field("grams")
    prints = [fingerprint_of(complaint) for complaint in event.complaints]
    write = _insert_sql(Fingerprint, FINGERPRINT_COLUMNS, [
        (f.complaint_id, f.skeleton, grams.get_db_prep_value(f.grams, connection), f.mobile, f.id_number,
         f.station_id, f.cell, f.lat, f.lng, f.category_id, f.is_confidential, at(f.received_at), f.merged)
        for f in prints])
    probes = [probe_of(row) for row in prints]
    scanned = scan(probes, first=write)  # the fingerprints written and the candidates read: one round trip on PG
    found = [(probe.complaint_id, match.other_id, json.dumps(list(match.reasons)), match.score, match.same_person,
              at(event.at))
             for probe in probes for match in likely(probe, scanned[probe.complaint_id])[:SUGGESTED]]
    if found:
        with connection.cursor() as cursor:
            cursor.execute(*_insert_sql(Suggestion, SUGGESTION_COLUMNS, found))
    hotspots.record(probes, scanned)


def merged(event: hooks.ActionEvent) -> None:
    """A complaint merged into another is no longer a candidate; one un-merged (an appeal upheld) is again."""
    if Status.MERGED in (event.from_status, event.to_status) and event.from_status != event.to_status:
        Fingerprint.objects.filter(complaint_id=event.complaint.pk).update(merged=event.to_status == Status.MERGED)


def register() -> None:
    hooks.register(registered, name="similar.registered", order=300, on="registered")
    hooks.register(merged, name="similar.merged", order=300)
