from django.contrib import admin

from shikayat.core.admin_base import ReadOnlyAdmin

from .models import (
    Certificate,
    Consent,
    OnBehalf,
    RequiredDocument,
    Service,
    ServiceCentre,
    ServiceDelay,
    ServiceRequest,
)


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "sla_hours", "issues_certificate", "on_behalf", "is_active"]
    inlines = [RequiredDocumentInline]


@admin.register(ServiceCentre)
class ServiceCentreAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "kind", "unit", "counters", "opening_hours", "is_active"]
    list_filter = ["kind", "is_active"]


@admin.register(ServiceRequest)
class ServiceRequestAdmin(ReadOnlyAdmin):
    list_display = ["etag", "service", "status", "applicant_name", "station", "received_at"]
    list_filter = ["status", "service"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "holder_name", "issued_at", "revoked_at"]


@admin.register(ServiceDelay)
class ServiceDelayAdmin(ReadOnlyAdmin):
    list_display = ["request", "stage", "officer", "unit", "due_at", "detected_at", "completed_at"]
    list_filter = ["stage"]


@admin.register(OnBehalf)
class OnBehalfAdmin(ReadOnlyAdmin):
    list_display = ["request", "applicant_name", "organisation"]


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ["service", "subject_name", "applicant_name", "sent_at", "confirmed_at", "confirmed_via", "request"]
    exclude = ["code_hash", "token"]
