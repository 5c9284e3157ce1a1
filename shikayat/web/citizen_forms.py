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
    # The complaint's version the citizen saw (complaints.versions): a resolution proposed again meanwhile is
    # shown to them before their answer counts.
    version = forms.IntegerField(required=False, min_value=0, max_value=2 ** 63 - 1, widget=forms.HiddenInput)


class AppealForm(forms.Form):
    grounds = forms.CharField(label=_("Why should a senior officer look at the decision again?"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 4}))


class FollowupForm(forms.Form):
    held = forms.TypedChoiceField(
        label=_("Did the police action on your complaint hold?"), widget=forms.RadioSelect,
        choices=[("yes", _("Yes, it held")), ("no", _("No: send my complaint to a senior officer"))],
        coerce=lambda value: value == "yes")
    note = forms.CharField(label=_("What happened since? (helps the senior officer if it did not hold)"),
                           required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(forms.Form):
    """Withdrawing ends the police's work on the complaint: the citizen gives a reason and confirms."""

    reason = forms.CharField(label=_("Why do you want to withdraw it?"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Please tell us why you want to withdraw it.")})
    confirm = forms.BooleanField(
        label=_("Yes, withdraw my complaint. I understand the police will stop working on it."),
        error_messages={"required": _("Tick the box to confirm that you want to withdraw the complaint.")})


class InformationForm(forms.Form):
    text = forms.CharField(label=_("Anything more the police should know?"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class AttachForm(forms.Form):
    file = forms.FileField(label=_("Photo, document or voice note"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Up to `max_files` files; their content is checked by the domain."""

    def __init__(self, *args, max_files: int = 3, **kwargs):
        self.max_files = max_files
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > self.max_files:
            raise forms.ValidationError(_("Please attach at most %(n)d files.") % {"n": self.max_files})
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def accountability_data(cleaned: dict) -> dict:
    """The accused officer and the sealing request, passed to intake only when given."""
    data = {}
    if (cleaned.get("accused") or "").strip():
        data["accused"] = cleaned["accused"].strip()
    if cleaned.get("seal_identity"):
        data["seal_identity"] = True
    return data


# How the complainant's name is kept (one choice; the SOP of the category says which it allows, as in the bot's
# IDENTITY_CHOICES): given to the officers, sealed from the unit handling it, or left out.
IDENTITY = [
    ("named", _("Give my name: the officers handling the complaint see it")),
    ("sealed", _("Seal my name: the unit handling the complaint does not see it (only some kinds of complaint)")),
    ("anonymous", _("Stay anonymous: no name on the complaint (only some kinds of complaint)")),
]
# The intake fields a choice sets, and the choice a refusal of each field is shown on.
IDENTITY_FIELDS = {"sealed": "seal_identity", "anonymous": "anonymous"}


def identity_alias(field: str) -> str:
    return "identity" if field in IDENTITY_FIELDS.values() else field


class LodgeForm(forms.Form):
    """Parses the citizen's complaint; intake.clean_complaint_data decides
    what is acceptable, so the page, the API and the bot agree."""

    submission = forms.CharField(widget=forms.HiddenInput, max_length=64)
    category = forms.ChoiceField(label=_("What is the complaint about?"), required=False)
    description = forms.CharField(label=_("What happened?"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 5, "maxlength": 5000}),
                                  help_text=_("Who, what, where and when — in your own words."))
    incident_at = forms.DateTimeField(label=_("When did it happen?"), required=False,
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    unit = forms.ChoiceField(label=_("Police station of the area"), required=False)
    incident_address = forms.CharField(label=_("Address or landmark of the place"), required=False, max_length=300)
    lat = forms.CharField(required=False, widget=forms.HiddenInput)
    lng = forms.CharField(required=False, widget=forms.HiddenInput)
    attachments = MultipleFileField(label=_("Photos, documents or voice notes (up to 3)"), required=False,
                                    widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf,"
                                                                              "audio/*"}))
    name = forms.CharField(label=_("Your name"), required=False, max_length=150,
                           help_text=_("Not needed if you stay anonymous."))
    email = forms.CharField(label=_("Email (optional)"), required=False, max_length=254,
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    address = forms.CharField(label=_("Your address"), required=False, max_length=300)
    is_overseas = forms.BooleanField(label=_("I live abroad"), required=False)
    identity = forms.ChoiceField(label=_("Your name on the complaint"), choices=IDENTITY, initial="named",
                                 required=False, widget=forms.RadioSelect)  # none chosen: "named"
    accused = forms.CharField(label=_("Accused officer (name, rank, belt number, police station)"), required=False,
                              max_length=200, help_text=_("Only if your complaint is against a police officer."))

    # Optional to the form so that the domain's own message is shown, but required by it: marked on the page.
    DOMAIN_REQUIRED = ("category", "description", "name")

    def __init__(self, *args, categories=(), stations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—")] + list(categories)
        self.fields["unit"].choices = [("", _("I don't know"))] + list(stations)
        for name in self.DOMAIN_REQUIRED:
            self.fields[name].widget.attrs["aria-required"] = "true"

    def intake_data(self) -> dict:
        """The cleaned input as intake.register_complaint reads it (identity → anonymous / seal_identity)."""
        data = {k: v for k, v in self.cleaned_data.items()
                if k not in ("attachments", "submission", "accused", "identity")}
        if self.cleaned_data.get("identity") in IDENTITY_FIELDS:
            data[IDENTITY_FIELDS[self.cleaned_data["identity"]]] = True
        return {**data, **accountability_data(self.cleaned_data)}  # the accused officer, if named
