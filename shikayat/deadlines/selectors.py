"""Reads for the delay-ledger pages, scoped to the viewer's postings.
Everything here reads the ledger (indexed by unit path and detection time),
never the complaints table."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from shikayat.accounts.models import User
from shikayat.jurisdictions.models import Unit

from .ledger import scope_paths
from .models import DelayEntry

PERIODS = (7, 30, 90, 365)
REPEAT_DAYS = 90
ENTRIES_SHOWN = 200


def entries_in_scope(user: User) -> QuerySet[DelayEntry]:
    query = Q(pk__in=[])
    for path in scope_paths(user):
        query |= Q(unit_path__startswith=path)
    return DelayEntry.objects.filter(query)


def listed_entries(user: User) -> QuerySet[DelayEntry]:
    """Entries the viewer may see one by one: a confidential complaint's only if they may see the complaint
    (permissions.scope_filter); the summaries count them all."""
    from shikayat.complaints.models import Complaint
    from shikayat.complaints.permissions import scope_filter

    visible = Complaint.objects.filter(scope_filter(user), is_confidential=True).values("pk")
    return entries_in_scope(user).filter(Q(complaint__is_confidential=False) | Q(complaint__in=visible))


def _late(now: datetime):
    return Sum(ExpressionWrapper(Coalesce(F("completed_at"), Value(now)) - F("due_at"), output_field=DurationField()))


def _hours(value) -> float:
    return round(value.total_seconds() / 3600, 1) if isinstance(value, timedelta) else 0.0


@dataclass
class LedgerRow:
    pk: int | None
    label: str
    breaches: int
    open: int
    hours_late: float
    repeat: bool = False


def _grouped(qs: QuerySet[DelayEntry], key: str, now: datetime) -> list[dict]:
    return list(qs.values(key).annotate(breaches=Count("id"), open=Count("id", filter=Q(completed_at__isnull=True)),
                                        late=_late(now)).order_by("-breaches", key))


def repeat_offenders(user: User, now: datetime) -> dict[int, int]:
    """Officers in scope with at least REPEAT_OFFENDER_BREACHES missed deadlines in the last 90 days."""
    needed = settings.SHIKAYAT.get("REPEAT_OFFENDER_BREACHES", 3)
    rows = (entries_in_scope(user).filter(detected_at__gte=now - timedelta(days=REPEAT_DAYS), officer__isnull=False)
            .values("officer_id").annotate(n=Count("id")).filter(n__gte=needed))
    return {row["officer_id"]: row["n"] for row in rows}


def summary(user: User, now: datetime, days: int = 90) -> dict:
    """Per-officer and per-unit counts and hours late over the last `days`, and the repeat offenders."""
    qs = entries_in_scope(user).filter(detected_at__gte=now - timedelta(days=days))
    by_officer, by_unit = _grouped(qs, "officer_id", now), _grouped(qs, "unit_id", now)
    repeat = repeat_offenders(user, now)
    users = User.objects.in_bulk({row["officer_id"] for row in by_officer if row["officer_id"]} | set(repeat))
    units = Unit.objects.in_bulk({row["unit_id"] for row in by_unit})
    officers = [LedgerRow(row["officer_id"], str(users[row["officer_id"]]) if row["officer_id"] else "",
                          row["breaches"], row["open"], _hours(row["late"]), row["officer_id"] in repeat)
                for row in by_officer]
    return {
        "officers": officers,
        "units": [LedgerRow(row["unit_id"], units[row["unit_id"]].name, row["breaches"], row["open"],
                            _hours(row["late"])) for row in by_unit],
        "repeat": sorted(((users[pk], n) for pk, n in repeat.items()), key=lambda item: (-item[1], item[0].pk)),
        "total": sum(row.breaches for row in officers),
        "hours_late": round(sum(row.hours_late for row in officers), 1),
    }


def entries(user: User, now: datetime, *, days: int = 90, officer_id: int | None = None,
            unit_id: int | None = None, unassigned: bool = False,
            within: str | None = None) -> list[DelayEntry]:
    """Entries in the viewer's scope detected in the last `days` days; `within`: a unit path (its subtree)."""
    qs = listed_entries(user).filter(detected_at__gte=now - timedelta(days=days))
    if officer_id is not None:
        qs = qs.filter(officer_id=officer_id)
    if unassigned:
        qs = qs.filter(officer__isnull=True)
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    if within is not None:
        qs = qs.filter(unit_path__startswith=within)
    return list(qs.select_related("officer", "unit", "reviewed_by").annotate(etag=F("complaint__etag"))
                .order_by("-detected_at", "-id")[:ENTRIES_SHOWN])


def entry_for(user: User, pk: int) -> DelayEntry | None:
    return (listed_entries(user).select_related("officer", "unit", "reviewed_by", "complaint")
            .filter(pk=pk).first())
