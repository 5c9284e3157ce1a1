from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .keys import issue_key
from .models import Integrator


@admin.register(Integrator)
class IntegratorAdmin(admin.ModelAdmin):
    list_display = ("name", "is_active", "review_first", "key_prefix", "key_issued_at", "rate_per_minute",
                    "last_used_at")
    list_filter = ("is_active", "review_first")
    search_fields = ("name", "contact_email", "key_prefix")
    filter_horizontal = ("services",)
    readonly_fields = ("key_prefix", "key_issued_at", "last_used_at")
    actions = ["issue_new_key"]

    @admin.action(description=_("Issue a new API key (the old one stops working)"))
    def issue_new_key(self, request, queryset):
        for integrator in queryset:
            key = issue_key(integrator)
            self.message_user(request, _("New key for %(name)s — copy it now, it is not shown again: %(key)s")
                              % {"name": integrator.name, "key": key}, messages.WARNING)
