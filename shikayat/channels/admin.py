from django.contrib import admin

from shikayat.core.admin_base import ReadOnlyAdmin

from .models import ImportRun, InboundMessage


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "channel", "sender", "outcome", "complaint", "external_id"]
    list_filter = ["channel", "outcome"]
    search_fields = ["external_id", "sender", "complaint__etag"]
    date_hierarchy = "received_at"
    list_select_related = ["complaint"]
    show_full_result_count = False


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "source", "file_name", "imported_by", "rows", "imported", "already_present",
                    "rejected"]
    list_filter = ["source"]
    search_fields = ["file_name"]
    date_hierarchy = "started_at"
    list_select_related = ["imported_by"]
