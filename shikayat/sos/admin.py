from django.contrib import admin

from .models import SosAlert, SosEvent, SosLocation


class LocationInline(admin.TabularInline):
    model = SosLocation
    extra = 0
    readonly_fields = ("lat", "lng", "at", "live")
    can_delete = False


class EventInline(admin.TabularInline):
    model = SosEvent
    extra = 0
    readonly_fields = ("kind", "by", "at", "detail")
    can_delete = False


@admin.register(SosAlert)
class SosAlertAdmin(admin.ModelAdmin):
    list_display = ("id", "phone", "station", "raised_at", "triggers", "acknowledged_by", "acknowledged_at")
    list_filter = ("station_source",)
    search_fields = ("phone", "wa_id")
    raw_id_fields = ("station", "acknowledged_by")
    readonly_fields = ("version",)
    inlines = [LocationInline, EventInline]
