import re

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from shikayat.core.admin_base import ReadOnlyAdmin
from shikayat.core.errors import InvalidInput

from . import portal_import, writeback
from .models import DisposalFile, ImportRun, InboundMessage, PortalConnection, PortalNotice

# The credential lives in the environment; the connection names the variable (so no database copy holds it).
SECRET_ENV = re.compile(r"^[A-Z_][A-Z0-9_]{0,63}$")


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "channel", "sender", "outcome", "complaint", "external_id"]
    list_filter = ["channel", "outcome"]
    search_fields = ["external_id", "sender", "complaint__etag"]
    date_hierarchy = "received_at"
    list_select_related = ["complaint"]
    show_full_result_count = False


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "source", "file_name", "imported_by", "rows", "imported", "already_present",
                    "rejected", "linked", "reopened"]
    list_filter = ["source"]
    search_fields = ["file_name"]
    date_hierarchy = "started_at"
    list_select_related = ["imported_by"]


class PortalConnectionForm(forms.ModelForm):
    endpoint = forms.URLField(required=False, max_length=500, assume_scheme="https",
                              help_text=PortalConnection._meta.get_field("endpoint").help_text)

    class Meta:
        model = PortalConnection
        fields = ["source", "label", "mode", "endpoint", "auth_header", "auth_scheme", "secret_env",
                  "connect_timeout", "read_timeout", "mapping"]

    def clean(self):
        data = super().clean()
        source = data.get("source")
        if source:
            try:
                portal_import.check_source(source)
                writeback.build(source, data.get("mapping") or {})
            except InvalidInput as error:
                for name, problems in error.fields.items():
                    self.add_error(name if name in self.fields else None, problems)
        if data.get("mode") == PortalConnection.Mode.API and not data.get("endpoint"):
            self.add_error("endpoint", _("The API mode needs the portal's endpoint."))
        secret_env = data.get("secret_env") or ""
        if secret_env and not SECRET_ENV.match(secret_env):
            self.add_error("secret_env", _("Give the name of an environment variable (e.g. PM_PORTAL_TOKEN), not "
                                           "the credential itself."))
        for name in ("connect_timeout", "read_timeout"):
            if data.get(name) is not None and not 0 < data[name] <= 120:
                self.add_error(name, _("Between 0 and 120 seconds."))
        return data


@admin.register(PortalConnection)
class PortalConnectionAdmin(admin.ModelAdmin):
    """Where and how each portal hears of its complaints' steps; the mapping is checked when saved."""

    form = PortalConnectionForm
    list_display = ["source", "label", "mode", "endpoint"]
    list_filter = ["mode"]


@admin.register(PortalNotice)
class PortalNoticeAdmin(ReadOnlyAdmin):
    list_display = ["at", "source", "kind", "complaint", "outcome", "run", "row"]
    list_filter = ["source", "kind", "outcome"]
    search_fields = ["notice_key", "complaint__etag"]
    list_select_related = ["complaint", "run"]


@admin.register(DisposalFile)
class DisposalFileAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "source", "day", "rows"]
    list_filter = ["source"]
    exclude = ["csv_content", "xlsx_content"]
