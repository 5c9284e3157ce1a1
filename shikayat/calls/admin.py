from django.contrib import admin

from .models import Call, Extension, TelephonyEvent


@admin.register(Extension)
class ExtensionAdmin(admin.ModelAdmin):
    """Which agent answers at which telephone extension: the telephone system's events name extensions."""

    list_display = ("number", "agent")
    search_fields = ("number", "agent__username")
    raw_id_fields = ("agent",)


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ("started_at", "caller", "agent", "direction", "state", "purpose", "outcome")
    list_filter = ("state", "direction", "purpose", "outcome")
    search_fields = ("caller", "external_id", "agent__username")
    date_hierarchy = "started_at"
    raw_id_fields = ("agent", "answers", "review_requested_by")
    readonly_fields = ("external_id", "recording_ref")


@admin.register(TelephonyEvent)
class TelephonyEventAdmin(admin.ModelAdmin):
    list_display = ("event_id", "kind", "call", "at", "received_at")
    search_fields = ("event_id",)
    raw_id_fields = ("call",)

    def has_change_permission(self, request, obj=None):
        return False  # the telephone system's record, as it came
