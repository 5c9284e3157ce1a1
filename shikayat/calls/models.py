"""The call centre's record of every call: who rang, which agent took it, when, why and with what outcome,
and the complaints it touched. A call starts when the agent looks a number up on the console or when the
telephone system reports it ringing (TelephonyEvent, each event id stored once), and the agent closes it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    INBOUND = "inbound", _("Inbound")
    CALLBACK = "callback", _("Call-back")


class Purpose(models.TextChoices):
    NEW_COMPLAINT = "new_complaint", _("New complaint")
    STATUS = "status", _("Status of a complaint")
    FEEDBACK = "feedback", _("Feedback")
    INFORMATION = "information", _("Information")
    ABUSIVE_BLANK = "abusive_blank", _("Abusive or blank call")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Answered on the call")
    REGISTERED = "registered", _("Complaint registered")
    CALL_BACK = "call_back", _("Call-back needed")
    REFERRED = "referred", _("Referred elsewhere")
    DROPPED = "dropped", _("Line dropped")
    ABANDONED = "abandoned", _("Abandoned before answer")


# Outcomes the agent may choose when closing (abandoned is the telephone system's to say).
CLOSING_OUTCOMES = [choice for choice in Outcome.choices if choice[0] != Outcome.ABANDONED]
# The caller's need was met on this one call: first-call resolution.
RESOLVING = frozenset({Outcome.RESOLVED, Outcome.REGISTERED, Outcome.REFERRED})


class State(models.TextChoices):
    RINGING = "ringing", _("Ringing")
    OPEN = "open", _("In progress")
    CLOSED = "closed", _("Closed")


class Call(models.Model):
    caller = models.CharField(max_length=20, db_index=True)  # E.164
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="calls")
    extension = models.CharField(max_length=20, blank=True)
    # The agent's call-centre unit's materialised path: dashboards read a subtree by prefix.
    unit_path = models.CharField(max_length=255, db_index=True, blank=True)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.INBOUND)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    note = models.CharField(max_length=500, blank=True)
    started_at = models.DateTimeField(db_index=True)  # ringing, or the console's look-up
    answered_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)  # the line went down (or the agent closed it)
    closed_at = models.DateTimeField(null=True, blank=True)  # the agent recorded purpose and outcome
    external_id = models.CharField(max_length=100, null=True, blank=True, unique=True)  # the telephone system's
    recording_ref = models.CharField(max_length=255, blank=True)
    # A call closed with "call-back needed" is due back by callback_due; the call-back that answers it fills
    # callback_done_at and points here through answers.
    callback_due = models.DateTimeField(null=True, blank=True)
    callback_done_at = models.DateTimeField(null=True, blank=True)
    answers = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="callbacks")
    review_requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                            on_delete=models.PROTECT, related_name="+")
    review_requested_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.CharField(max_length=500, blank=True)
    complaints = models.ManyToManyField("complaints.Complaint", through="CallComplaint", related_name="calls")

    class Meta:
        indexes = [models.Index(fields=["agent", "state"]), models.Index(fields=["unit_path", "started_at"])]
        constraints = [models.CheckConstraint(condition=~models.Q(state="closed") | models.Q(closed_at__isnull=False),
                                              name="calls_closed_has_time")]

    def __str__(self):
        return f"{self.caller} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None

    @property
    def handling_seconds(self) -> int | None:
        if self.answered_at is None or self.ended_at is None:
            return None
        return int((self.ended_at - self.answered_at).total_seconds())


class CallComplaint(models.Model):
    class Kind(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        LOOKED_AT = "looked_at", _("Looked at")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="links")
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE, related_name="call_links")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["call", "complaint"], name="calls_one_link_per_complaint")]

    def __str__(self):
        return f"{self.call_id} → {self.complaint_id} ({self.kind})"


class Extension(models.Model):
    """Which agent answers at which telephone extension (the telephone system names extensions, not users)."""

    number = models.CharField(max_length=20, unique=True)
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="extensions")

    def __str__(self):
        return f"{self.number} → {self.agent}"


class TelephonyEvent(models.Model):
    """One event posted by the telephone system; its id is stored once, so a redelivery changes nothing."""

    event_id = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=10)
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    received_at = models.DateTimeField()
    payload = models.JSONField()

    def __str__(self):
        return f"{self.event_id} ({self.kind})"
