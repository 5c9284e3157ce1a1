"""manage.py run_scheduler: enqueue the periodic jobs, once per period."""

import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from shikayat.worker.schedule import Scheduler


class Command(BaseCommand):
    help = (
        "Enqueue Shikayat's periodic jobs: the outbox (every SHIKAYAT_OUTBOX_SECONDS, 5), the deadline sweep "
        "(every SHIKAYAT_SWEEP_SECONDS, 60), the supervisors' digest (daily at SHIKAYAT_DIGEST_HOUR, 7, local "
        "time) and history pruning (daily). Each job is enqueued once per period even when several schedulers "
        "run. It only enqueues: a worker runs the jobs (manage.py run_worker runs both; see its --help). "
        "Stops on SIGTERM or Ctrl-C."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one pass: enqueue what is due now, then exit")
        parser.add_argument("--tick", type=float, default=1.0, metavar="SECONDS",
                            help="how often to look at the clock (default 1)")

    def handle(self, *args, once: bool, tick: float, **options):
        if tick <= 0:
            raise CommandError("--tick must be more than 0 seconds.")
        scheduler = Scheduler()
        if once:
            for job, outcome in scheduler.tick().items():
                self.stdout.write(f"{job}: {outcome}")
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        scheduler.run(stop, tick_seconds=tick)
