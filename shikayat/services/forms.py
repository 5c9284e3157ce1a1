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
        self.documents = list(service.documents.all())
        for doc in self.documents:
            self.fields[f"doc_{doc.code}"] = forms.FileField(
                label=doc.name, required=False, help_text=_("Photo (JPEG, PNG) or PDF, at most 5 MB."),
                widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}))

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
