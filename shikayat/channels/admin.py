from django.contrib import admin

from .models import ImportRun, InboundMessage


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record of what arrived and what became of it: never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
