"""Re-encrypt the webhook subscriptions' signing secrets with the first of SHIKAYAT_TOTP_KEYS: run it with
rotate_totp_keys, before the old key is removed (shikayat/webhooks/signing.py)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from shikayat.accounts import secret_box
from shikayat.webhooks import signing
from shikayat.webhooks.models import Subscription


class Command(BaseCommand):
    help = "Re-encrypt every webhook signing secret with the first key of SHIKAYAT_TOTP_KEYS."

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                rows = list(Subscription.objects.select_for_update().exclude(secret=""))
                for row in rows:
                    signing.reencrypt(row)
        except secret_box.UnreadableSecret as error:
            raise CommandError(f"{error}; nothing was changed. Keep the old key in SHIKAYAT_TOTP_KEYS (after "
                               "the new one) until this command has run.") from error
        self.stdout.write(f"Re-encrypted the secrets of {len(rows)} webhook subscription(s) with the first key.")
