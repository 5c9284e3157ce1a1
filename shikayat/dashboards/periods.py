"""League figures over a period: the counters of many units or officers summed over the last N days, read as
PeriodTotals rows (the complete days before today, stored once a day) plus today's rollup rows, so a
province's 800 officers over 30 days read about 1,600 rows rather than 22,000 and sum nothing.

A league stores the rows it lacks for every unit or officer it lists, zeros included (a complete set is
recognised by its size). Whatever adds to a rollup row of a day that stored totals cover deletes them first
(forget, called by rollup.Batch.upsert: late folds, imports of the past, rebuilds), so the totals are always
what summing the days would give. On PostgreSQL forgetting takes an advisory lock exclusively and computing
takes it shared, so totals summed just before a fold commits are never stored after it."""

from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import BigIntegerField, Q, Sum
from django.db.models.functions import Cast

from .models import COUNTERS, DailyRollup, OfficerRollup, PeriodTotals

KINDS = {"unit": (DailyRollup, "unit"), "officer": (OfficerRollup, "officer")}
LOCK = 1_936_287_091  # the advisory lock's key, "sums" in ASCII
# Up to this many owners the reads name them (IN …); beyond, they read the period's or the day's rows of every
# owner and keep the wanted ones: a province's 800-id IN list costs more to build and parse than the few hundred
# rows it leaves out.
NAMED = 100


def _lock(*, shared: bool) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT pg_advisory_xact_lock{'_shared' if shared else ''}(%s)", [LOCK])


def totals(kind: str, owners: list[int], since: date, until: date) -> dict[int, dict]:
    """{owner: counters summed over the days since … until} of each unit or officer (kind "unit" or "officer")."""
    model, key = KINDS[kind]
    result = {pk: dict.fromkeys(COUNTERS, 0) for pk in owners}
    through = until - timedelta(days=1)
    if since <= through:
        past = dict(_stored(kind, owners, since, through))
        missing = [pk for pk in owners if pk not in past]
        if missing:
            past.update(_store(kind, missing, since, through))
        result.update(past)
    for row in _named(model.objects.filter(day=until), key, owners).values_list(key, *COUNTERS):
        counters = result.get(row[0])
        if counters is None:
            continue
        for name, value in zip(COUNTERS, row[1:], strict=True):
            counters[name] += value
    return result


def _named(rows, key: str, owners: list[int]):
    return rows.filter(**{f"{key}__in": owners}) if len(owners) <= NAMED else rows


def _stored(kind: str, owners: list[int], since: date, through: date):
    wanted = set(owners)
    for row in _named(PeriodTotals.objects.filter(kind=kind, since=since, through=through), "owner",
                      owners).values_list("owner", *COUNTERS):
        if row[0] in wanted:
            yield row[0], dict(zip(COUNTERS, row[1:], strict=True))


def _store(kind: str, owners: list[int], since: date, through: date) -> dict[int, dict]:
    """Sum the days for `owners` and store the sums (another request may store the same first: theirs stay)."""
    model, key = KINDS[kind]
    # SUM(…) as a bigint: PostgreSQL sums bigints as numeric, which the driver turns into Decimal value by value.
    sums = {c: Cast(Sum(c), BigIntegerField()) for c in COUNTERS}
    with transaction.atomic():
        _lock(shared=True)
        found = {g[key]: {c: int(g[c] or 0) for c in COUNTERS} for g in model.objects.filter(
            **{f"{key}__in": owners}, day__gte=since, day__lte=through).values(key).annotate(**sums)}
        rows = {pk: found.get(pk) or dict.fromkeys(COUNTERS, 0) for pk in owners}
        PeriodTotals.objects.filter(kind=kind, through__lt=through).delete()  # earlier days' leagues: done with
        PeriodTotals.objects.bulk_create([PeriodTotals(kind=kind, owner=pk, since=since, through=through, **counters)
                                          for pk, counters in rows.items()], ignore_conflicts=True)
    return rows


def forget(earliest: dict[str, date]) -> None:
    """Delete the stored totals that cover a day about to change ({kind: earliest day changed}), waiting for
    totals being computed and keeping new ones out until the caller's transaction ends."""
    if not earliest:
        return
    _lock(shared=False)
    covering = Q()
    for kind, day in earliest.items():
        covering |= Q(kind=kind, through__gte=day)
    PeriodTotals.objects.filter(covering).delete()


def forget_all() -> None:
    _lock(shared=False)
    PeriodTotals.objects.all().delete()
