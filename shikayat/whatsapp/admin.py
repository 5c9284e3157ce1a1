"""What WhatsApp sent and what became of it: read-only, except that failed
messages and media downloads can be sent round again."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from shikayat.core import clock
from shikayat.core.admin_base import ReadOnlyAdmin

from .models import InboundWhatsAppMessage, MediaFetch, WebhookEvent
from .webhook import queue_processing


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "message_count", "status_count", "processed_at", "attempts", "error"]
    date_hierarchy = "received_at"
    show_full_result_count = False


@admin.register(InboundWhatsAppMessage)
class InboundWhatsAppMessageAdmin(ReadOnlyAdmin):
    list_display = ["at", "wa_id", "kind", "state", "attempts", "processed_at", "message_id"]
    list_filter = ["state", "kind"]
    search_fields = ["message_id", "wa_id"]
    date_hierarchy = "at"
    show_full_result_count = False
    actions = ["reprocess"]

    @admin.action(description=_("Process the selected failed messages again"), permissions=["reprocess"])
    def reprocess(self, request, queryset):
        with transaction.atomic():
            count = queryset.filter(state=InboundWhatsAppMessage.State.FAILED).update(
                state=InboundWhatsAppMessage.State.PENDING, attempts=0, next_attempt_at=clock.now(),
                processed_at=None, error="")
            transaction.on_commit(queue_processing)
        self.message_user(request, ngettext("%(count)d message will be processed again.",
                                            "%(count)d messages will be processed again.", count) % {"count": count},
                          messages.SUCCESS)

    def has_reprocess_permission(self, request):
        return request.user.is_superuser


@admin.register(MediaFetch)
class MediaFetchAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "complaint", "service_request", "document_code", "kind", "state", "attempts",
                    "finished_at", "error"]
    list_filter = ["state", "kind"]
    search_fields = ["complaint__etag", "service_request__etag", "media_id", "wa_id"]
    date_hierarchy = "created_at"
    list_select_related = ["complaint", "service_request"]
    show_full_result_count = False
    actions = ["refetch"]

    @admin.action(description=_("Download the selected failed files again"), permissions=["refetch"])
    def refetch(self, request, queryset):
        with transaction.atomic():
            count = queryset.filter(state=MediaFetch.State.FAILED).update(
                state=MediaFetch.State.PENDING, attempts=0, next_attempt_at=clock.now(), finished_at=None, error="")
            transaction.on_commit(queue_processing)  # its periodic pass retries due downloads
        self.message_user(request, ngettext("%(count)d file will be downloaded again.",
                                            "%(count)d files will be downloaded again.", count) % {"count": count},
                          messages.SUCCESS)

    def has_refetch_permission(self, request):
        return request.user.is_superuser
