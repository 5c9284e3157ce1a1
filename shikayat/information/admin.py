from django.contrib import admin

from .models import Helpline


@admin.register(Helpline)
class HelplineAdmin(admin.ModelAdmin):
    list_display = ["number", "name_en", "name_ur", "name_hi", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
