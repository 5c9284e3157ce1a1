"""Forms parse; the domain (rules.clean_report, actions.record_found) validates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shikayat.jurisdictions.selectors import leaf_units

from .models import Kind


def _stations(blank: str = "—") -> list[tuple[str, str]]:
    return [("", blank)] + [(u.code, u.name) for u in leaf_units().order_by("name_en")]


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What was lost"), choices=[("", "—"), *Kind.choices], required=False)
    identifier = forms.CharField(label=_("Its number (CNIC, passport, IMEI, registration …)"), max_length=200,
                                 required=False)
    description = forms.CharField(label=_("Description (colour, make, anything that identifies it)"),
                                  max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    lost_on = forms.CharField(label=_("Date lost"), max_length=20, required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))
    station = forms.ChoiceField(label=_("Police station of the area"), required=False)
    place = forms.CharField(label=_("Where it was lost (if you do not know the police station)"), max_length=1000,
                            required=False)
    lat = forms.CharField(required=False, widget=forms.HiddenInput)
    lng = forms.CharField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Your name"), max_length=1000, required=False)
    id_number = forms.CharField(label=_("Your CNIC / identity number"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].choices = _stations()


class FoundForm(forms.Form):
    kind = forms.ChoiceField(label=_("What was found"), choices=[("", "—"), *Kind.choices], required=False)
    identifier = forms.CharField(label=_("Its number"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), max_length=2000, required=False)
    found_on = forms.CharField(label=_("Date found"), max_length=20, required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))
    found_place = forms.CharField(label=_("Where it was found"), max_length=1000, required=False)
    station = forms.ChoiceField(label=_("Police station keeping it"), required=False)
    kept_at = forms.CharField(label=_("Where it is kept (for the owner to collect)"), max_length=1000,
                              required=False)

    def __init__(self, *args, stations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].choices = [("", "—")] + [(u.code, u.name) for u in (stations or [])]


class FilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("What was lost"), choices=[("", _("All")), *Kind.choices], required=False)
    q = forms.CharField(label=_("Identifier or receipt number"), max_length=60, required=False)
    since = forms.DateField(label=_("Reported from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Reported until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
