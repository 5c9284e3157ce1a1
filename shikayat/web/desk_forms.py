"""Forms for the call-centre console and the police-station front desk. They
parse and keep what was typed; intake and the actions decide what is valid."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shikayat.complaints import etag as etags
from shikayat.complaints.models import Channel, Language
from shikayat.core.errors import InvalidInput
from shikayat.core.phones import normalise_mobile

from .citizen_forms import MultipleFileField, MultipleFileInput, accountability_data

RATINGS = [("", "—")] + [(str(n), str(n)) for n in range(5, 0, -1)]


def _first_problem(error: InvalidInput, field: str) -> str:
    return str((error.fields.get(field) or [error.message])[0])


class LookupForm(forms.Form):
    """The caller's mobile, normalised to E.164."""

    mobile = forms.CharField(label=_("Caller's mobile number"), max_length=32, widget=forms.TextInput(attrs={
        "inputmode": "tel", "autocomplete": "off", "placeholder": "03001234567"}))

    def clean_mobile(self) -> str:
        try:
            return normalise_mobile(self.cleaned_data["mobile"])
        except InvalidInput as error:
            raise forms.ValidationError(_first_problem(error, "mobile")) from error


class StatusForm(forms.Form):
    """An E-tag read out by the caller; a wrong check character is explained."""

    etag = forms.CharField(label=_("E-tag"), max_length=20, widget=forms.TextInput(attrs={
        "autocomplete": "off", "autocapitalize": "characters", "placeholder": "K7QM-4XZ2"}))

    def clean_etag(self) -> str:
        try:
            return etags.normalise(self.cleaned_data["etag"])
        except InvalidInput as error:
            raise forms.ValidationError(_first_problem(error, "etag")) from error


class _IntakeForm(forms.Form):
    """What every desk asks; all optional here because intake.clean_complaint_data
    decides (the same rules as the citizen's page and the API)."""

    submission = forms.CharField(widget=forms.HiddenInput, max_length=64)
    mobile = forms.CharField(label=_("Complainant's mobile number"), required=False, max_length=32,
                             widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    name = forms.CharField(label=_("Complainant's name"), required=False, max_length=150)
    language = forms.ChoiceField(label=_("Language for messages to the complainant"), choices=Language.choices)
    category = forms.ChoiceField(label=_("What is the complaint about?"), required=False)
    unit = forms.ChoiceField(label=_("Police station of the area"), required=False)
    description = forms.CharField(label=_("What happened?"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 4, "maxlength": 5000}),
                                  help_text=_("Who, what, where and when — in the complainant's words."))
    incident_address = forms.CharField(label=_("Address or landmark of the place"), required=False, max_length=300)
    anonymous = forms.BooleanField(label=_("Keep the complainant's name from the officers handling it (only for "
                                           "some kinds of complaint)"), required=False)
    accused = forms.CharField(label=_("Accused officer (name, rank, belt number, police station)"), required=False,
                              max_length=200, help_text=_("Only if the complaint is against a police officer."))
    seal_identity = forms.BooleanField(label=_("Hide the complainant's identity from the unit handling the complaint "
                                               "(only for some kinds of complaint)"), required=False)

    def __init__(self, *args, categories=(), stations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—")] + list(categories)
        self.fields["unit"].choices = [("", _("Not known"))] + list(stations)

    def complaint_data(self) -> dict:
        """The cleaned fields intake reads (the form's own bookkeeping left out)."""
        skip = {"submission", "attachments", "channel", "accused", "seal_identity"}
        data = {key: value for key, value in self.cleaned_data.items() if key not in skip}
        return {**data, **accountability_data(self.cleaned_data)}


class PhonedInForm(_IntakeForm):
    """A complaint taken over the telephone."""


class FrontDeskForm(_IntakeForm):
    """A complaint handed in at the station, or a letter received by post."""

    CHANNELS = [(Channel.FRONT_DESK.value, _("In person or in writing at the desk")),
                (Channel.POST.value, _("Letter received by post"))]

    channel = forms.ChoiceField(label=_("How was it received?"), choices=CHANNELS, widget=forms.RadioSelect,
                                initial=Channel.FRONT_DESK.value)
    incident_at = forms.DateTimeField(label=_("When did it happen?"), required=False,
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    email = forms.CharField(label=_("Email (optional)"), required=False, max_length=254,
                            widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    id_number = forms.CharField(label=_("CNIC / identity number (optional)"), required=False, max_length=32)
    address = forms.CharField(label=_("Complainant's address"), required=False, max_length=300)
    attachments = MultipleFileField(
        label=_("Scans, photos or documents (up to 5; a scan of the letter is required for post)"), required=False,
        max_files=5, widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf,audio/*"}))

    field_order = ["submission", "channel", "category", "description", "incident_at", "unit", "incident_address",
                   "accused", "name", "mobile", "email", "id_number", "address", "language", "anonymous",
                   "seal_identity", "attachments"]

    def clean(self):
        data = super().clean()
        if data.get("channel") == Channel.POST and "attachments" in data and not data["attachments"]:
            self.add_error("attachments", _("A scan of the letter is required for a complaint received by post."))
        return data


class SatisfiedForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Caller's rating"), choices=RATINGS, coerce=int,
                                    error_messages={"required": _("Please record the caller's rating from 1 to 5.")})
    note = forms.CharField(label=_("Comment (optional)"), required=False, max_length=2000)

    def handler_call(self) -> tuple[str, dict]:
        return "feedback", {"satisfied": True, "rating": self.cleaned_data["rating"],
                            "comment": self.cleaned_data["note"]}


class NotSatisfiedForm(forms.Form):
    reason = forms.CharField(label=_("Why is the caller not satisfied?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Please record why the caller is not satisfied.")})
    rating = forms.TypedChoiceField(label=_("Caller's rating (optional)"), choices=RATINGS, coerce=int,
                                    empty_value=None, required=False)

    def handler_call(self) -> tuple[str, dict]:
        return "feedback", {"satisfied": False, "rating": self.cleaned_data["rating"],
                            "comment": self.cleaned_data["reason"]}


class UnreachableForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500,
                           widget=forms.TextInput(attrs={"placeholder": _("e.g. phone switched off")}))

    def handler_call(self) -> tuple[str, dict]:
        return "record_feedback_attempt", {"outcome": "unreachable", "note": self.cleaned_data["note"]}


class CallerAppealForm(forms.Form):
    """The caller appeals the decision on their complaint; the action checks the window and the caller's right."""

    grounds = forms.CharField(label=_("The caller's grounds for appeal"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))


CALLBACK_FORMS = {"satisfied": SatisfiedForm, "not_satisfied": NotSatisfiedForm, "unreachable": UnreachableForm}
