from django.contrib import admin

from .models import SOP, Category, EscalationStep


class EscalationStepInline(admin.TabularInline):
    model = EscalationStep
    extra = 0


@admin.register(SOP)
class SOPAdmin(admin.ModelAdmin):
    list_display = ["category", "contact_hours", "report_hours", "investigation_days", "priority_percent", "min_rank",
                    "allow_anonymous", "confidential", "handling", "desk_role", "closing_rank", "closing_role"]
    list_filter = ["confidential", "allow_anonymous", "min_rank", "handling", "closing_role"]
    inlines = [EscalationStepInline]


class SOPInline(admin.StackedInline):
    model = SOP
    extra = 0


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ur", "name_hi", "parent", "is_active"]
    list_filter = ["is_active", "parent"]
    search_fields = ["code", "name_en", "name_ur", "name_hi"]
    inlines = [SOPInline]
