from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import delivery
from .models import DeliveryEvent, OutboxMessage, WhatsAppContact


class DeliveryEventInline(admin.TabularInline):
    model = DeliveryEvent
    extra = 0
    can_delete = False
    fields = ["at", "provider", "status", "provider_status", "detail", "received_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxAdmin(admin.ModelAdmin):
    """The outbox, and its dead letter: filter by state "Dead letter" or
    "Outcome unknown", read last_error, then "Retry now"."""

    list_display = ["created_at", "channel", "recipient", "template", "state", "attempts", "next_attempt_at",
                    "delivery_status", "short_error"]
    list_filter = ["state", "channel", "delivery_status", "provider", "template"]
    search_fields = ["recipient", "dedupe_key", "provider_message_id", "complaint__etag"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    actions = ["retry_now"]
    inlines = [DeliveryEventInline]
    readonly_fields = ["channel", "recipient", "template", "language", "context", "dedupe_key", "complaint", "state",
                       "attempts", "next_attempt_at", "last_error", "leased_until", "lease_owner",
                       "sending_started_at", "provider", "provider_message_id", "created_at", "sent_at",
                       "delivery_status", "delivered_at"]

    @admin.display(description=_("Last error"))
    def short_error(self, message: OutboxMessage) -> str:
        return (message.last_error[:80] + "…") if len(message.last_error) > 80 else message.last_error

    @admin.action(description=_("Retry now (dead, unknown-outcome or waiting messages)"))
    def retry_now(self, request, queryset):
        count = delivery.requeue(queryset.values_list("pk", flat=True))
        self.message_user(request, ngettext("%(count)d message queued to be sent again.",
                                            "%(count)d messages queued to be sent again.", count) % {"count": count},
                          messages.SUCCESS)

    def has_add_permission(self, request):
        return False


@admin.register(WhatsAppContact)
class WhatsAppContactAdmin(admin.ModelAdmin):
    list_display = ["phone", "wa_id", "last_inbound_at"]
    search_fields = ["phone", "wa_id"]
