"""Reading raw input from any channel: every problem collected at once."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from .i18n import LANGS


class FieldErrors(dict):
    """field → messages, for InvalidInput(fields=…)."""

    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(message)


def field_text(data: dict, key: str) -> str:
    """The value under `key` as stripped text ("" when missing)."""
    value = data.get(key)
    return "" if value is None else str(value).strip()


def email_text(data: dict, errors: FieldErrors, key: str = "email") -> str:
    """An optional email address: "" when not given; a malformed one is added to `errors`."""
    email = field_text(data, key)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.add(key, _("“%(email)s” is not a valid email address.") % {"email": email[:60]})
    return email


def language_code(data: dict, errors: FieldErrors, key: str = "language") -> str:
    """The reader's language, English when not given; an unknown one is added to `errors`."""
    language = field_text(data, key) or "en"
    if language not in LANGS:
        errors.add(key, _("Language must be one of en, ur, hi."))
    return language
