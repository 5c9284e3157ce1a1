"""The state of the service as numbers, read when asked (readiness, a Prometheus scrape): each one an indexed
count or a minimum, bounded by a statement timeout."""

import importlib
import math

from django.conf import settings
from django.db.models import Min

from shikayat.core import clock
from shikayat.dashboards.models import PendingChange
from shikayat.notifications.models import OutboxMessage

from . import jobs

State = OutboxMessage.State


def outbox() -> dict:
    """Messages due and not sent (outbox_due_idx: state, next_attempt_at), the oldest one's wait, and the
    two kinds that need a person: dead letters and sends whose outcome is unknown."""
    now = clock.now()
    due = OutboxMessage.objects.filter(state=State.PENDING, next_attempt_at__lte=now)
    oldest = due.aggregate(oldest=Min("next_attempt_at"))["oldest"]
    return {
        "backlog": due.count(),
        "oldest_due_seconds": (now - oldest).total_seconds() if oldest else 0.0,
        "dead": OutboxMessage.objects.filter(state=State.DEAD).count(),
        "uncertain": OutboxMessage.objects.filter(state=State.UNCERTAIN).count(),
    }


def rollups() -> dict:
    """Changes waiting to be folded into the dashboards' tables, and how long the oldest has waited (the
    dashboards are that far behind)."""
    pending = PendingChange.objects.aggregate(oldest=Min("created_at"))["oldest"]
    lag = max(0.0, (clock.now() - pending).total_seconds()) if pending else 0.0
    return {"pending": PendingChange.objects.count(), "lag_seconds": lag}


def queue_depth() -> int:
    """Tasks ready to run and not yet taken: the database engine's rows, or the RQ queue's length."""
    if settings.TASKS_ENGINE == "redis":
        import django_rq

        return int(django_rq.get_queue("default").count)
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().count()


def sweep() -> dict | None:
    run = jobs.last("sweep")
    if run is None:
        return None
    return {"duration_seconds": run.duration_seconds, "items": run.items,
            "finished_at": run.finished_at.timestamp()}


def replica_lag() -> float | None:
    """The read replica's lag in seconds (inf when it is down); None when there is no replica, or this
    installation has no replica support (shikayat.core.replica)."""
    try:
        replica = importlib.import_module("shikayat.core.replica")
    except ImportError:
        return None
    try:
        lag = replica.lag_seconds()
    except Exception:  # noqa: BLE001 (a replica that cannot be asked is as good as down)
        return math.inf
    return None if lag is None else float(lag)
