"""Queue messages in the caller's transaction; never call a gateway here."""

from django.conf import settings

from shikayat.core import clock

from .messages import TEMPLATES
from .models import OutboxMessage


def enqueue(*, channel: str, recipient: str, template: str, language: str, context: dict,
            dedupe_key: str, complaint=None) -> OutboxMessage | None:
    """Write a pending message; a second message with the same key is dropped
    (INSERT … ON CONFLICT DO NOTHING), so retried events never queue twice."""
    if template not in TEMPLATES:
        raise KeyError(f"unknown message template {template!r}")
    if not recipient:
        return None
    now = clock.now()
    message = OutboxMessage(channel=channel, recipient=recipient, template=template, language=language,
                            context=context, complaint=complaint, dedupe_key=dedupe_key, next_attempt_at=now,
                            created_at=now)
    OutboxMessage.objects.bulk_create([message], ignore_conflicts=True)
    return message

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
