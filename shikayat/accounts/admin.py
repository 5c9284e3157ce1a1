from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Citizen, Posting, User


class PostingInline(admin.TabularInline):
    model = Posting
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "rank", "is_active"]
    list_filter = ["rank", "is_active", "postings__role"]
    fieldsets = BaseUserAdmin.fieldsets + (("Police", {"fields": ("rank", "belt_number", "mobile",
                                                                  "preferred_language")}),)
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
