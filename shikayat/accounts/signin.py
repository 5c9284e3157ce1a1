"""Officer sign-in with a lockout: 5 wrong passwords for one username within
15 minutes lock it for 15 minutes, whatever address they come from.

An officer with two-step sign-in is not signed in by the password alone: the
session only remembers, for 5 minutes, who gave it, until a code from their
authenticator app follows. Wrong codes count in the same lockout, and the
count is cleared only when the whole sign-in succeeds."""

from datetime import datetime, timedelta
from typing import NamedTuple

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from shikayat.core import clock

from . import two_factor
from .models import FailedSignIn, User

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
SECOND_STEP_FOR = timedelta(minutes=5)
SESSION_PENDING = "officer_pending_sign_in"
LOCKED_MESSAGE = _("Too many wrong passwords for this account. Please wait 15 minutes and try again, or ask "
                   "your administrator.")


def is_locked(username: str, now=None) -> bool:
    now = now or clock.now()
    return FailedSignIn.objects.filter(username=username.lower(), at__gte=now - WINDOW).count() >= MAX_FAILURES


def record_failure(username: str, request=None) -> None:
    FailedSignIn.objects.create(username=username.lower(), at=clock.now(),
                                ip_address=request.META.get("REMOTE_ADDR") if request else None)


def clear_failures(username: str) -> None:
    FailedSignIn.objects.filter(username=username.lower()).delete()


class LockoutAuthenticationForm(AuthenticationForm):
    error_messages = {**AuthenticationForm.error_messages, "locked": LOCKED_MESSAGE}

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        if username and is_locked(username):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                record_failure(username, self.request)
            raise
        if not two_factor.is_enabled(self.get_user()):
            clear_failures(username)  # else only once the code is right too
        return cleaned


class PendingSignIn(NamedTuple):
    user: User
    backend: str
    next_url: str


def begin_second_step(session, user: User, next_url: str, now: datetime | None = None) -> None:
    """The password was right; remember who gave it until the code follows."""
    session.cycle_key()  # whoever knew the old session id cannot finish this sign-in
    session[SESSION_PENDING] = {"user": user.pk, "backend": user.backend, "next": next_url,
                                "at": (now or clock.now()).timestamp()}


def pending_sign_in(session, now: datetime | None = None) -> PendingSignIn | None:
    """Who is between the password and the code, if that was less than 5 minutes ago."""
    pending = session.get(SESSION_PENDING)
    if not pending:
        return None
    if (now or clock.now()).timestamp() - pending["at"] > SECOND_STEP_FOR.total_seconds():
        del session[SESSION_PENDING]
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return PendingSignIn(user, pending["backend"], pending["next"]) if user else None


def end_second_step(session) -> None:
    session.pop(SESSION_PENDING, None)
