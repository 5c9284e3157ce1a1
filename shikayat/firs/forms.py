from django import forms
from django.utils.translation import gettext_lazy as _

from shikayat.core import clock
from shikayat.jurisdictions.selectors import leaf_units

from .importing import MIN_YEAR
from .models import FirMapping


class StationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name_in()


class CopyForm(forms.Form):
    station = StationChoice(label=_("Police station"), queryset=leaf_units().order_by("name_en"),
                            error_messages={"invalid_choice": _("Please choose the police station from the list.")})
    number = forms.IntegerField(label=_("FIR number"), min_value=1, max_value=10**9)
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR)

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if year > clock.now().year:
            raise forms.ValidationError(_("The year cannot be in the future."))
        return year


class ImportForm(forms.Form):
    mapping = forms.ModelChoiceField(label=_("Mapping"), queryset=FirMapping.objects.filter(is_active=True),
                                     to_field_name="name", required=False,
                                     help_text=_("Leave empty for the standard columns."))
    file = forms.FileField(label=_("File (CSV UTF-8 or .xlsx)"))
