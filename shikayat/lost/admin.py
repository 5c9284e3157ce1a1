from django.contrib import admin

from .models import FoundArticle, LostReport, ReceiptCounter


@admin.register(LostReport)
class LostReportAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "identifier", "station", "lost_on", "reported_at", "status")
    list_filter = ("kind", "status", "channel")
    search_fields = ("number", "identifier_key", "reporter_name", "mobile")
    raw_id_fields = ("station",)
    readonly_fields = ("number", "identifier_key", "station_path", "reported_at")


@admin.register(FoundArticle)
class FoundArticleAdmin(admin.ModelAdmin):
    list_display = ("kind", "identifier", "station", "found_on", "report", "matched_at")
    list_filter = ("kind",)
    search_fields = ("identifier_key", "report__number")
    raw_id_fields = ("station", "report", "recorded_by", "matched_by")
    readonly_fields = ("identifier_key", "station_path")


@admin.register(ReceiptCounter)
class ReceiptCounterAdmin(admin.ModelAdmin):
    list_display = ("year", "last")

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # the numbering must never be set back by hand
