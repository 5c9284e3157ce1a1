"""Queue messages in the caller's transaction; never call a gateway here."""

from shikayat.core import clock
from shikayat.core.inserts import Children, insert_rows

from .messages import PAYLOADS, TEMPLATES
from .models import OutboxMessage


def message(*, channel: str, recipient: str, template: str, language: str, context: dict, dedupe_key: str,
            complaint=None) -> OutboxMessage:
    """An unsaved pending message (see enqueue / enqueue_many)."""
    if template not in TEMPLATES and template not in PAYLOADS:
        raise KeyError(f"unknown message template {template!r}")
    now = clock.now()
    return OutboxMessage(channel=channel, recipient=recipient, template=template, language=language, context=context,
                         complaint=complaint, dedupe_key=dedupe_key, next_attempt_at=now, created_at=now)


def enqueue_many(messages: list[OutboxMessage]) -> None:
    """Write pending messages; one whose dedupe_key exists is dropped
    (INSERT … ON CONFLICT DO NOTHING), so retried events never queue twice. One prepared statement on
    PostgreSQL however many (core.inserts.insert_rows: the sweep queues thousands)."""
    insert_rows(OutboxMessage, messages, ignore_conflicts=True)


def with_complaint(messages: list[OutboxMessage]) -> Children:
    """Messages written in the same statement as the new complaint they are about (core.inserts), by
    enqueue_many's rule: one whose dedupe_key is already queued is dropped."""
    return Children(OutboxMessage, "complaint", messages, ignore_conflicts=True)


def enqueue(**fields) -> OutboxMessage | None:
    """Write one pending message (fields as for `message`); None without a recipient."""
    if not fields.get("recipient"):
        return None
    row = message(**fields)
    enqueue_many([row])
    return row


def complainant_messages(complaint, template: str, event_key: str, per_channel=None,
                         **context) -> list[OutboxMessage]:
    """SMS to the complainant, and email if they gave an address. `per_channel(channel)`,
    if given, adds to the context of that channel's message (e.g. a link that names it)."""
    if complaint.is_anonymous and not complaint.complainant_mobile:
        return []
    context = {"etag": complaint.etag_display, **context}
    rows = []
    for channel, recipient in (("sms", complaint.complainant_mobile), ("email", complaint.complainant_email)):
        if recipient:
            rows.append(message(channel=channel, recipient=recipient, template=template, language=complaint.language,
                                context={**context, **(per_channel(channel) if per_channel else {})},
                                dedupe_key=f"{complaint.etag}:{event_key}:{channel}", complaint=complaint))
    return rows


def notify_complainant(complaint, template: str, event_key: str, **context) -> None:
    """Queue the message to the complainant in the caller's transaction. The steps of a complaint reach its
    complainant through shikayat.updates (citizen wording, folded, capped, quiet hours, STOP) instead: a new
    step to tell is a public transition worded in updates/wording.py, not a call to this."""
    enqueue_many(complainant_messages(complaint, template, event_key, **context))
