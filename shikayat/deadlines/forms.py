from django import forms
from django.utils.translation import gettext_lazy as _

from .ledger import MAX_EXPLANATION
from .models import Outcome


class OutcomeForm(forms.Form):
    """A supervisor's review of a missed deadline; the domain (ledger.record_outcome) checks it again."""

    outcome = forms.ChoiceField(label=_("Decision"),
                                choices=[(value, label) for value, label in Outcome.choices if value != "pending"])
    explanation = forms.CharField(label=_("Explanation and reasons"), max_length=MAX_EXPLANATION,
                                  widget=forms.Textarea(attrs={"rows": 5, "cols": 60}))
