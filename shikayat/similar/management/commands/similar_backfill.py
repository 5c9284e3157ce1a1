from django.core.management.base import BaseCommand

from shikayat.similar.backfill import backfill


class Command(BaseCommand):
    help = "Write the duplicate search's fingerprints for complaints that have none (older or generated ones)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args, batch, **options):
        written = backfill(batch=max(1, batch))
        self.stdout.write(f"{written} fingerprints written")
