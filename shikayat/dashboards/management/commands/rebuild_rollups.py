"""Recount the dashboards' rollups from the complaints and their timelines.

Normally not needed: the rollups are maintained with every action. Use it
after a repair made outside the actions (a data fix in SQL, a restore)."""

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from shikayat.dashboards import rollup
from shikayat.dashboards.models import DailyRollup, OpenCount


class Command(BaseCommand):
    help = "Recount every dashboard rollup table from the complaints, their timelines and the delay ledger."

    def handle(self, *args, **options):
        bar = tqdm(desc="complaints", unit="complaint", disable=options["verbosity"] == 0)

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        # One transaction: the dashboards never see half-rebuilt tables (writers wait on the row locks).
        with transaction.atomic():
            rollup.rebuild(progress)
        bar.close()
        self.stdout.write(f"{DailyRollup.objects.count()} daily rows, "
                          f"{OpenCount.objects.filter(count__gt=0).count()} open-count rows.")
