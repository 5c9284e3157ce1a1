from django.contrib import admin

from .models import Helpline, InfoTopic, MissingChildAlert, MostWanted


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
    list_display = ["name", "age", "last_seen_place", "last_seen_at", "is_active"]
    list_editable = ["is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "last_seen_place"]
