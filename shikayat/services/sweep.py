"""Service deadlines, part of the deadline sweep (deadlines/sweep.py): an
application still undecided at its due time is marked once, charged in the
services' delay ledger (ServiceDelay) to whoever held it (holders.py), and the
service staff and supervisors over the applicant's station are told.

Due applications are read through their partial index (service_due_idx), a
batch at a time with SKIP LOCKED (no join in the claim), marked with one
UPDATE; the batch's stations, and whoever must be told over them, are read
in one query each."""

from datetime import datetime

from django.db import transaction

from shikayat.accounts.models import Posting
from shikayat.complaints.links import public_url
from shikayat.deadlines.notices import to_officer
from shikayat.jurisdictions.models import Unit, path_ids
from shikayat.notifications.outbox import enqueue_many

from .actions import STAFF_ROLES
from .holders import holders
from .models import OPEN_REQUEST, ServiceDelay, ServiceRequest


def service_breaches(now: datetime, batch: int = 500) -> int:
    """Mark the applications overdue at `now` (once each) and tell whoever must decide them."""
    total = 0
    while True:
        with transaction.atomic():
            due = list(ServiceRequest.objects.filter(due_at__lte=now, breached_at__isnull=True,
                                                     status__in=OPEN_REQUEST)
                       .order_by("due_at", "pk").select_for_update(skip_locked=True)[:batch])
            if due:
                ServiceRequest.objects.filter(pk__in=[r.pk for r in due]).update(breached_at=now)
                stations = Unit.objects.in_bulk({r.station_id for r in due})
                _charge(due, stations, now)
                staff = _staff_by_unit({unit for r in due for unit in path_ids(r.station_path)})
                enqueue_many([m for r in due for m in _messages(r, stations[r.station_id], staff)])
        total += len(due)
        if len(due) < batch:
            return total


def _charge(due: list[ServiceRequest], stations: dict[int, Unit], now: datetime) -> None:
    """One ledger row per late application (a second sweep finds it marked and never comes back)."""
    held = holders(due, stations)
    ServiceDelay.objects.bulk_create([
        ServiceDelay(request=r, stage=held[r.pk].stage, due_at=r.due_at, detected_at=now, officer=held[r.pk].officer,
                     unit=held[r.pk].unit, unit_path=held[r.pk].unit.path, centre=held[r.pk].centre)
        for r in due], ignore_conflicts=True)


def _staff_by_unit(unit_ids: set[int]) -> dict[int, list]:
    """The active service staff and supervisors posted in each of these units."""
    staff: dict[int, list] = {}
    for posting in Posting.objects.active().filter(unit_id__in=unit_ids, role__in=STAFF_ROLES,
                                                   user__is_active=True).select_related("user"):
        staff.setdefault(posting.unit_id, []).append(posting.user)
    return staff


def _messages(request: ServiceRequest, station: Unit, staff: dict[int, list]) -> list:
    officers = {officer for unit in path_ids(request.station_path) for officer in staff.get(unit, [])}
    context = {"etag": request.etag_display, "station": station.name_en,
               "url": public_url(f"/officer/services/{request.etag}/")}
    return [m for officer in sorted(officers, key=lambda o: o.pk)
            for m in to_officer(officer, "service_overdue", f"svc:{request.etag}:overdue", context)]
