"""Forms parse; the domain (actions.clean_application) validates, so the web, the API and any other door give
the same messages. Fields the domain requires are optional here and marked aria-required."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import rules
from .models import PermitKind

ORGANISER_ROWS = 3
DOCUMENT_ROWS = 3
ORGANISER_FIELDS = (("name", _("Name")), ("id_number", _("CNIC / identity number")), ("mobile", _("Mobile number")),
                    ("address", _("Address")))


def _required(field: forms.Field) -> forms.Field:
    field.widget.attrs["aria-required"] = "true"
    return field


class ApplicationForm(forms.Form):
    kind = _required(forms.ChoiceField(label=_("Permission for"), required=False,
                                       choices=[("", "—"), *PermitKind.choices]))
    title = _required(forms.CharField(label=_("Title or purpose"), max_length=1000, required=False))
    purpose = forms.CharField(label=_("Details"), max_length=4000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    date = _required(forms.CharField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})))
    start = _required(forms.CharField(label=_("Start time"), required=False,
                                      widget=forms.TimeInput(attrs={"type": "time"})))
    end = _required(forms.CharField(label=_("End time"), required=False,
                                    widget=forms.TimeInput(attrs={"type": "time"})))
    venue = forms.CharField(label=_("Venue (for a meeting, event, loudspeaker or shooting)"), max_length=1000,
                            required=False)
    route = forms.CharField(label=_("Route of a procession: one place a line, from start to end"), max_length=5000,
                            required=False, widget=forms.Textarea(attrs={"rows": 4}))
    station = _required(forms.ChoiceField(label=_("Police station of the venue or starting point"), required=False))
    stations_passed = forms.MultipleChoiceField(label=_("Other police stations the route passes (optional)"),
                                                required=False)
    lat = forms.CharField(label=_("Latitude (optional)"), max_length=32, required=False)
    lng = forms.CharField(label=_("Longitude (optional)"), max_length=32, required=False)
    attendance = _required(forms.CharField(label=_("Expected attendance"), max_length=32, required=False,
                                           widget=forms.TextInput(attrs={"inputmode": "numeric"})))
    loudspeaker_details = forms.CharField(label=_("Loudspeakers: how many, where, which hours"), max_length=1000,
                                          required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stations = rules.stations().order_by("name_en")
        self.fields["station"].choices = [("", "—")] + [(u.code, u.name) for u in stations]
        self.fields["stations_passed"].choices = [(u.code, u.name) for u in stations]
        for n in range(1, ORGANISER_ROWS + 1):
            for key, label in ORGANISER_FIELDS:
                field = forms.CharField(label=f"{_('Organiser')} {n}: {label}", max_length=1000, required=False)
                self.fields[f"organiser{n}_{key}"] = _required(field) if n == 1 else field
        for n in range(1, DOCUMENT_ROWS + 1):
            self.fields[f"document{n}"] = forms.FileField(
                label=f"{_('Supporting document')} {n}", required=False,
                help_text=_("Photo (JPEG, PNG) or PDF, e.g. the organisers' letter or the venue owner's consent."),
                widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}))

    def data_for_domain(self, language: str) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith(("organiser", "document"))}
        data["organisers"] = [{key: self.cleaned_data.get(f"organiser{n}_{key}", "") for key, _l in ORGANISER_FIELDS}
                              for n in range(1, ORGANISER_ROWS + 1)]
        data["language"] = language
        return data

    def uploads(self) -> list:
        return [self.cleaned_data.get(f"document{n}") for n in range(1, DOCUMENT_ROWS + 1)]


class ReportForm(forms.Form):
    objection = forms.ChoiceField(label=_("Report"), choices=[("no", _("No objection")), ("yes", _("Objection"))],
                                  widget=forms.RadioSelect, initial="no")
    note = forms.CharField(label=_("Reasons / remarks"), max_length=4000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    conditions = forms.CharField(label=_("Conditions proposed"), max_length=4000, required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    grant = forms.ChoiceField(label=_("Decision"), choices=[("yes", _("Grant")), ("no", _("Refuse"))],
                              widget=forms.RadioSelect, initial="yes")
    conditions = forms.CharField(label=_("Conditions (of a grant)"), max_length=6000, required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    reasons = forms.CharField(label=_("Reasons (of a refusal)"), max_length=6000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class RevokeForm(forms.Form):
    reasons = _required(forms.CharField(label=_("Reasons for revoking (the applicant is told them by SMS)"),
                                        max_length=6000, required=False, widget=forms.Textarea(attrs={"rows": 3})))
    confirm = forms.BooleanField(label=_("I confirm that this permission is revoked and the event may not go ahead "
                                         "under it."),
                                 error_messages={"required": _("Tick the box to confirm the revocation.")})
