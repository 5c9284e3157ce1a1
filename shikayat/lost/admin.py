"""Read-only: reports take their numbers and found articles their matches only through lost.actions, so the
admin shows them but never adds or edits one (a hand-made report would skip the numbering and the rules)."""

from django.contrib import admin

from shikayat.core.admin_base import ReadOnlyAdmin

from .models import FoundArticle, LostReport, ReceiptCounter


@admin.register(LostReport)
class LostReportAdmin(ReadOnlyAdmin):
    list_display = ("number", "kind", "identifier", "station", "lost_on", "reported_at", "status", "channel")
    list_filter = ("kind", "status", "channel")
    search_fields = ("number", "identifier_key", "reporter_name", "mobile")
    date_hierarchy = "reported_at"


@admin.register(FoundArticle)
class FoundArticleAdmin(ReadOnlyAdmin):
    list_display = ("kind", "identifier", "station", "found_on", "report", "matched_at")
    list_filter = ("kind",)
    search_fields = ("identifier_key", "report__number")


@admin.register(ReceiptCounter)
class ReceiptCounterAdmin(ReadOnlyAdmin):
    list_display = ("year", "last")
