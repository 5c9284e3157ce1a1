"""Permission deadlines, part of the deadline sweep (deadlines/sweep.py): an application with a step past its due
time is marked once and charged in the permits' delay ledger (PermitDelay) to whoever held it then:

- the station's report still awaited and past due: the station, charged to its head (SHO) when it has one;
- else the special branch's report: the district, charged to its special-branch officer when it has one;
- else the decision: the district, charged to its supervisor (DPO) when it has one.

The ledger row is completed when the application is decided (actions.decide). Due applications are read through
their partial index (permit_due_idx), a batch at a time with SKIP LOCKED."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from shikayat.accounts.models import Posting, User
from shikayat.jurisdictions.models import Unit

from .models import OPEN_PERMIT, PermitApplication, PermitDelay, PermitStage
from .rules import STEP_ROLES


@dataclass(frozen=True)
class Holder:
    stage: str
    unit: Unit
    officer: User | None


def holder(application: PermitApplication, now: datetime, sole: dict[tuple[int, str], User]) -> Holder:
    """Who held the application at `now`: the first awaited step already past due."""
    if application.station_reported_at is None and application.station_due_at <= now:
        return Holder(PermitStage.STATION, application.station, sole.get((application.station_id, "station")))
    if application.branch_reported_at is None and application.branch_due_at <= now:
        return Holder(PermitStage.BRANCH, application.district, sole.get((application.district_id, "branch")))
    return Holder(PermitStage.DECISION, application.district, sole.get((application.district_id, "decision")))


def _sole_officers(units: set[int]) -> dict[tuple[int, str], User]:
    """(unit, step) → the one active officer posted there in that step's role (none when several or none)."""
    found: dict[tuple[int, str], set] = {}
    users = {}
    by_role = {role: step for step, role in STEP_ROLES.items()}
    for posting in Posting.objects.active().filter(unit_id__in=units, role__in=by_role,
                                                   user__is_active=True).select_related("user"):
        found.setdefault((posting.unit_id, by_role[posting.role]), set()).add(posting.user_id)
        users[posting.user_id] = posting.user
    return {key: users[next(iter(ids))] for key, ids in found.items() if len(ids) == 1}


def permit_breaches(now: datetime, batch: int = 500) -> int:
    """Mark the applications with a step overdue at `now` (once each) and charge them in the ledger."""
    total = 0
    while True:
        with transaction.atomic():
            due = list(PermitApplication.objects.filter(due_at__lte=now, breached_at__isnull=True,
                                                        status__in=OPEN_PERMIT)
                       .order_by("due_at", "pk").select_for_update(skip_locked=True)[:batch])
            if due:
                PermitApplication.objects.filter(pk__in=[a.pk for a in due]).update(breached_at=now)
                units = Unit.objects.in_bulk({a.station_id for a in due} | {a.district_id for a in due})
                for a in due:
                    a.station, a.district = units[a.station_id], units[a.district_id]
                sole = _sole_officers(set(units))
                rows = []
                for a in due:
                    held = holder(a, now, sole)
                    rows.append(PermitDelay(application=a, stage=held.stage, due_at=a.due_at, detected_at=now,
                                            officer=held.officer, unit=held.unit, unit_path=held.unit.path))
                PermitDelay.objects.bulk_create(rows, ignore_conflicts=True)
        total += len(due)
        if len(due) < batch:
            return total
