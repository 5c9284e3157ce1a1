from django.contrib import admin

from .models import Unit, UnitLevel


@admin.register(UnitLevel)
class UnitLevelAdmin(admin.ModelAdmin):
    list_display = ["scheme", "depth", "code", "name_en", "name_ur", "name_hi"]
    list_filter = ["scheme"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "level", "parent", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["code", "name_en", "name_ur", "name_hi"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path"]
