"""The messages a reporter gets (SMS / WhatsApp through the outbox), added to the outbox's templates in
apps.py so that the notifications app need not know this one."""

from django.utils.translation import gettext_lazy as _

TEMPLATES = {
    "lost_reported": _("Your report of a lost %(kind)s is recorded: receipt %(number)s. Download it or check it: "
                       "%(receipt_url)s"),
    "lost_found": _("Good news about receipt %(number)s: your %(kind)s has been found. Collect it from %(kept_at)s, "
                    "%(station)s, with your CNIC and this receipt."),
    "lost_withdrawn": _("Your report %(number)s has been withdrawn as you asked."),
}
