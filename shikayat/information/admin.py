from django.contrib import admin

from shikayat.core.admin_base import ReadOnlyAdmin

from .models import Helpline, InfoTopic, MissingChildAlert, MostWanted, Tip


@admin.register(Helpline)
class HelplineAdmin(admin.ModelAdmin):
    list_display = ["number", "name_en", "name_ur", "name_hi", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]


@admin.register(InfoTopic)
class InfoTopicAdmin(admin.ModelAdmin):
    list_display = ["code", "title_en", "title_ur", "title_hi", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["code", "title_en", "body_en"]


@admin.register(MostWanted)
class MostWantedAdmin(admin.ModelAdmin):
    list_display = ["name_en", "reward", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["name_en", "name_ur", "name_hi"]


@admin.register(MissingChildAlert)
class MissingChildAlertAdmin(admin.ModelAdmin):
    list_display = ["name", "age", "last_seen_place", "last_seen_at", "reported_by", "is_active", "found_at"]
    list_editable = ["is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "last_seen_place"]
    readonly_fields = ["reported_by", "reported_at", "radius_km", "submission", "closed_by", "closed_at", "found_at"]


@admin.register(Tip)
class TipAdmin(ReadOnlyAdmin):
    """Confidential tips from the public: read here only, never changed or shown elsewhere."""

    list_display = ["created_at", "most_wanted", "name", "mobile"]
    list_filter = ["most_wanted"]
    list_select_related = ["most_wanted"]
    date_hierarchy = "created_at"
    readonly_fields = ["most_wanted", "text", "name", "mobile", "created_at", "ip_hash"]

