"""How an officer is told about their complaints besides the list of updates in the workspace: by SMS, WhatsApp
and/or email as they choose (User.notify_by), or — until they choose — by SMS when a mobile number is on record,
else by email. The officer's own settings page and the admin both check a choice here."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shikayat.core.errors import InvalidInput
from shikayat.core.phones import normalise_mobile


class NotifyBy(models.TextChoices):
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("Email")


BY_MOBILE = frozenset({NotifyBy.SMS, NotifyBy.WHATSAPP})
MOBILE_NEEDED = _("%(channel)s needs a mobile number, and no valid mobile number is on record for this account.")
EMAIL_NEEDED = _("Email needs an email address, and none is on record for this account.")


def usable_mobile(mobile: str) -> str:
    """The mobile number in E.164, or "" when there is none or it is not a valid number."""
    try:
        return normalise_mobile(mobile) if (mobile or "").strip() else ""
    except InvalidInput:
        return ""


def default_channels(mobile: str, email: str) -> list[str]:
    """Until the officer chooses: SMS when a mobile number is on record, else email, else the inbox only."""
    if usable_mobile(mobile):
        return [NotifyBy.SMS.value]
    return [NotifyBy.EMAIL.value] if email else []


def chosen(user) -> list[str]:
    """The officer's choice (an empty list: the inbox only), or the default while they have not chosen."""
    if user.notify_by is None:
        return default_channels(user.mobile, user.email)
    return [channel for channel in NotifyBy.values if channel in user.notify_by]


def addresses(user) -> list[tuple[str, str]]:
    """(channel, address) for each channel the officer is told by and has an address for."""
    mobile = usable_mobile(user.mobile)
    found = [(channel, mobile if channel in BY_MOBILE else user.email) for channel in chosen(user)]
    return [(channel, address) for channel, address in found if address]


def check(channels, *, mobile: str, email: str) -> list[str]:
    """The channels in a fixed order; InvalidInput on `notify_by` naming each one without an address."""
    picked = [channel for channel in NotifyBy.values if channel in set(channels or ())]
    unknown = set(channels or ()) - set(NotifyBy.values)
    problems = [_("Unknown channel “%(channel)s”.") % {"channel": channel} for channel in sorted(unknown)]
    for channel in picked:
        if channel in BY_MOBILE and not usable_mobile(mobile):
            problems.append(MOBILE_NEEDED % {"channel": NotifyBy(channel).label})
        elif channel == NotifyBy.EMAIL and not email:
            problems.append(EMAIL_NEEDED)
    if problems:
        raise InvalidInput(problems[0], fields={"notify_by": [str(problem) for problem in problems]})
    return picked
