from django.contrib import admin

from .models import DelayEntry, Holiday


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name_en", "name_ur", "name_hi"]
    search_fields = ["name_en", "name_ur", "name_hi"]
    date_hierarchy = "date"


@admin.register(DelayEntry)
class DelayEntryAdmin(admin.ModelAdmin):
    list_display = ["complaint", "stage", "due_at", "detected_at", "officer", "unit", "completed_at", "outcome"]
    list_filter = ["stage", "outcome"]
    raw_id_fields = ["complaint", "officer", "unit", "reviewed_by"]
    readonly_fields = ["complaint", "stage", "cycle_started_at", "due_at", "detected_at", "officer", "unit",
                       "unit_path", "completed_at"]
