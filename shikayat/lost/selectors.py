"""The reads the station pages and their CSV need, always within the officer's scope (actions.scope)."""

import csv
from datetime import date, datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone

from shikayat.reports.exports import BOM
from shikayat.reports.exports import _plain as plain

from . import actions, rules
from .models import FoundArticle, LostReport

SHOWN = 200


def station_reports(user, *, kind: str = "", q: str = "", since: date | None = None,
                    until: date | None = None) -> QuerySet[LostReport]:
    """The reports in the officer's scope, newest first, filtered by kind, identifier / number and the day
    reported."""
    rows = LostReport.objects.filter(actions.scope(user)).select_related("station").order_by("-reported_at", "-pk")
    if kind:
        rows = rows.filter(kind=kind)
    if q:
        key = rules.identifier_key(q)
        rows = rows.filter(Q(number__iexact=q.strip()) | Q(identifier_key=key)) if key else rows.none()
    zone = timezone.get_current_timezone()
    if since:
        rows = rows.filter(reported_at__gte=datetime.combine(since, time.min, tzinfo=zone))
    if until:
        rows = rows.filter(reported_at__lte=datetime.combine(until, time.max, tzinfo=zone))
    return rows


def found_articles(user) -> QuerySet[FoundArticle]:
    scope = Q(pk__in=[])
    for path in actions.scope_paths(user):
        scope |= Q(station_path__startswith=path)
    return FoundArticle.objects.filter(scope).select_related("station", "report").order_by("-recorded_at", "-pk")


CSV_HEADER = ["number", "kind", "identifier", "description", "station", "place", "lost_on", "reported_at",
              "reporter_name", "mobile", "status"]


def csv_chunks(rows: QuerySet[LostReport]):
    """The CSV text a line at a time (with the BOM spreadsheets need for Urdu and Hindi); citizen-typed text never
    becomes a formula."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(CSV_HEADER)
    for r in rows.iterator(chunk_size=500):
        yield writer.writerow([plain(str(value)) for value in (
            r.number, r.kind, r.identifier, r.description, r.station.code if r.station else "", r.place,
            r.lost_on.isoformat(), timezone.localtime(r.reported_at).strftime("%Y-%m-%d %H:%M"), r.reporter_name,
            r.mobile, r.status)])


class _Echo:
    def write(self, value: str) -> str:
        return value
