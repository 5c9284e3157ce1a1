"""A second factor for officer sign-in: codes from an authenticator app
(TOTP, RFC 6238: 30-second steps, 6 digits, SHA-1, one step of clock drift
either way). Optional for everyone, recommended for supervisors and
administrators, and required for the roles in SHIKAYAT["TOTP_REQUIRED_ROLES"].

An accepted code moves `last_used_step` forward in one conditional UPDATE, so
the same code (or an older one) is refused afterwards, even by a concurrent
request."""

import hmac
import unicodedata
from datetime import datetime

import pyotp
import segno
from django.conf import settings
from django.core import checks
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shikayat.core import clock
from shikayat.core.errors import InvalidInput

from .models import OfficerTotp, Role, User

ISSUER = "Shikayat"
STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1
RECOMMENDED_ROLES = {Role.SUPERVISOR, Role.ADMIN}
WRONG_CODE = gettext_lazy("That code is not right or was already used. Enter the current 6-digit code from your "
                          "authenticator app.")


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)


def _digits(code: str) -> str:
    """ASCII digits from what was typed: spaces dropped, Urdu and Hindi digits read as 0–9."""
    return "".join(str(unicodedata.decimal(ch)) for ch in code or "" if ch.isdecimal())


def matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code this is (now, or one step either side), else None."""
    code = _digits(code)
    if len(code) != DIGITS:
        return None
    totp, step = _totp(secret), int(now.timestamp()) // STEP_SECONDS
    for candidate in (step, step - DRIFT_STEPS, step + DRIFT_STEPS):
        if hmac.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def _use(record: OfficerTotp, code: str, now: datetime) -> bool:
    step = matching_step(record.secret, code, now)
    if step is None:
        return False
    not_used_yet = Q(last_used_step__isnull=True) | Q(last_used_step__lt=step)
    return OfficerTotp.objects.filter(not_used_yet, pk=record.pk).update(last_used_step=step) == 1


def _wrong_code() -> InvalidInput:
    return InvalidInput(WRONG_CODE, fields={"code": [WRONG_CODE]}, code="wrong_code")


def enabled_for(user: User) -> OfficerTotp | None:
    return OfficerTotp.objects.filter(user=user, confirmed_at__isnull=False).first()


def is_enabled(user: User) -> bool:
    return OfficerTotp.objects.filter(user=user, confirmed_at__isnull=False).exists()


def check_sign_in_code(user: User, code: str, *, now: datetime | None = None) -> bool:
    """True if `code` is a current, unused code of the officer's authenticator; it is then used up."""
    record = enabled_for(user)
    return record is not None and _use(record, code, now or clock.now())


def enrolment(user: User) -> OfficerTotp:
    """The officer's authenticator record, with a new secret if there was none.
    It stays switched off until `confirm` is given a code from it."""
    record, _created = OfficerTotp.objects.get_or_create(user=user, defaults={"secret": pyotp.random_base32()})
    return record


def confirm(user: User, code: str, *, now: datetime | None = None) -> OfficerTotp:
    """Switch the second factor on, once the officer shows a code from the enrolled app."""
    now = now or clock.now()
    record = OfficerTotp.objects.filter(user=user, confirmed_at__isnull=True).first()
    if record is None:
        raise InvalidInput(_("Two-step sign-in is already switched on, or enrolment has not been started."))
    if not _use(record, code, now):
        raise _wrong_code()
    OfficerTotp.objects.filter(pk=record.pk).update(confirmed_at=now)
    record.refresh_from_db()
    return record


def switch_off(user: User, code: str, *, now: datetime | None = None) -> None:
    """Switch the second factor off (the secret is deleted) on a current code."""
    record = enabled_for(user)
    if record is None:
        raise InvalidInput(_("Two-step sign-in is not switched on."))
    if required_for(user):
        raise InvalidInput(_("Your role requires two-step sign-in, so it cannot be switched off."))
    if not _use(record, code, now or clock.now()):
        raise _wrong_code()
    record.delete()


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return _totp(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """An inline SVG QR code (made here: no external service sees the secret)."""
    return segno.make(uri, error="m").svg_inline(scale=5, light="#fff", title=_("QR code for your authenticator app"))


def _roles(user: User) -> set[str]:
    roles = set(user.postings.active().values_list("role", flat=True))
    if user.is_superuser:
        roles.add(Role.ADMIN)
    return roles


def recommended_for(user: User) -> bool:
    return bool(_roles(user) & RECOMMENDED_ROLES)


def required_roles() -> set[str]:
    return set(settings.SHIKAYAT.get("TOTP_REQUIRED_ROLES", []))


def required_for(user: User) -> bool:
    """Whether one of the officer's roles (superusers count as administrators) must use a second factor."""
    required = required_roles()
    return bool(required and _roles(user) & required)


@checks.register(checks.Tags.security)
def check_required_roles(app_configs, **kwargs):
    """A misspelt role in SHIKAYAT_TOTP_REQUIRED_ROLES would silently require nothing."""
    unknown = sorted(required_roles() - set(Role.values))
    if not unknown:
        return []
    return [checks.Error(f"SHIKAYAT_TOTP_REQUIRED_ROLES names unknown roles: {', '.join(unknown)}",
                         hint=f"Known roles: {', '.join(Role.values)}", id="accounts.E001")]
