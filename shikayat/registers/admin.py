from django.contrib import admin

from .models import MissingPerson, UnidentifiedBody, Vehicle


@admin.register(Vehicle)
class VehicleAdmin(admin.ModelAdmin):
    list_display = ["registration", "chassis", "kind", "make", "station", "stolen_on", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["registration_key", "chassis_key", "engine_key", "fir_reference"]
    readonly_fields = ["registration_key", "chassis_key", "engine_key", "natural_key", "created_at", "updated_at"]


@admin.register(MissingPerson)
class MissingPersonAdmin(admin.ModelAdmin):
    list_display = ["name", "age", "gender", "station", "last_seen_on", "status"]
    list_filter = ["status", "gender"]
    search_fields = ["name", "reference"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(UnidentifiedBody)
class UnidentifiedBodyAdmin(admin.ModelAdmin):
    list_display = ["reference", "place_found", "found_on", "gender", "station", "status"]
    list_filter = ["status", "gender"]
    search_fields = ["reference", "place_found", "marks"]
    readonly_fields = ["created_at", "updated_at"]
