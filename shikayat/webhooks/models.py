"""Integrators' webhook subscriptions and the log of every delivery attempt (README "Webhooks").

A subscription names the events it wants, the categories and units it covers, whether personal data may be sent,
and the URL the worker POSTs each event to, signed with the subscription's secret (signing.py). Events are queued
in the outbox by listeners.py and sent by the worker through backend.py."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .targets import url_problem


class Event(models.TextChoices):
    REGISTERED = "registered", _("Complaint registered")
    STATUS_CHANGED = "status_changed", _("Status changed")
    CLOSED = "closed", _("Complaint closed, rejected, merged or withdrawn")
    APPEAL = "appeal", _("Appeal lodged")


class Subscription(models.Model):
    integrator = models.ForeignKey("integrations.Integrator", on_delete=models.CASCADE, related_name="webhooks",
                                   verbose_name=_("integrator"))
    url = models.URLField(_("target URL"), max_length=500,
                          help_text=_("Where each event is sent (HTTPS), e.g. https://example.org/shikayat/events."))
    events = models.JSONField(_("events"), default=list, blank=True,
                              help_text=_("The events sent to this URL."))
    categories = models.ManyToManyField(
        "categories.Category", blank=True, related_name="+", verbose_name=_("categories"),
        help_text=_("Complaints of these categories (and the categories below them). None chosen: every category "
                    "open to integrators. Confidential categories are never sent."))
    units = models.ManyToManyField(
        "jurisdictions.Unit", blank=True, related_name="+", verbose_name=_("units"),
        help_text=_("Complaints held by these units or any unit below them. None chosen: the whole force."))
    include_personal_data = models.BooleanField(
        _("include personal data"), default=False,
        help_text=_("Send the complainant's name, mobile, email, ID number, address and the description. Never for "
                    "an anonymous complaint or a sealed identity."))
    is_active = models.BooleanField(_("active"), default=True)
    # Set by the worker when the receiver answers 410 Gone (the integrator took the endpoint down): the
    # subscription stops (is_active off) until an admin ticks it again or presses "Retry now".
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True, editable=False)
    paused_reason = models.CharField(_("why it was paused"), max_length=200, blank=True, editable=False)
    # The signing secret, encrypted with SHIKAYAT_TOTP_KEYS (secrets.py): the worker must sign with it, so it
    # cannot be hashed like an API key; encrypted, a copy of the database alone cannot forge our signatures.
    secret = models.TextField(blank=True, editable=False)
    # After a new secret is issued the old one still signs (a second v1=) until this time, so that the
    # integrator can switch without refusing events.
    previous_secret = models.TextField(blank=True, editable=False)
    previous_secret_until = models.DateTimeField(null=True, blank=True, editable=False)
    secret_issued_at = models.DateTimeField(_("secret issued at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return f"{self.integrator} → {self.url}"

    def clean(self):
        problem = url_problem(self.url, resolve=False)
        if problem:
            raise ValidationError({"url": problem})
        unknown = [value for value in self.events or [] if value not in Event.values]
        if not isinstance(self.events, list) or unknown:
            raise ValidationError({"events": _("Choose events from the list.")})


class DeliveryAttempt(models.Model):
    """One POST of an event to a subscription's URL (or one refused before it: inactive, unsafe address)."""

    subscription = models.ForeignKey(Subscription, null=True, on_delete=models.SET_NULL, related_name="attempts")
    message = models.ForeignKey("notifications.OutboxMessage", null=True, on_delete=models.SET_NULL,
                                related_name="+")
    event_id = models.CharField(max_length=80)
    event_type = models.CharField(max_length=20, blank=True)
    attempted_at = models.DateTimeField()
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    answer = models.CharField(max_length=500, blank=True)  # the first 500 characters of the receiver's answer

    class Meta:
        ordering = ["-attempted_at", "-id"]
        indexes = [models.Index(fields=["subscription", "-attempted_at"], name="webhook_attempt_sub_idx")]

    def __str__(self) -> str:
        return f"{self.event_id} at {self.attempted_at:%Y-%m-%d %H:%M:%S}: {self.http_status or self.error[:40]}"
