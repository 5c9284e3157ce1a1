"""An address (mobile in E.164, or email) whose owner asked for no more updates; an officer's notices."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UpdateStop(models.Model):
    """The citizen replied STOP / بند / बंद: no more updates about their complaints to this address, on any
    channel, until they reply START. Answers to what they ask (a status, an OTP) are still sent."""

    address = models.CharField(max_length=254, unique=True)  # E.164 mobile (SMS and WhatsApp alike) or email
    channel = models.CharField(max_length=16)  # where they said it: sms, whatsapp, email
    stopped_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.address} (stopped by {self.channel} at {self.stopped_at:%Y-%m-%d %H:%M})"


class OfficerNotice(models.Model):
    """Something an officer is told about a complaint they hold (shikayat/updates/officers.py), shown under
    Updates in their workspace until they open it. Another of the same kind while it is unread adds to it
    (`count`, `at`) instead of a new row and a new message."""

    class Kind(models.TextChoices):
        MARKED = "marked", _("Marked to you")
        INFORMATION = "information", _("The complainant added information")
        ATTACHMENT = "attachment", _("The complainant added a file")
        SATISFIED = "satisfied", _("The complainant is satisfied")
        REOPENED = "reopened", _("The complainant is not satisfied: reopened")
        # A portal that forwarded it sent a reminder or a re-opened notice (shikayat/channels/portal_notices.py).
        PORTAL_NOTICE = "portal_notice", _("The portal that forwarded it sent a notice")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    at = models.DateTimeField()  # the latest time it happened
    count = models.PositiveIntegerField(default=1)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # The header's unread count and the list of updates, newest first.
            models.Index(fields=["user", "at"], name="notice_unread_idx", condition=models.Q(read_at__isnull=True)),
            models.Index(fields=["user", "at"], name="notice_user_at_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "complaint", "kind"], condition=models.Q(read_at__isnull=True),
                                    name="one_unread_notice_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_kind_display()} ({self.at:%Y-%m-%d %H:%M})"
