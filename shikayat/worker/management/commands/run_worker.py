"""manage.py run_worker: the one background command (scheduler + worker)."""

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.urls import get_resolver
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished, task_started

from shikayat.core import clock
from shikayat.worker.schedule import ENQUEUED, Scheduler, status_of_run

log = logging.getLogger("shikayat.worker")


class OnlyProblems(logging.Filter):
    """Keeps warnings and errors: a line per task every few seconds would bury the ones that matter."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


class Command(BaseCommand):
    help = (
        "Run Shikayat's background work: the scheduler (see run_scheduler --help) in a thread, and a worker for "
        "the engine SHIKAYAT_TASKS_BACKEND selects: 'database' (default; the queue is a table, run by "
        "django-tasks' db_worker) or 'redis' (RQ on REDIS_URL, run by rqworker). Start more with --no-scheduler "
        "to add workers; two schedulers are harmless. SIGTERM or Ctrl-C stops it after the task at hand."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-scheduler", action="store_false", dest="scheduler",
                            help="only work the queue (an extra worker beside one that schedules)")
        parser.add_argument("--burst", action="store_true",
                            help="enqueue what is due now (unless --no-scheduler), run every queued task, then exit; "
                                 "the exit status is 1 if a job it enqueued failed")
        parser.add_argument("--interval", type=float, default=1.0, metavar="SECONDS",
                            help="database engine: how often an idle worker looks for tasks (default 1)")
        parser.add_argument("--tick", type=float, default=1.0, metavar="SECONDS",
                            help="how often the scheduler looks at the clock (default 1)")

    def handle(self, *args, scheduler: bool, burst: bool, interval: float, tick: float, verbosity: int, **options):
        if interval <= 0 or tick <= 0:
            raise CommandError("--interval and --tick must be more than 0 seconds.")
        if verbosity < 2:
            for name in ("django_tasks", "rq.worker"):
                logging.getLogger(name).addFilter(OnlyProblems())
        log.info("worker starting: %s engine%s", settings.TASKS_ENGINE, ", with the scheduler" if scheduler else "")
        # Load the URLconf now (it imports every view): the messages' links are reversed, and the first deadline
        # sweep or delivery should not pay that half second.
        get_resolver().reverse_dict  # noqa: B018
        if burst:
            self.burst(scheduler=scheduler, interval=interval, verbosity=verbosity)
            return
        stop = threading.Event()
        thread = None
        if scheduler:
            thread = threading.Thread(target=Scheduler().run, args=(stop, tick), name="scheduler", daemon=True)
            thread.start()
        try:
            # The worker runs in the main thread: it installs the SIGTERM / SIGINT handlers and
            # returns (or raises SystemExit) once the task at hand is done.
            self.work(burst=False, interval=interval, verbosity=verbosity)
        finally:
            stop.set()
            if thread:
                thread.join(timeout=30)
            log.info("worker stopped")

    def burst(self, *, scheduler: bool, interval: float, verbosity: int) -> None:
        now = clock.now()
        schedule = Scheduler(jobs=None if scheduler else [])
        outcomes = schedule.tick(now)
        for job, outcome in outcomes.items():
            self.stdout.write(f"{job}: {outcome}")
        self.work(burst=True, interval=interval, verbosity=verbosity)
        failed = [job.name for job in schedule.jobs if outcomes.get(job.name) == ENQUEUED
                  and status_of_run(job, job.period_start(now)) == TaskResultStatus.FAILED]
        if failed:
            raise CommandError(f"these jobs failed (their tracebacks are in the log above): {', '.join(failed)}")

    def work(self, *, burst: bool, interval: float, verbosity: int) -> None:
        if settings.TASKS_ENGINE == "database":
            call_command("db_worker", queue_name="default", interval=interval, batch=burst, reload=False,
                         startup_delay=False, verbosity=verbosity)
        else:
            # SimpleWorker runs each job in this process: RQ's default forks per job, and a fork taken while the
            # scheduler thread holds a lock (SQLite's, the Redis pool's) leaves the child waiting for it forever.
            # Plain `manage.py rqworker` processes (forking) are fine beside a separate run_scheduler.
            task_started.connect(fresh_connections, dispatch_uid="shikayat.worker.fresh_connections.started")
            task_finished.connect(fresh_connections, dispatch_uid="shikayat.worker.fresh_connections.finished")
            call_command("rqworker", "default", job_class="django_tasks_rq.Job", worker_class="rq.SimpleWorker",
                         burst=burst, verbosity=verbosity)


def fresh_connections(**kwargs) -> None:
    """Between jobs, as Django does between requests: drop broken or expired database connections."""
    close_old_connections()
