"""What the call-centre console reads: the open alarms in the agent's scope, as one small indexed query."""

import hashlib
from datetime import datetime, timedelta

from django.db.models import Q

from shikayat.accounts.models import User
from shikayat.calls import actions as calls

from . import actions
from .models import SosAlert

SHOWN_FOR = timedelta(hours=24)  # an alarm nobody took for a day is the duty officer's report, not a siren
MAP_MAX = 500  # open alerts on one map: a day's worth even in a riot; the console lists every one


def open_alarms(user: User, now: datetime):
    """Unacknowledged alerts of the last day at stations in the agent's call-centre scope (or with no station
    known), oldest first."""
    return _open_in_scope(user, now, stationless=True)


def map_alerts(user: User, now: datetime, *, within: str = ""):
    """The open alerts the force's map shows this officer: those of `open_alarms`, but only at stations in his
    call-centre scope (and under the unit path `within`, when given). An alert with no station known belongs to no
    unit he may see, so it stays on the console only: fail closed. At most MAP_MAX, oldest first."""
    found = _open_in_scope(user, now, stationless=False)
    if within:
        found = found.filter(station__path__startswith=within)
    return found[:MAP_MAX]


def _open_in_scope(user: User, now: datetime, *, stationless: bool):
    """Unacknowledged alerts of the last day at stations in the officer's call-centre scope, and with
    `stationless` those with no station known too; oldest first."""
    paths = calls.scope_paths(user)
    if not paths:
        return SosAlert.objects.none()
    where = Q(station__isnull=True) if stationless else Q()
    for path in paths:
        where |= Q(station__path__startswith=path)
    return (SosAlert.objects.filter(where, acknowledged_at__isnull=True, raised_at__gte=now - SHOWN_FOR)
            .select_related("station").order_by("raised_at", "id"))


def fingerprint(alerts, salt: str = "") -> str:
    """The ETag of the list: changes when an alarm comes, goes or changes (each change bumps its version), and
    with `salt` (the map's: its language, since station names are written in it)."""
    seed = salt + ",".join(f"{a.pk}:{a.version}" for a in alerts)
    return '"sos-' + hashlib.sha256(seed.encode()).hexdigest()[:16] + '"'


def is_live(alert: SosAlert, now: datetime) -> bool:
    return alert.located_at is not None and now - alert.located_at <= timedelta(minutes=actions.live_minutes())
