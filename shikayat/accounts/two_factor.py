"""A second factor for officer sign-in: codes from an authenticator app
(TOTP, RFC 6238: 30-second steps, 6 digits, SHA-1, one step of clock drift
either way). Optional for everyone, recommended for supervisors and
administrators, and required for the roles in SHIKAYAT["TOTP_REQUIRED_ROLES"].

An accepted code moves `last_used_step` forward in one conditional UPDATE, so
the same code (or an older one) is refused afterwards, even by a concurrent
request. The secret is stored encrypted (secret_box, SHIKAYAT_TOTP_KEYS).

Switching on also gives the officer BACKUP_CODES one-time backup codes, shown
once; each is accepted once instead of an authenticator code (at sign-in, to
switch off or to make new codes). Codes are 12 characters of Crockford's
base32 (60 random bits, so a salted SHA-256 is enough to keep them: nobody
can try 2^60 candidates per code, and online guesses hit the sign-in
lockout); using one is a conditional UPDATE too, so it works once even for
two concurrent requests. Making new codes deletes the old ones. An
administrator who deletes the officer's authenticator record (lost phone)
deletes the backup codes with it."""

import hashlib
import hmac
import secrets
import unicodedata
from datetime import datetime

import pyotp
import segno
from django.conf import settings
from django.core import checks
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shikayat.core import clock
from shikayat.core.errors import InvalidInput

from . import secret_box
from .models import BackupCode, OfficerTotp, Role, User

ISSUER = "Shikayat"
STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1
RECOMMENDED_ROLES = {Role.SUPERVISOR, Role.STATION_HEAD, Role.ADMIN}
WRONG_CODE = gettext_lazy("That code is not right or was already used. Enter the current 6-digit code from your "
                          "authenticator app, or one of your backup codes.")
BACKUP_CODES = 10
BACKUP_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford's base32: no i, l, o, u
BACKUP_LENGTH = 12
APP, BACKUP = "app", "backup"  # which kind of code was accepted


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


def _normalised_backup_code(code: str) -> str:
    """A backup code as typed, read leniently: case, spaces and dashes ignored, Urdu and Hindi digits read as
    0–9, and the letters Crockford's base32 leaves out read as the digits they look like."""
    text = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch
                   for ch in (code or "").lower() if ch not in " -\t")
    return text.translate(str.maketrans({"i": "1", "l": "1", "o": "0"}))


def _hash_backup_code(code: str, salt: str) -> str:
    return f"sha256${salt}${hashlib.sha256(f'{salt}${code}'.encode()).hexdigest()}"


def _matches(code: str, stored: str) -> bool:
    _algorithm, _sep, rest = stored.partition("$")
    salt = rest.partition("$")[0]
    return hmac.compare_digest(_hash_backup_code(code, salt), stored)


def _use_backup_code(record: OfficerTotp, code: str, now: datetime) -> bool:
    code = _normalised_backup_code(code)
    if len(code) != BACKUP_LENGTH or any(ch not in BACKUP_ALPHABET for ch in code):
        return False
    for row in BackupCode.objects.filter(totp=record, used_at__isnull=True):
        if _matches(code, row.code_hash):
            return BackupCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now) == 1
    return False


def _use_any(record: OfficerTotp, code: str, now: datetime) -> str | None:
    """APP or BACKUP for an accepted (and now used-up) code, else None."""
    if not any(ch.isalpha() for ch in code or "") and _use(record, code, now):
        return APP
    if _use_backup_code(record, code, now):
        return BACKUP
    return None


def _new_backup_codes(record: OfficerTotp, now: datetime) -> list[str]:
    codes = ["".join(secrets.choice(BACKUP_ALPHABET) for _ in range(BACKUP_LENGTH)) for _ in range(BACKUP_CODES)]
    with transaction.atomic():
        BackupCode.objects.filter(totp=record).delete()
        BackupCode.objects.bulk_create(
            BackupCode(totp=record, code_hash=_hash_backup_code(code, secrets.token_hex(16)), created_at=now)
            for code in codes)
    return [f"{code[:4]}-{code[4:8]}-{code[8:]}" for code in codes]


def _wrong_code() -> InvalidInput:
    return InvalidInput(WRONG_CODE, fields={"code": [WRONG_CODE]}, code="wrong_code")


def enabled_for(user: User) -> OfficerTotp | None:
    return OfficerTotp.objects.filter(user=user, confirmed_at__isnull=False).first()


def is_enabled(user: User) -> bool:
    return OfficerTotp.objects.filter(user=user, confirmed_at__isnull=False).exists()


def check_sign_in_code(user: User, code: str, *, now: datetime | None = None) -> str | None:
    """APP if `code` is a current, unused code of the officer's authenticator, BACKUP if it is one of their
    unused backup codes (either is then used up); None (falsy) otherwise."""
    record = enabled_for(user)
    return None if record is None else _use_any(record, code, now or clock.now())


def backup_codes_left(user: User) -> int:
    return BackupCode.objects.filter(totp__user=user, totp__confirmed_at__isnull=False, used_at__isnull=True).count()


def enrolment(user: User) -> OfficerTotp:
    """The officer's authenticator record, with a new secret if there was none.
    It stays switched off until `confirm` is given a code from it."""
    record = OfficerTotp.objects.filter(user=user).first()
    if record is None:
        record, _created = OfficerTotp.objects.get_or_create(
            user=user, defaults={"encrypted_secret": secret_box.encrypt(pyotp.random_base32())})
    return record


def confirm(user: User, code: str, *, now: datetime | None = None) -> list[str]:
    """Switch the second factor on, once the officer shows a code from the enrolled app. Returns the
    officer's new backup codes: the only time they are seen."""
    now = now or clock.now()
    record = OfficerTotp.objects.filter(user=user, confirmed_at__isnull=True).first()
    if record is None:
        raise InvalidInput(_("Two-step sign-in is already switched on, or enrolment has not been started."))
    if not _use(record, code, now):
        raise _wrong_code()
    with transaction.atomic():
        OfficerTotp.objects.filter(pk=record.pk).update(confirmed_at=now)
        return _new_backup_codes(record, now)


def regenerate_backup_codes(user: User, code: str, *, now: datetime | None = None) -> list[str]:
    """New backup codes (the old ones stop working), on a current authenticator code or a backup code."""
    now = now or clock.now()
    record = enabled_for(user)
    if record is None:
        raise InvalidInput(_("Two-step sign-in is not switched on."))
    if not _use_any(record, code, now):
        raise _wrong_code()
    return _new_backup_codes(record, now)


def switch_off(user: User, code: str, *, now: datetime | None = None) -> None:
    """Switch the second factor off (the secret and backup codes are deleted) on a current code or a backup
    code."""
    record = enabled_for(user)
    if record is None:
        raise InvalidInput(_("Two-step sign-in is not switched on."))
    if required_for(user):
        raise InvalidInput(_("Your role requires two-step sign-in, so it cannot be switched off."))
    if not _use_any(record, code, now or clock.now()):
        raise _wrong_code()
    record.delete()


def rotate_keys() -> int:
    """Re-encrypt every stored secret with the first of SHIKAYAT_TOTP_KEYS (see secret_box); returns how many.
    secret_box.UnreadableSecret if one cannot be opened with any configured key (nothing is changed then)."""
    with transaction.atomic():
        rows = list(OfficerTotp.objects.select_for_update().only("pk", "encrypted_secret"))
        rotated = [(row.pk, secret_box.rotate(row.encrypted_secret)) for row in rows]
        for pk, token in rotated:
            OfficerTotp.objects.filter(pk=pk).update(encrypted_secret=token)
    return len(rotated)


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
