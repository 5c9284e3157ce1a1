from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CLOSING_OUTCOMES, Purpose


class CloseCallForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Why the citizen called"), choices=[("", "—"), *Purpose.choices])
    outcome = forms.ChoiceField(label=_("What came of it"), choices=[("", "—"), *CLOSING_OUTCOMES])
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)


class ReviewForm(forms.Form):
    reason = forms.CharField(label=_("What to review"), max_length=500)
