"""Thin views for the machine channels: the SMS gateway's endpoint, and the
staff pages for importing other portals' exports."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from shikayat.api.parsers import JSONParser
from shikayat.core.errors import DomainError, PermissionDenied
from shikayat.core.forms import show_domain_errors
from shikayat.core.jsonsafe import clean_text

from . import portal_import, sms

# "from" is a Python keyword, hence type().
SmsInput = type("SmsInput", (serializers.Serializer,), {
    "from": serializers.CharField(max_length=254, help_text=gettext_lazy("Sender's mobile number.")),
    "text": serializers.CharField(allow_blank=True, max_length=10_000, trim_whitespace=False),
    "id": serializers.CharField(max_length=255, help_text=gettext_lazy("The gateway's message id.")),
    "to": serializers.CharField(required=False, allow_blank=True, max_length=254),
})


class SmsIntake(APIView):
    """The SMS gateway posts each incoming SMS here (form fields or JSON).
    Authenticated by the shared secret, not by a session (so no CSRF)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        request=SmsInput,
        responses=inline_serializer("SmsIntakeResult", {
            "outcome": serializers.ChoiceField(choices=sms.Outcome.choices),
            "etag": serializers.CharField(allow_null=True),
            "reply": serializers.CharField(),
        }),
        description="Incoming SMS from the gateway. Send `Authorization: Bearer <SHIKAYAT_SMS_GATEWAY_TOKEN>` or "
        "`X-Shikayat-Signature: sha256=<hex HMAC-SHA256 of the raw body with that token>`. 401 without valid "
        "credentials, 503 when no token is configured. A message id already processed returns its first result. "
        "NUL and lone surrogates in any field are kept as U+FFFD; a body that is not an object of these fields, "
        "nested too deeply or with a field too long is a 400.",
    )
    def post(self, request):
        sms.check_gateway(authorization=request.headers.get("Authorization", ""),
                          signature=request.headers.get("X-Shikayat-Signature", ""), body=request.body)
        # Text no database takes (NUL, lone surrogates) is kept as U+FFFD: the citizen's SMS is still answered.
        payload = SmsInput(data={key: clean_text(value) if isinstance(value, str) else value
                                 for key, value in _fields(request.data).items()})
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        result = sms.receive(message_id=data["id"].strip(), sender=data["from"].strip(), text=data["text"])
        return Response({"outcome": result.outcome, "etag": result.etag, "reply": result.reply})


def _fields(data) -> dict:
    """The posted fields as a plain dict (a form's last value per name; a JSON body that is no object: none)."""
    if hasattr(data, "getlist"):
        return {key: data.get(key) for key in data}
    return data if isinstance(data, dict) else {}


# ---------------------------------------------------------------------------
# Portal imports (complaint cell, administrators, integration accounts)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Export file"),
                           help_text=gettext_lazy("CSV saved as UTF-8, or an Excel .xlsx workbook."))
    source = forms.ChoiceField(label=gettext_lazy("Portal"))
    mapping = forms.FileField(
        label=gettext_lazy("Mapping (optional)"), required=False,
        help_text=gettext_lazy("A JSON file naming their columns and values; without it the portal's built-in "
                               "mapping is used."))
    dry_run = forms.BooleanField(label=gettext_lazy("Only check the file; import nothing"), required=False)

    MAX_BYTES = 20 * 1024 * 1024

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(name, rules["label"]) for name, rules in
                                         portal_import.BUILTIN_MAPPINGS.items()]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 20 MB here); import larger files with "
                                          "the import_portal command."))
        return upload


def _refuse(request):
    error = PermissionDenied(_("Only the complaint cell, administrators and integration accounts may import "
                               "complaints from other portals."))
    return render(request, "web/error.html", {"error": error}, status=403)


@login_required
def imports(request):
    if not portal_import.may_import(request.user):
        return _refuse(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mapping = (portal_import.mapping_from_json(data["source"], data["mapping"].read()) if data["mapping"]
                       else portal_import.build_mapping(data["source"]))
            run = portal_import.import_file(
                content=data["file"].read(), file_name=data["file"].name, mapping=mapping,
                actor=portal_import.importing_actor(request.user), imported_by=request.user,
                dry_run=data["dry_run"])
        except DomainError as error:
            show_domain_errors(form, error)
        else:
            if data["dry_run"]:
                return render(request, "channels/import_run.html", {"run": run, "dry_run": True})
            return redirect("channels:import-run", pk=run.pk)
    return render(request, "channels/imports.html", {
        "form": form, "runs": portal_import.runs_for(request.user)[:30],
    }, status=400 if form.errors else 200)


@login_required
def import_run(request, pk: int):
    if not portal_import.may_import(request.user):
        return _refuse(request)
    run = portal_import.runs_for(request.user).filter(pk=pk).first()
    if run is None:
        raise Http404(_("No such import."))
    return render(request, "channels/import_run.html", {"run": run, "dry_run": False})
