"""Queue messages in the caller's transaction; never call a gateway here."""

from django.conf import settings

from shikayat.core import clock

from .messages import TEMPLATES
from .models import OutboxMessage


def enqueue(*, channel: str, recipient: str, template: str, language: str, context: dict,
            dedupe_key: str, complaint=None) -> OutboxMessage | None:
    """Write a pending message. Returns None if one with this key already exists."""
    if template not in TEMPLATES:
        raise KeyError(f"unknown message template {template!r}")
    if not recipient:
        return None
    now = clock.now()
    message, created = OutboxMessage.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults=dict(channel=channel, recipient=recipient, template=template, language=language,
                      context=context, complaint=complaint, next_attempt_at=now, created_at=now),
    )
    return message if created else None


def notify_complainant(complaint, template: str, event_key: str, **context) -> None:
    """SMS the complainant (and email them if they gave an address)."""
    if complaint.is_anonymous and not complaint.complainant_mobile:
        return
    context = {"etag": complaint.etag_display, **context}
    for channel, recipient in (("sms", complaint.complainant_mobile), ("email", complaint.complainant_email)):
        if channel == "email" and not settings.SHIKAYAT.get("EMAIL_NOTIFICATIONS", True):
            continue
        enqueue(channel=channel, recipient=recipient, template=template, language=complaint.language,
                context=context, dedupe_key=f"{complaint.etag}:{event_key}:{channel}", complaint=complaint)
