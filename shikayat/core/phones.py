"""Mobile numbers: parsed and stored in E.164 (+923001234567)."""

import re

import phonenumbers
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .errors import InvalidInput


def normalise_mobile(raw: str, region: str | None = None) -> str:
    """Return the E.164 form of `raw` or raise InvalidInput with a clear message."""
    raw = (raw or "").strip()
    if not raw:
        raise InvalidInput(_("Please give a mobile number."), fields={"mobile": [_("This field is required.")]})
    region = region or settings.SHIKAYAT["DEFAULT_REGION"]
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        message = _(
            "“%(number)s” is not a valid mobile number. Use the full number, e.g. 03001234567 or +923001234567."
        )
        message = message % {"number": raw[:32]}
        raise InvalidInput(message, fields={"mobile": [message]})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_E164 = re.compile(r"\+[1-9][0-9]{6,14}")


def written_as_e164(raw: str) -> str | None:
    """`raw` if it is already written as E.164 (the form numbers are stored in), else None. Such a string
    can be looked up as it is: if a stored number equals it, it is that (valid) number, with no parsing;
    if none does, normalise_mobile still decides whether it was valid at all."""
    raw = (raw or "").strip()
    return raw if _E164.fullmatch(raw) else None


def mask_mobile(e164: str) -> str:
    """+923001234567 → +92300•••4567, for views that must not show the whole number."""
    if not e164 or len(e164) < 8:
        return e164
    return e164[:6] + "•" * (len(e164) - 10) + e164[-4:]


def mask_identity_number(value: str) -> str:
    """CNIC / Aadhaar: only the last four digits are ever shown."""
    digits = "".join(ch for ch in value or "" if ch.isalnum())
    if not digits:
        return ""
    return "•" * max(len(digits) - 4, 0) + digits[-4:]
