from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .forms import OfficerChangeForm
from .models import Citizen, OfficerTotp, Posting, User


def _officer_sign_in(request, extra_context=None):
    """The admin's own sign-in form would skip the lockout and the second
    factor: administrators sign in at the officer sign-in like everyone else."""
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


admin.site.login = _officer_sign_in


class PostingInline(admin.TabularInline):
    model = Posting
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = OfficerChangeForm
    list_display = ["username", "first_name", "last_name", "rank", "is_active"]
    list_filter = ["rank", "is_active", "postings__role"]
    fieldsets = BaseUserAdmin.fieldsets + (("Police", {"fields": ("rank", "belt_number", "mobile",
                                                                  "preferred_language", "notify_by")}),)
    inlines = [PostingInline]


@admin.register(Posting)
class PostingAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "is_active", "started_on"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "unit__name_en", "unit__code"]
    autocomplete_fields = ["user", "unit"]


@admin.register(Citizen)
class CitizenAdmin(admin.ModelAdmin):
    list_display = ["mobile", "name", "preferred_language", "is_overseas"]
    search_fields = ["mobile", "name"]


@admin.register(OfficerTotp)
class OfficerTotpAdmin(admin.ModelAdmin):
    """Read-only, never showing the secret. Deleting a row switches two-step
    sign-in off (and deletes the backup codes) for an officer who has lost
    their phone and their backup codes."""

    list_display = ["user", "confirmed_at", "created_at", "backup_codes_left"]
    search_fields = ["user__username"]
    fields = readonly_fields = ["user", "confirmed_at", "created_at", "backup_codes_left"]

    @admin.display(description=_("Backup codes left"))
    def backup_codes_left(self, obj: OfficerTotp) -> int:
        return obj.backup_codes.filter(used_at__isnull=True).count()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
