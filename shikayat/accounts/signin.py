"""Officer sign-in with a lockout: 5 wrong passwords for one username within
15 minutes lock it for 15 minutes, whatever address they come from."""

from datetime import timedelta

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from shikayat.core import clock

from .models import FailedSignIn

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)


def is_locked(username: str, now=None) -> bool:
    now = now or clock.now()
    return FailedSignIn.objects.filter(username=username.lower(), at__gte=now - WINDOW).count() >= MAX_FAILURES


class LockoutAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _("Too many wrong passwords for this account. Please wait 15 minutes and try again, or ask "
                    "your administrator."),
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        if username and is_locked(username):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                FailedSignIn.objects.create(username=username.lower(), at=clock.now(),
                                            ip_address=self.request.META.get("REMOTE_ADDR") if self.request else None)
            raise
        FailedSignIn.objects.filter(username=username.lower()).delete()
        return cleaned
