"""The search forms (GET) and the officers' entry forms. They only parse; the rules are in search.py and
entries.py, whose messages the views put back on these forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BodyStatus, Gender, PersonStatus, VehicleKind, VehicleStatus

ANY_GENDER = [("", _("Any"))] + Gender.choices


class VehicleSearchForm(forms.Form):
    q = forms.CharField(label=_("Registration, chassis or engine number"), max_length=60,
                        help_text=_("e.g. LEA-1234 or the last digits of the chassis number (at least 4)."))


class PersonSearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, required=False,
                           help_text=_("In Urdu, Hindi or English letters."))
    area = forms.CharField(label=_("Area or police station"), max_length=120, required=False)
    age_from = forms.IntegerField(label=_("Age from"), min_value=0, max_value=120, required=False)
    age_to = forms.IntegerField(label=_("Age to"), min_value=0, max_value=120, required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=ANY_GENDER, required=False)


class BodySearchForm(forms.Form):
    area = forms.CharField(label=_("Area or police station"), max_length=120, required=False)
    found_from = forms.DateField(label=_("Found from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    found_to = forms.DateField(label=_("Found until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    gender = forms.ChoiceField(label=_("Gender"), choices=ANY_GENDER, required=False)
    age_from = forms.IntegerField(label=_("Apparent age from"), min_value=0, max_value=120, required=False)
    age_to = forms.IntegerField(label=_("Apparent age to"), min_value=0, max_value=120, required=False)
    marks = forms.CharField(label=_("Marks or clothing"), max_length=120, required=False,
                            help_text=_("e.g. tattoo, scar, blue shirt."))


LABELS = {
    "station": _("Police station"), "registration": _("Registration number"), "chassis": _("Chassis number"),
    "engine": _("Engine number"), "kind": _("Kind of vehicle"), "make": _("Make"), "model": _("Model"),
    "colour": _("Colour"), "year": _("Year of manufacture"), "stolen_on": _("Date stolen"),
    "recovered_on": _("Date recovered"), "fir_reference": _("FIR number"), "status": _("Status"),
    "owner_name": _("Owner's name (staff only)"), "owner_mobile": _("Owner's mobile (staff only)"),
    "reference": _("Station report number"), "name": _("Name"), "age": _("Age"), "gender": _("Gender"),
    "last_seen_place": _("Last seen at"), "last_seen_on": _("Last seen on"), "description": _("Description"),
    "reporter_name": _("Reported by (staff only)"), "reporter_mobile": _("Reporter's mobile (staff only)"),
    "place_found": _("Place found"), "found_on": _("Date found"), "age_from": _("Apparent age from"),
    "age_to": _("Apparent age to"), "clothing": _("Clothing"), "marks": _("Identifying marks"),
    "kept_at": _("Where the body is kept"), "photo": _("Photo"),
}
CHOICES = {"kind": VehicleKind.choices, "gender": Gender.choices}
STATUS_CHOICES = {"vehicles": VehicleStatus.choices, "persons": PersonStatus.choices, "bodies": BodyStatus.choices}
DATES = {"stolen_on", "recovered_on", "last_seen_on", "found_on"}
LONG = {"description", "clothing", "marks"}


def entry_form(register: str, fields: list[str], stations, *args, **kwargs) -> forms.Form:
    """A form with the register's fields, each optional here: the domain says what is missing."""
    form = forms.Form(*args, **kwargs)
    for name in fields:
        if name == "station":
            field = forms.ModelChoiceField(queryset=stations, required=False)
        elif name == "status":
            field = forms.ChoiceField(choices=STATUS_CHOICES[register], required=False)
        elif name in CHOICES:
            field = forms.ChoiceField(choices=[("", "—"), *CHOICES[name]], required=False)
        elif name in DATES:
            field = forms.CharField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
        elif name in LONG:
            field = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
        else:
            field = forms.CharField(required=False)
        field.label = LABELS[name]
        form.fields[name] = field
    if register in ("persons", "bodies"):
        form.fields["photo"] = forms.FileField(label=LABELS["photo"], required=False)
    return form


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
