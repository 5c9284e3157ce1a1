"""Citizen forms: they parse and keep what was typed; the domain decides."""

from django import forms
from django.utils.translation import gettext_lazy as _


class TrackForm(forms.Form):
    etag = forms.CharField(label=_("E-tag"), max_length=20, widget=forms.TextInput(attrs={
        "autocomplete": "off", "autocapitalize": "characters", "placeholder": "K7QM-4XZ2"}))
    mobile = forms.CharField(label=_("Mobile number used for the complaint"), max_length=32,
                             widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))


class MobileForm(forms.Form):
    mobile = forms.CharField(label=_("Your mobile number"), max_length=32,
                             widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))


class CodeForm(forms.Form):
    mobile = forms.CharField(widget=forms.HiddenInput, max_length=32)
    code = forms.CharField(label=_("The 6-digit code we sent you"), max_length=10,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))


class FeedbackForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("Are you satisfied with what the police did?"), widget=forms.RadioSelect,
        choices=[("yes", _("Yes, I am satisfied")), ("no", _("No, I am not satisfied"))],
        coerce=lambda value: value == "yes")
    rating = forms.TypedChoiceField(label=_("Your rating"), required=False, coerce=int, empty_value=None,
                                    choices=[("", "—")] + [(str(n), str(n)) for n in range(5, 0, -1)])
    comment = forms.CharField(label=_("Comment (required if you are not satisfied)"), required=False,
                              max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why do you want to withdraw it?"), required=False, max_length=1000)


class AttachForm(forms.Form):
    file = forms.FileField(label=_("Photo, document or voice note"))
