"""Forms over the officer's account: how they are told about their complaints (their own settings page and the
admin share the check in accounts/notify.py)."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shikayat.core.errors import InvalidInput

from . import notify
from .models import User


class NotifyByField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Tell me about my complaints by"))
        kwargs.setdefault("help_text", _("Whatever you choose, the updates also appear in your workspace. Choose "
                                         "nothing to be told in the workspace only."))
        super().__init__(choices=notify.NotifyBy.choices, required=False, **kwargs)


class NotifyByMixin:
    """A User form with `notify_by`: shows the default the officer is on until they choose, keeps it (null) while
    the box is left as it was, and checks a choice against the mobile number and email address on record."""

    def _show_default(self) -> None:
        if self.instance.notify_by is None:
            self.initial["notify_by"] = notify.chosen(self.instance)

    def _check_notify_by(self, mobile: str, email: str) -> None:
        if "notify_by" not in self.cleaned_data:
            return
        if self.instance.notify_by is None and "notify_by" not in self.changed_data:
            self.cleaned_data["notify_by"] = None  # still the default, which follows the mobile and email on record
            return
        try:
            self.cleaned_data["notify_by"] = notify.check(self.cleaned_data["notify_by"], mobile=mobile, email=email)
        except InvalidInput as error:
            self.add_error("notify_by", ValidationError(error.fields["notify_by"]))


class MessagesForm(NotifyByMixin, forms.ModelForm):
    """The officer's own choice, on their security page: how they are told, and in which language."""

    notify_by = NotifyByField()
    preferred_language = forms.ChoiceField(label=_("Language of the messages"), choices=settings.LANGUAGES)

    class Meta:
        model = User
        fields = ["notify_by", "preferred_language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._show_default()

    def clean(self):
        cleaned = super().clean()
        self._check_notify_by(self.instance.mobile, self.instance.email)
        return cleaned


class OfficerChangeForm(NotifyByMixin, UserChangeForm):
    """The admin's form: the choice is checked against the mobile and email as entered on the same form."""

    notify_by = NotifyByField(label=_("Notify by"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._show_default()

    def clean(self):
        cleaned = super().clean()
        self._check_notify_by(cleaned.get("mobile", self.instance.mobile), cleaned.get("email", self.instance.email))
        return cleaned
