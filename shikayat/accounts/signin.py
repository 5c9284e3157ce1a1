"""Officer sign-in, kept slow for guessers without locking anyone out.

Wrong passwords (and wrong codes of two-step sign-in) are FailedSignIn rows:
the account, the client address, the time. They are forgiven after an hour.
No account is ever locked; instead, before a password is even checked:

- after 5 wrong tries on one account (from anywhere, in the hour), each
  further try waits 15 s, 30 s, 1 min, 2 min … doubling up to
  SHIKAYAT_SIGNIN_MAX_DELAY_MINUTES after the last wrong one;
- the same ramp for one account from one address;
- an address with SHIKAYAT_SIGNIN_ADDRESS_FAILURES_HOUR wrong tries across
  all accounts in the hour waits until the oldest of them is forgiven.

A device the officer has signed in from before (a signed "known device"
cookie, set at every completed sign-in and void once the password changes)
is spared the per-account ramp and the address cap for that officer: a
stranger guessing `lhr.dpo` from elsewhere slows down only strangers, while
the officer at their own desk keeps getting in. Only the ramp for that
account from that very address still applies to them.

An officer with two-step sign-in is not signed in by the password alone: the
session only remembers, for 5 minutes, who gave it, until a code from their
authenticator app follows. Wrong codes count like wrong passwords, and a
completed sign-in forgives the wrong tries from its own address only."""

from datetime import datetime, timedelta
from math import ceil
from typing import NamedTuple

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core import signing
from django.db.models import Count, Max
from django.utils.translation import gettext

from shikayat.core import clock
from shikayat.core.ratelimit import client_address

from . import two_factor
from .models import FailedSignIn, User

FREE_TRIES = 5
FIRST_DELAY = timedelta(seconds=15)
FORGIVEN_AFTER = timedelta(hours=1)
SECOND_STEP_FOR = timedelta(minutes=5)
SESSION_PENDING = "officer_pending_sign_in"
DEVICE_COOKIE = "shikayat_known_device"
DEVICE_SALT = "shikayat.accounts.known-device"
DEVICE_DAYS = 90
DEVICES_PER_COOKIE = 10


# --- how long a try must wait -----------------------------------------------------------------------------------


def _ramp(failures, now: datetime) -> timedelta:
    """Doubling waits after FREE_TRIES wrong tries, counted from the last one."""
    seen = failures.aggregate(n=Count("id"), last=Max("at"))
    if seen["n"] < FREE_TRIES:
        return timedelta(0)
    longest = timedelta(minutes=settings.SHIKAYAT["SIGNIN_MAX_DELAY_MINUTES"])
    delay = min(longest, FIRST_DELAY * 2 ** min(seen["n"] - FREE_TRIES, 20))
    return max(timedelta(0), seen["last"] + delay - now)


def _address_cap(recent, address: str, now: datetime) -> timedelta:
    cap = settings.SHIKAYAT["SIGNIN_ADDRESS_FAILURES_HOUR"]
    if not cap or not address:
        return timedelta(0)
    times = list(recent.filter(ip_address=address).order_by("-at").values_list("at", flat=True)[:cap])
    if len(times) < cap:
        return timedelta(0)
    return max(timedelta(0), times[-1] + FORGIVEN_AFTER - now)


def wait_before_try(username: str, address: str, *, known_device: bool, now: datetime | None = None) -> timedelta:
    """How long this try must wait (zero: go ahead)."""
    now = now or clock.now()
    recent = FailedSignIn.objects.filter(at__gte=now - FORGIVEN_AFTER)
    account = recent.filter(username=username.lower())
    waits = [_ramp(account.filter(ip_address=address or None), now)]
    if not known_device:
        waits += [_ramp(account, now), _address_cap(recent, address, now)]
    return max(waits)


def wait_for_request(username: str, request, now: datetime | None = None) -> timedelta:
    return wait_before_try(username, client_address(request), known_device=is_known_device(request, username),
                           now=now)


def wait_message(wait: timedelta) -> str:
    minutes = ceil(wait.total_seconds() / 60)
    if minutes <= 1:
        return gettext("Too many wrong attempts. Please wait a minute and try again, or ask your administrator.")
    return gettext("Too many wrong attempts. Please wait %(minutes)d minutes and try again, or ask your "
                   "administrator.") % {"minutes": minutes}


def record_failure(username: str, request=None) -> None:
    FailedSignIn.objects.create(username=username.lower(), at=clock.now(),
                                ip_address=(client_address(request) or None) if request else None)


def clear_failures(username: str, request) -> None:
    """A completed sign-in forgives the wrong tries on this account from its own address."""
    FailedSignIn.objects.filter(username=username.lower(), ip_address=client_address(request) or None).delete()


# --- known devices ----------------------------------------------------------------------------------------------


def _device_mark(user: User) -> list:
    # The session hash changes with the password: a new password forgets every known device.
    return [user.pk, user.get_session_auth_hash()[:20]]


def _known_marks(request) -> list:
    try:
        marks = signing.loads(request.COOKIES.get(DEVICE_COOKIE, ""), salt=DEVICE_SALT,
                              max_age=timedelta(days=DEVICE_DAYS))
    except signing.BadSignature:
        return []
    return [m for m in marks if isinstance(m, list) and len(m) == 2] if isinstance(marks, list) else []


def is_known_device(request, username: str) -> bool:
    """Whether this browser completed a sign-in as `username` before (with the current password)."""
    if request is None:
        return False
    marks = _known_marks(request)
    if not marks:
        return False
    users = User.objects.filter(pk__in=[m[0] for m in marks if isinstance(m[0], int)],
                                username__iexact=username.strip())
    return any(_device_mark(user) in marks for user in users)


def remember_device(request, response, user: User) -> None:
    """After a completed sign-in: this browser is a known device for this officer."""
    mark = _device_mark(user)
    marks = [m for m in _known_marks(request) if m[0] != user.pk][-(DEVICES_PER_COOKIE - 1):] + [mark]
    response.set_cookie(DEVICE_COOKIE, signing.dumps(marks, salt=DEVICE_SALT, compress=True),
                        max_age=DEVICE_DAYS * 86400, httponly=True, samesite="Lax",
                        secure=settings.SESSION_COOKIE_SECURE)


class LockoutAuthenticationForm(AuthenticationForm):
    """The password step: a try that must wait is refused before the password is checked."""

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        if username:
            wait = wait_for_request(username, self.request)
            if wait:
                raise forms.ValidationError(wait_message(wait), code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                record_failure(username, self.request)
            raise
        if not two_factor.is_enabled(self.get_user()):
            clear_failures(username, self.request)  # else only once the code is right too
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
