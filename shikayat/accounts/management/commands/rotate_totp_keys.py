"""Re-encrypt officers' authenticator secrets with the first of SHIKAYAT_TOTP_KEYS.

Rotation: put the new key first in SHIKAYAT_TOTP_KEYS (keep the old one after it), restart, run this
command, then remove the old key."""

from django.core.management.base import BaseCommand, CommandError

from shikayat.accounts import secret_box, two_factor


class Command(BaseCommand):
    help = "Re-encrypt every officer's authenticator secret with the first key of SHIKAYAT_TOTP_KEYS."

    def handle(self, *args, **options):
        try:
            count = two_factor.rotate_keys()
        except secret_box.UnreadableSecret as error:
            raise CommandError(f"{error}; nothing was changed. Keep the old key in SHIKAYAT_TOTP_KEYS (after "
                               "the new one) until this command has run.") from error
        self.stdout.write(f"Re-encrypted {count} authenticator secret(s) with the first key.")
