import time

from django.core.management.base import BaseCommand

from shikayat.notifications.delivery import deliver_due


class Command(BaseCommand):
    help = "Send due outbox messages (SMS / email / WhatsApp) through the configured backends."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running, polling every --interval seconds.")
        parser.add_argument("--interval", type=float, default=2.0)
        parser.add_argument("--batch", type=int, default=100, help="Messages per round (default 100).")

    def handle(self, *args, loop: bool, interval: float, batch: int, **options):
        while True:
            sent = deliver_due(limit=batch)
            if sent or not loop:
                self.stdout.write(f"sent {sent} message(s)")
            if not loop:
                return
            if sent < batch:
                time.sleep(interval)
