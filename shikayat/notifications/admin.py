from django.contrib import admin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "recipient", "template", "state", "attempts"]
    list_filter = ["state", "channel", "template"]
