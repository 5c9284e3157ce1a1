"""The enquiry record and the access log, readable in the admin; they change
only through the workflow's actions (and the access log never)."""

from django.contrib import admin

from shikayat.core.admin_base import ReadOnlyAdmin

from .models import AccessLog, Accused, Allegation, Enquiry, Proceedings


@admin.register(Accused)
class AccusedAdmin(ReadOnlyAdmin):
    list_display = ["complaint", "officer", "description", "rank", "unit", "added_at"]
    raw_id_fields = ["complaint", "officer"]


@admin.register(Enquiry)
class EnquiryAdmin(ReadOnlyAdmin):
    list_display = ["complaint", "kind", "officer", "ordered_at", "due_at", "reported_at", "decision"]
    list_filter = ["kind", "decision"]


@admin.register(Allegation)
class AllegationAdmin(ReadOnlyAdmin):
    list_display = ["complaint", "accused", "finding", "found_at"]
    list_filter = ["finding"]


@admin.register(Proceedings)
class ProceedingsAdmin(ReadOnlyAdmin):
    list_display = ["allegation", "accused", "kind", "recommended_at", "outcome", "outcome_at"]
    list_filter = ["kind", "outcome"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "complaint", "via"]
    list_filter = ["via"]
    date_hierarchy = "at"
