"""The periodic jobs and the scheduler that enqueues them.

Exactly once per period, however many schedulers run: enqueueing a job
first inserts a ScheduledRun(job, period_start) row, and the unique pair
lets only one scheduler win; the others get an IntegrityError and move on.
We chose the row over a PostgreSQL advisory lock because it works the same
on SQLite, survives restarts and leaves a record of what ran when.

With the database engine the task row is written in the same transaction
as the ScheduledRun row, so a period is enqueued exactly once or not at
all. Redis is outside that transaction, so there the job is handed to RQ
after the commit: a crash in between loses one period, which the next
period's run makes up (every job catches up on whatever is due).

A period is skipped while the job's previous run still waits in the queue,
so a busy or stopped worker finds one outbox job waiting, not thousands."""

import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks_db import DatabaseBackend

from shikayat.core import clock

from . import tasks
from .models import ScheduledRun

log = logging.getLogger("shikayat.worker")

ENQUEUED, TAKEN, WAITING, LATE = "enqueued", "taken by another scheduler", "previous run still queued", "too late"


@dataclass(frozen=True)
class PeriodicJob:
    name: str  # a task in shikayat.worker.tasks
    every: timedelta | None = None  # periods aligned to the epoch (UTC), e.g. every 60 s from :00
    daily_at_hour: int | None = None  # or once a day at this hour, local time (TIME_ZONE)
    catch_up: timedelta | None = None  # a period whose start is further back than this is skipped

    def period_start(self, now: datetime) -> datetime:
        if self.every:
            seconds = int(self.every.total_seconds())
            epoch = int(now.timestamp())
            return datetime.fromtimestamp(epoch - epoch % seconds, tz=UTC)
        local = timezone.localtime(now)
        start = local.replace(hour=self.daily_at_hour, minute=0, second=0, microsecond=0)
        return start if start <= local else start - timedelta(days=1)

    def describe(self) -> str:
        if self.every and self.every.total_seconds() % 86400 == 0:
            return f"{self.name} every {self.every.days} day(s)"
        if self.every:
            return f"{self.name} every {int(self.every.total_seconds())} s"
        return f"{self.name} daily at {self.daily_at_hour:02d}:00 {settings.TIME_ZONE}"

    @property
    def task(self):
        return getattr(tasks, self.name)


def periodic_jobs() -> list[PeriodicJob]:
    conf = settings.SHIKAYAT["SCHEDULE"]
    return [
        PeriodicJob("deliver_outbox", every=timedelta(seconds=conf["OUTBOX_SECONDS"])),
        PeriodicJob("sweep_deadlines", every=timedelta(seconds=conf["SWEEP_SECONDS"])),
        PeriodicJob("fold_rollups", every=timedelta(seconds=conf.get("ROLLUP_SECONDS", 5))),
        PeriodicJob("send_digests", daily_at_hour=conf["DIGEST_HOUR"],
                    catch_up=timedelta(hours=conf["DIGEST_CATCH_UP_HOURS"])),
        PeriodicJob("prune_history", every=timedelta(days=1)),
        # Each file-mode portal's disposal file of the day before, once a day (a missed day is made up: the file
        # takes every step not yet in one).
        PeriodicJob("make_disposal_files", daily_at_hour=conf.get("DISPOSAL_HOUR", 1)),
        PeriodicJob("freeze_month_ends", every=timedelta(hours=1)),  # a no-op unless a month has just ended
        # The WhatsApp safety net, only where the webhook is configured (nothing arrives otherwise).
        *([PeriodicJob("process_whatsapp", every=timedelta(seconds=conf.get("WHATSAPP_SECONDS", 5)))]
          if settings.SHIKAYAT.get("WHATSAPP", {}).get("APP_SECRET") else []),
    ]


def enqueue_once(job: PeriodicJob, now: datetime) -> str:
    """Enqueue `job` for the period containing `now` unless that period is
    already taken, too late, or the previous run is still waiting."""
    start = job.period_start(now)
    if job.catch_up and now - start > job.catch_up:
        return LATE
    if _previous_still_queued(job, start):
        return WAITING
    in_same_database = isinstance(job.task.get_backend(), DatabaseBackend)
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(job=job.name, period_start=start, enqueued_at=now)
            if in_same_database:
                run.task_id = str(job.task.enqueue().id)
                run.save(update_fields=["task_id"])
            else:
                transaction.on_commit(lambda: _hand_over(job, run))
    except IntegrityError:
        return TAKEN
    log.log(logging.DEBUG if job.every and job.every < timedelta(minutes=1) else logging.INFO,
            "enqueued %s for %s", job.name, timezone.localtime(start).isoformat(timespec="seconds"))
    return ENQUEUED


def _hand_over(job: PeriodicJob, run: ScheduledRun) -> None:
    """After the commit: give the job to the queue outside the database (RQ)."""
    try:
        task_id = str(job.task.enqueue().id)
    except Exception:  # the queue is down: this period is lost, the next one catches up
        log.exception("could not enqueue %s for %s", job.name, run.period_start)
        return
    ScheduledRun.objects.filter(pk=run.pk).update(task_id=task_id)


def _previous_still_queued(job: PeriodicJob, start: datetime) -> bool:
    previous = (ScheduledRun.objects.filter(job=job.name, period_start__lt=start).exclude(task_id="")
                .order_by("-period_start").first())
    if previous is None:
        return False
    try:
        return job.task.get_result(previous.task_id).status == TaskResultStatus.READY
    except TaskResultDoesNotExist:
        return False


def status_of_run(job: PeriodicJob, period_start: datetime) -> str | None:
    """The queue's status (TaskResultStatus) for the job's run in that period; None if it has none."""
    run = ScheduledRun.objects.filter(job=job.name, period_start=period_start).exclude(task_id="").first()
    if run is None:
        return None
    try:
        return job.task.get_result(run.task_id).status
    except TaskResultDoesNotExist:
        return None


class Scheduler:
    """Checks every job each tick; talks to the database only when a job's
    period has changed since this scheduler last handled it."""

    def __init__(self, jobs: list[PeriodicJob] | None = None):
        self.jobs = jobs if jobs is not None else periodic_jobs()
        self.handled: dict[str, datetime] = {}

    def tick(self, now: datetime | None = None) -> dict[str, str]:
        """One pass; returns {job name: outcome} for the jobs whose period was new."""
        now = now or clock.now()
        outcomes = {}
        for job in self.jobs:
            start = job.period_start(now)
            if self.handled.get(job.name) == start:
                continue
            outcomes[job.name] = enqueue_once(job, now)
            self.handled[job.name] = start
        return outcomes

    def run(self, stop: threading.Event, tick_seconds: float = 1.0) -> None:
        """Tick until `stop` is set. A database error is logged and retried
        with a growing pause (up to a minute), never fatal."""
        log.info("scheduler started (%s engine): %s", settings.TASKS_ENGINE,
                 "; ".join(job.describe() for job in self.jobs))
        failures = 0
        try:
            while not stop.is_set():
                close_old_connections()
                try:
                    self.tick()
                    failures = 0
                except Exception:  # the database or Redis is away: keep the scheduler alive
                    failures += 1
                    log.exception("scheduler tick failed (%d in a row); retrying", failures)
                stop.wait(min(60.0, tick_seconds * 2 ** failures) if failures else tick_seconds)
        finally:
            connection.close()
            log.info("scheduler stopped")
