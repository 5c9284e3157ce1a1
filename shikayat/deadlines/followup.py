"""The question some days after closing: did the police action hold?

SHIKAYAT["FOLLOWUP_AFTER_DAYS"] days (env SHIKAYAT_FOLLOWUP_AFTER_DAYS,
default 21; 0: never) after a complaint was closed, the deadline sweep asks
its complainant once, on the channel they used: WhatsApp for a complaint
lodged there, email for one lodged by email, else SMS to the mobile (email
when there is none). An address that replied STOP (shikayat.updates.stops)
gets no message. Either way the question is then open (`followup_asked_at`):
the citizen answers it once, by WhatsApp, SMS or on their page
(actions.record_followup); "no" reopens the complaint on appeal.

Only complaints closed in the last CATCH_UP before the interval are asked,
so a worker stopped for a few days catches up, and switching the question
on does not message everyone whose complaint was closed years ago. Each
complaint is claimed once (SKIP LOCKED, marked in the same transaction) and
each message has its dedupe key: asked once, whatever runs twice."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from shikayat.complaints import etag as etags
from shikayat.complaints.links import tracking_url
from shikayat.complaints.models import Channel, Complaint
from shikayat.complaints.workflow import Status
from shikayat.notifications.outbox import enqueue_many, message
from shikayat.updates.stops import stopped

from .sweep import _after, _claim

CATCH_UP = timedelta(days=7)
TEMPLATES = {"sms": "followup_question", "whatsapp": "followup_question", "email": "followup_question_email"}


def followup_days() -> int:
    return int(settings.SHIKAYAT.get("FOLLOWUP_AFTER_DAYS", 0) or 0)


def address(channel: str, mobile: str, email: str) -> tuple[str, str] | None:
    """(channel, recipient) the question goes by, or None when the complainant left no way to reach them."""
    if channel == Channel.WHATSAPP and mobile:
        return "whatsapp", mobile
    if channel == Channel.EMAIL and email:
        return "email", email
    if mobile:
        return "sms", mobile
    return ("email", email) if email else None


def send_followups(now: datetime, batch: int = 500) -> int:
    """Ask every complaint closed FOLLOWUP_AFTER_DAYS ago and not asked yet; how many messages were queued."""
    days = followup_days()
    if days <= 0:
        return 0
    newest = now - timedelta(days=days)
    base = Complaint.objects.filter(status=Status.CLOSED, followup_asked_at__isnull=True, closed_at__lte=newest,
                                    closed_at__gt=newest - CATCH_UP)
    sent, cursor = 0, None
    while True:
        with transaction.atomic():
            rows = _claim(base.filter(_after("closed_at", cursor)), "closed_at", batch, "etag", "channel",
                          "complainant_mobile", "complainant_email", "language")
            if not rows:
                return sent
            questions = _questions(rows)
            Complaint.objects.filter(pk__in=[row[0] for row in rows]).update(followup_asked_at=now)
            enqueue_many(questions)
        sent += len(questions)
        cursor = rows[-1][1], rows[-1][0]
        if len(rows) < batch:
            return sent


def _questions(rows: list[tuple]) -> list:
    reach = {row[0]: address(row[3], row[4], row[5]) for row in rows}
    silent = stopped(recipient for found in reach.values() if found for recipient in found[1:])
    questions = []
    for pk, _closed, etag, _channel, _mobile, _email, language in rows:
        found = reach[pk]
        if found is None or found[1] in silent:
            continue
        channel, recipient = found
        # A link sent to the complainant's own mobile or mailbox acts (answers); WhatsApp's shows the status.
        url = tracking_url(etag, sent_by=channel if channel in ("sms", "email") else "")
        question = message(channel=channel, recipient=recipient, template=TEMPLATES[channel], language=language,
                           context={"etag": etags.display(etag), "url": url},
                           dedupe_key=f"{etag}:followup:{channel}")
        question.complaint_id = pk
        questions.append(question)
    return questions
