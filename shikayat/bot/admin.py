from django.contrib import admin

from .models import Conversation


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    """Read-only: for support staff to see where a citizen's chat stands."""

    list_display = ["wa_id", "phone", "language", "state", "last_message_at"]
    list_filter = ["language", "state"]
    search_fields = ["wa_id", "phone", "mobile"]
    readonly_fields = [field.name for field in Conversation._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
