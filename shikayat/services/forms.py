"""Forms parse; the domain (actions.clean_application) validates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shikayat.jurisdictions.models import Unit

from .models import Service


class ApplicationForm(forms.Form):
    name = forms.CharField(label=_("Applicant's name"), max_length=1000)
    father_name = forms.CharField(label=_("Father's name"), max_length=1000, required=False)
    id_number = forms.CharField(label=_("CNIC / identity number"), max_length=100)
    mobile = forms.CharField(label=_("Mobile number"), max_length=64,
                             widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    email = forms.CharField(label=_("Email (optional)"), max_length=254, required=False)
    address = forms.CharField(label=_("Address"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    station = forms.ChoiceField(label=_("Police station of this address"))
    purpose = forms.CharField(label=_("Purpose (e.g. employment, visa)"), max_length=1000, required=False)
    is_overseas = forms.BooleanField(label=_("I live abroad"), required=False)
    country = forms.CharField(label=_("Country (if abroad)"), max_length=200, required=False)

    def __init__(self, *args, service: Service, **kwargs):
        super().__init__(*args, **kwargs)
        stations = Unit.objects.filter(is_active=True, children__isnull=True).order_by("name_en")
        self.fields["station"].choices = [("", "—")] + [(u.code, u.name) for u in stations]
        if service.on_behalf:
            self._add_on_behalf_fields()
        self.documents = list(service.documents.all())
        for doc in self.documents:
            self.fields[f"doc_{doc.code}"] = forms.FileField(
                label=doc.name, required=False, help_text=_("Photo (JPEG, PNG) or PDF, at most 5 MB."),
                widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}))

    def _add_on_behalf_fields(self) -> None:
        """An employer or landlord applies for the person verified: the name, CNIC and address above are that
        person's; the mobile is the applicant's (to follow the application); the person's consent is a code sent
        to their own mobile."""
        self.fields["name"].label = _("Name of the person to be verified")
        self.fields["id_number"].label = _("Their CNIC / identity number")
        self.fields["address"].label = _("Their address")
        self.fields["mobile"].label = _("Your mobile number (to follow the application)")
        self.fields["subject_mobile"] = forms.CharField(
            label=_("Their mobile number (the consent code is sent there)"), max_length=64,
            widget=forms.TextInput(attrs={"inputmode": "tel"}))
        self.fields["applicant_name"] = forms.CharField(label=_("Your name (employer or landlord)"), max_length=1000)
        self.fields["applicant_id_number"] = forms.CharField(label=_("Your CNIC / identity number"), max_length=100)
        self.fields["organisation"] = forms.CharField(label=_("Organisation (optional)"), max_length=1000,
                                                      required=False)
        self.fields["consent"] = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
        self.fields["consent_code"] = forms.CharField(
            label=_("Consent code the person received by SMS"), required=False, max_length=20,
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))

    def uploads(self) -> dict:
        return {doc.code: self.cleaned_data.get(f"doc_{doc.code}") for doc in self.documents}


class TrackForm(forms.Form):
    etag = forms.CharField(label=_("E-tag"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    mobile = forms.CharField(label=_("Mobile number used for the application"), max_length=32,
                             widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Code printed under the QR code"), max_length=200)


class StepForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
