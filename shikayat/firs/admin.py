from django import forms
from django.contrib import admin

from shikayat.core import clock
from shikayat.core.errors import InvalidInput

from . import mapping, sensitivity
from .models import Fir, FirCopy, FirCopyRefusal, FirImportRun, FirMapping


class FirMappingForm(forms.ModelForm):
    class Meta:
        model = FirMapping
        fields = ["name", "label", "mapping", "is_active"]

    def clean(self):
        data = super().clean()
        try:
            mapping.build(data.get("name") or "", data.get("mapping") or {})
        except InvalidInput as error:
            raise forms.ValidationError(str(error.message)) from error
        return data


@admin.register(FirMapping)
class FirMappingAdmin(admin.ModelAdmin):
    form = FirMappingForm
    list_display = ["name", "label", "is_active"]


@admin.register(Fir)
class FirAdmin(admin.ModelAdmin):
    list_display = ["number", "year", "unit", "registered_at", "offence_category", "status", "sensitive"]
    list_filter = ["sensitive", "status", "year"]
    search_fields = ["number", "complainant_name", "complainant_mobile", "unit__code", "unit__name_en"]
    raw_id_fields = ["unit"]
    readonly_fields = ["sensitive", "unit_path", "imported_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        # An FIR corrected by hand is judged by the same lists as an imported one.
        now = clock.now()
        obj.sensitive = sensitivity.is_sensitive(obj.offence_category, obj.sections)
        obj.unit_path = obj.unit.path
        obj.imported_at = obj.imported_at or now
        obj.updated_at = now
        super().save_model(request, obj, form, change)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FirImportRun)
class FirImportRunAdmin(ReadOnly):
    list_display = ["started_at", "source", "file_name", "applied", "rows", "created", "updated", "rejected"]


@admin.register(FirCopy)
class FirCopyAdmin(ReadOnly):
    list_display = ["number", "fir", "mobile", "channel", "issued_at", "kept_at"]
    search_fields = ["number", "mobile"]
    # The stored paper by its name only: the admin would link it by the storage's own address (a bucket's).
    exclude = ["file"]
    readonly_fields = ["stored_as"]

    @admin.display(description="Stored as")
    def stored_as(self, obj: FirCopy) -> str:
        return obj.file.name


@admin.register(FirCopyRefusal)
class FirCopyRefusalAdmin(ReadOnly):
    list_display = ["at", "channel", "unit_code", "year", "number", "mobile", "reason"]
    list_filter = ["reason", "channel"]
