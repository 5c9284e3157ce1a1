from django.contrib import admin

from shikayat.core.admin_base import ReadOnlyAdmin

from .models import PermitApplication, PermitDelay, PermitSOP


@admin.register(PermitSOP)
class PermitSOPAdmin(admin.ModelAdmin):
    list_display = ["kind", "min_notice_days", "station_hours", "branch_hours", "decision_hours", "max_attendance",
                    "is_active"]


@admin.register(PermitApplication)
class PermitApplicationAdmin(ReadOnlyAdmin):
    list_display = ["etag", "kind", "status", "title", "station", "starts_at", "received_at", "decision_due_at"]
    list_filter = ["status", "kind"]
    search_fields = ["etag", "title"]


@admin.register(PermitDelay)
class PermitDelayAdmin(ReadOnlyAdmin):
    list_display = ["application", "stage", "officer", "unit", "due_at", "detected_at", "completed_at"]
    list_filter = ["stage"]
