"""manage.py intake_email: read complaint email from a directory or an IMAP mailbox."""

import logging
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection
from django.utils.translation import gettext as _
from tqdm import tqdm

from shikayat.channels.email_intake import intake_from
from shikayat.channels.mailboxes import DirectoryMailbox, ImapMailbox, MailboxError
from shikayat.channels.models import InboundMessage

log = logging.getLogger("shikayat.channels.email")


def summary(counts) -> str:
    """One line: how many messages, and what became of each."""
    labels = {**dict(InboundMessage.Outcome.choices), "already_seen": _("Already processed before"),
              "error": _("Failed, left in the mailbox (see the log)")}
    parts = [f"{labels.get(key, key)}: {n}" for key, n in sorted(counts.items()) if n]
    total = _("%(n)d message(s)") % {"n": sum(counts.values())}
    return total + (" — " + "; ".join(parts) if parts else "")


class Command(BaseCommand):
    help = (
        "Turn incoming email into complaints. A message becomes a new complaint (category "
        "SHIKAYAT_EMAIL_INTAKE_CATEGORY), or is added to the complaint whose E-tag is in its subject (or that it "
        "replies to) when it comes from that complaint's email address; auto-replies, bounces and our own mail "
        "are ignored. Each message is recorded once by its Message-ID, so reading the same mail again changes "
        "nothing. Source: --dir PATH (*.eml files, moved to PATH/processed/ once recorded) or --imap (the unread "
        "messages of the IMAP folder, marked read once recorded)."
    )

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--dir", metavar="PATH", help="a directory of .eml files")
        source.add_argument("--imap", action="store_true",
                            help="the IMAP mailbox set by SHIKAYAT_IMAP_HOST, _PORT (993), _USER, _PASSWORD, "
                                 "_FOLDER (INBOX) and _SSL (1; with 0, STARTTLS when the server offers it)")
        parser.add_argument("--loop", action="store_true", help="keep polling until stopped (Ctrl-C)")
        parser.add_argument("--interval", type=int, default=60, metavar="N",
                            help="seconds between polls with --loop (default 60)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar (for logs and cron)")

    def handle(self, *args, **options):
        if options["interval"] < 1:
            raise CommandError("--interval must be at least 1 second.")
        open_mailbox = self._directory(options["dir"]) if options["dir"] else self._imap()
        quiet = options["no_progress"] or options["verbosity"] == 0

        def progress(keys):
            return tqdm(keys, desc="email", unit="msg", disable=quiet or not keys, file=sys.stderr)

        try:
            while True:
                if not connection.in_atomic_block:  # (tests run the command inside a transaction)
                    close_old_connections()  # a long-running poller outlives database restarts
                try:
                    with open_mailbox() as mailbox:
                        counts = intake_from(mailbox, progress=progress)
                except MailboxError as error:
                    if not options["loop"]:
                        raise CommandError(str(error)) from error
                    log.warning("email intake: %s; trying again in %ss", error, options["interval"])
                else:
                    if counts or not options["loop"]:
                        self.stdout.write(_("Email intake: %(summary)s") % {"summary": summary(counts)})
                if not options["loop"]:
                    return
                time.sleep(options["interval"])
        except KeyboardInterrupt:
            self.stdout.write(_("Email intake stopped."))

    def _directory(self, path):
        try:
            DirectoryMailbox(path)
        except MailboxError as error:
            raise CommandError(str(error)) from error
        return lambda: DirectoryMailbox(path)

    def _imap(self):
        conf = settings.SHIKAYAT.get("IMAP", {})
        missing = [f"SHIKAYAT_IMAP_{key}" for key in ("HOST", "USER", "PASSWORD") if not conf.get(key)]
        if missing:
            raise CommandError(_("Set %(names)s to read an IMAP mailbox.") % {"names": ", ".join(missing)})
        return lambda: ImapMailbox(conf["HOST"], conf["PORT"], conf["USER"], conf["PASSWORD"], conf["FOLDER"],
                                   ssl=conf["SSL"])
