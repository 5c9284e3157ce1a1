"""Forms parse; alerts.py decides (the same rules for every caller)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class MissingChildForm(forms.Form):
    """All optional here: alerts.clean_report gives the field errors."""

    submission = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    name = forms.CharField(label=_("Child's name"), required=False, max_length=120)
    age = forms.CharField(label=_("Age (years)"), required=False, max_length=3,
                          widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    last_seen_place = forms.CharField(label=_("Where was the child last seen?"), required=False, max_length=200)
    lat = forms.CharField(label=_("Latitude"), required=False, max_length=20,
                          widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                          help_text=_("Decimal degrees, e.g. 31.5204"))
    lng = forms.CharField(label=_("Longitude"), required=False, max_length=20,
                          widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                          help_text=_("Decimal degrees, e.g. 74.3587"))
    last_seen_at = forms.CharField(label=_("When was the child last seen?"), required=False, max_length=32,
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    details_en = forms.CharField(label=_("Description (English)"), required=False, max_length=3000,
                                 widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("Appearance, clothes, anything that helps to recognise the child."))
    details_ur = forms.CharField(label=_("Description (Urdu, optional)"), required=False, max_length=3000,
                                 widget=forms.Textarea(attrs={"rows": 3, "dir": "rtl", "lang": "ur"}))
    details_hi = forms.CharField(label=_("Description (Hindi, optional)"), required=False, max_length=3000,
                                 widget=forms.Textarea(attrs={"rows": 3, "lang": "hi"}))
    contact = forms.CharField(label=_("Number to call with information"), required=False, max_length=32,
                              widget=forms.TextInput(attrs={"inputmode": "tel"}))
    photo = forms.FileField(label=_("Photo of the child (optional)"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}))


class CloseAlertForm(forms.Form):
    outcome = forms.ChoiceField(choices=[("found", _("Child found")), ("closed", _("Closed for another reason"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class TipForm(forms.Form):
    text = forms.CharField(label=_("What do you know?"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
                           help_text=_("Where and when you saw this person, and anything else that may help. "
                                       "Your information is confidential."))
    name = forms.CharField(label=_("Your name (optional)"), required=False, max_length=120)
    mobile = forms.CharField(label=_("Your mobile number (optional)"), required=False, max_length=32,
                             widget=forms.TextInput(attrs={"inputmode": "tel"}),
                             help_text=_("Only if you agree that the police may call you back."))
