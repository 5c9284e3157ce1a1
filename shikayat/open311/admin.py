from django.contrib import admin

from shikayat.core.admin_base import ReadOnlyAdmin

from .models import CheckedService, Open311Request, ServiceAttribute


@admin.register(ServiceAttribute)
class ServiceAttributeAdmin(admin.ModelAdmin):
    list_display = ("category", "code", "datatype", "required", "order", "description_en")
    list_filter = ("datatype", "required")
    search_fields = ("code", "description_en", "category__code", "category__name_en")
    list_select_related = ("category",)
    autocomplete_fields = ("category",)


@admin.register(Open311Request)
class Open311RequestAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "integrator", "state", "complaint", "category", "account_id", "device_id")
    list_filter = ("state", "integrator")
    list_select_related = ("integrator", "complaint", "category")
    search_fields = ("token", "account_id", "device_id", "complaint__etag")
    exclude = ("data",)  # the waiting request's input holds the complainant's contact


@admin.register(CheckedService)
class CheckedServiceAdmin(admin.ModelAdmin):
    list_display = ("category",)
    list_select_related = ("category",)
    search_fields = ("category__code", "category__name_en")
    autocomplete_fields = ("category",)
