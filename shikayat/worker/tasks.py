"""Background jobs. Each is thin: it calls one domain function and reports
what it did. The scheduler (schedule.py) enqueues them once per period; a
worker (manage.py run_worker) runs them.

The domain functions are imported inside the bodies so that this module
loads before (and without) the apps that provide them."""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from shikayat.core import clock

log = logging.getLogger("shikayat.worker")


@task()
def deliver_outbox(batch: int = 100, budget_seconds: float = 4.0) -> int:
    """Send due outbox messages, batch after batch, until fewer than a batch
    went out or the time budget is spent; returns how many were sent."""
    from shikayat.notifications.delivery import deliver_due

    give_up_at = time.monotonic() + budget_seconds
    sent = 0
    while True:
        sent_now = deliver_due(limit=batch)
        sent += sent_now
        if sent_now < batch or time.monotonic() >= give_up_at:
            break
    if sent:
        log.info("outbox: sent %d message(s)", sent)
    return sent


@task()
def sweep_deadlines() -> dict:
    """Reminders, breaches and escalations for whatever fell due since the last sweep."""
    from shikayat.deadlines.sweep import run_sweep
    from shikayat.ops import jobs

    started = time.perf_counter()
    counts = run_sweep()
    # Its duration and what it found, for /metrics on any host (shikayat_sweep_duration_seconds, …_due_items).
    jobs.record("sweep", seconds=time.perf_counter() - started, items=sum(counts.values()))
    if any(counts.values()):
        log.info("deadline sweep: %s", ", ".join(f"{key} {n}" for key, n in counts.items()))
    return counts


@task()
def fold_rollups() -> int:
    """Add the actions' pending changes to the dashboards' rollup tables."""
    from shikayat.dashboards.rollup import fold_pending

    folded = fold_pending()
    if folded:
        log.debug("rollups: folded %d pending change(s)", folded)
    return folded


@task()
def send_digests() -> int:
    """The supervisors' daily digest; returns how many were queued."""
    from shikayat.deadlines.digest import send_digests as send

    queued = send()
    log.info("daily digest: %d supervisor message(s) queued", queued)
    return queued


@task()
def freeze_month_ends() -> int:
    """Once a month is over, freeze every unit's pending and overdue at its end (the monthly report's)."""
    from shikayat.reports.monthend import freeze, previous_month

    stored = freeze(previous_month(timezone.localdate(clock.now())))
    if stored:
        log.info("month end: pending and overdue frozen for %d unit(s)", stored)
    return stored


@task()
def make_disposal_files() -> dict:
    """Yesterday's disposal file for each portal that takes files only (shikayat/channels/disposal.py)."""
    from shikayat.channels.disposal import make_files

    made = make_files()
    if made:
        log.info("disposal files: %s", ", ".join(f"{source} {rows} row(s)" for source, rows in made.items()))
    return made


@task()
def prune_history() -> dict:
    """Forget schedule rows and finished task results older than KEEP_HISTORY_DAYS
    (the outbox job alone leaves 17,280 of each a day), the documents of
    WhatsApp applications abandoned before they were submitted, and webhook
    delivery attempts older than WEBHOOKS_LOG_DAYS."""
    from django_tasks_db.models import DBTaskResult

    from shikayat.webhooks.models import DeliveryAttempt
    from shikayat.whatsapp.media import discard_unused_documents
    from shikayat.worker.models import ScheduledRun

    now = clock.now()
    cutoff = now - timedelta(days=settings.SHIKAYAT["SCHEDULE"]["KEEP_HISTORY_DAYS"])
    counts = {
        "scheduled_runs": ScheduledRun.objects.filter(period_start__lt=cutoff).delete()[0],
        # The database engine's results; RQ expires its own.
        "task_results": DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()[0],
        # Documents sent in chat for an application that was never submitted.
        "whatsapp_staged_documents": discard_unused_documents(),
        # The webhooks' delivery log, kept longer (integrators ask about last month's events).
        "webhook_attempts": DeliveryAttempt.objects.filter(
            attempted_at__lt=now - timedelta(days=settings.SHIKAYAT["WEBHOOKS_LOG_DAYS"])).delete()[0],
    }
    log.info("pruned task history older than %s: %s", cutoff.date(), counts)
    return counts


# The same task the WhatsApp webhook queues on receipt (shikayat/whatsapp/tasks.py), under its periodic job's name.
from shikayat.whatsapp.tasks import process_inbound as process_whatsapp  # noqa: E402, F401
