"""Integrators' webhook subscriptions: the signing secret shown once, the delivery log per subscription,
"Retry now" for dead events and "Send a test event"."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from shikayat.core import clock
from shikayat.notifications import delivery
from shikayat.notifications.models import OutboxMessage

from . import events, signing
from .models import DeliveryAttempt, Event, Subscription

RECENT = 20


class SubscriptionForm(forms.ModelForm):
    url = forms.URLField(label=_("target URL"), max_length=500, assume_scheme="https",
                         help_text=Subscription._meta.get_field("url").help_text)
    events = forms.MultipleChoiceField(label=_("events"), choices=Event.choices, widget=forms.CheckboxSelectMultiple,
                                       help_text=_("The events sent to this URL."))

    class Meta:
        model = Subscription
        fields = ["integrator", "url", "events", "categories", "units", "include_personal_data", "is_active"]


def _dead(subscriptions):
    """The subscriptions' outbox rows that need a person (the dead letter)."""
    return OutboxMessage.objects.filter(
        channel=events.CHANNEL, recipient__in=[str(pk) for pk in subscriptions],
        state__in=[OutboxMessage.State.DEAD, OutboxMessage.State.UNCERTAIN])


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    form = SubscriptionForm
    list_display = ["integrator", "url", "is_active", "paused_reason", "include_personal_data", "secret_issued_at",
                    "dead_events"]
    list_filter = ["is_active", "include_personal_data", "integrator"]
    search_fields = ["url", "integrator__name"]
    autocomplete_fields = ["categories", "units"]
    readonly_fields = ["secret_issued_at", "paused_at", "paused_reason", "recent_deliveries"]
    actions = ["send_test_event", "retry_dead_events", "issue_new_secret"]

    def save_model(self, request, obj, form, change):
        if obj.is_active:  # ticked again by an admin: no longer paused
            obj.paused_at, obj.paused_reason = None, ""
        super().save_model(request, obj, form, change)
        if not obj.secret:
            self._show_secret(request, obj, signing.issue_secret(obj))

    def _show_secret(self, request, subscription, secret):
        self.message_user(request, _("Signing secret for %(subscription)s — copy it now, it is not shown again: "
                                     "%(secret)s") % {"subscription": subscription, "secret": secret},
                          messages.WARNING)

    @admin.display(description=_("Dead events"))
    def dead_events(self, subscription: Subscription) -> int:
        return _dead([subscription.pk]).count()

    @admin.display(description=_("Recent deliveries"))
    def recent_deliveries(self, subscription: Subscription):
        if not subscription.pk:
            return "-"
        rows = subscription.attempts.all()[:RECENT]
        link = reverse("admin:webhooks_deliveryattempt_changelist") + f"?subscription__id__exact={subscription.pk}"
        table = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                                 ((row.attempted_at, row.event_id, row.event_type, row.http_status or "",
                                   row.duration_ms, row.error or row.answer[:80]) for row in rows))
        return format_html('<table>{}</table><p><a href="{}">{}</a></p>', table, link, _("The whole delivery log"))

    @admin.action(description=_("Send a test event"))
    def send_test_event(self, request, queryset):
        at = clock.now()
        for subscription in queryset:
            events.ping(subscription.pk, at)
        self.message_user(request, ngettext("%(count)d test event queued.", "%(count)d test events queued.",
                                            queryset.count()) % {"count": queryset.count()}, messages.SUCCESS)

    @admin.action(description=_("Retry now (dead events)"))
    def retry_dead_events(self, request, queryset):
        resumed = 0
        for subscription in queryset.exclude(paused_at=None):  # the admin says the receiver is back
            subscription.is_active, subscription.paused_at, subscription.paused_reason = True, None, ""
            subscription.save(update_fields=["is_active", "paused_at", "paused_reason"])
            resumed += 1
        if resumed:
            self.message_user(request, ngettext("%(count)d paused subscription resumed.",
                                                "%(count)d paused subscriptions resumed.", resumed)
                              % {"count": resumed}, messages.SUCCESS)
        count = delivery.requeue(_dead(queryset.values_list("pk", flat=True)).values_list("pk", flat=True))
        self.message_user(request, ngettext("%(count)d message queued to be sent again.",
                                            "%(count)d messages queued to be sent again.", count) % {"count": count},
                          messages.SUCCESS)

    @admin.action(description=_("Issue a new signing secret (the old one signs too for 24 hours)"))
    def issue_new_secret(self, request, queryset):
        for subscription in queryset:
            self._show_secret(request, subscription, signing.issue_secret(subscription))


@admin.register(DeliveryAttempt)
class DeliveryAttemptAdmin(admin.ModelAdmin):
    """The delivery log: every POST of an event and its answer. "Retry now" sends dead events again."""

    list_display = ["attempted_at", "subscription", "event_id", "event_type", "http_status", "duration_ms",
                    "error", "message_state"]
    list_filter = ["subscription", "event_type", "http_status"]
    search_fields = ["event_id"]
    date_hierarchy = "attempted_at"
    list_select_related = ["subscription__integrator", "message"]
    readonly_fields = [field.name for field in DeliveryAttempt._meta.fields]
    actions = ["retry_now"]

    @admin.display(description=_("Message state"))
    def message_state(self, attempt: DeliveryAttempt) -> str:
        return attempt.message.get_state_display() if attempt.message else "-"

    @admin.action(description=_("Retry now (dead events)"))
    def retry_now(self, request, queryset):
        count = delivery.requeue(queryset.exclude(message=None).values_list("message_id", flat=True))
        self.message_user(request, ngettext("%(count)d message queued to be sent again.",
                                            "%(count)d messages queued to be sent again.", count) % {"count": count},
                          messages.SUCCESS)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
