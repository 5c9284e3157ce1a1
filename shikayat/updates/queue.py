"""The complainant's update messages as outbox rows (template "complaint_update"), in the action's transaction.

A step joins the complaint's update still waiting to go on that channel — pending, never tried, not claimed
by a worker (its row is locked meanwhile, so a worker's SKIP LOCKED claim passes it by) — or starts a new one,
due when schedule.due_at allows. The text is rendered now, in the complaint's language; the worker sends the
rows like any other (notifications/delivery.py). A row once claimed or tried is never changed again: its text
is what the provider got (an SMS gateway deduplicates a retry by the row's key)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import ngettext

from shikayat.complaints.links import tracking_url
from shikayat.complaints.models import Complaint
from shikayat.notifications import outbox
from shikayat.notifications.models import OutboxMessage

from . import config, schedule
from .wording import Line

TEMPLATE = "complaint_update"
# The steps of one message, at most (a long day held back by the cap): an SMS stays a few parts, a WhatsApp
# template within Meta's 1,024 characters.
STEPS_MAX = 700
State = OutboxMessage.State


def waiting(**where):
    """Update rows not yet handed to a provider, which may still change (or be dropped)."""
    return OutboxMessage.objects.filter(template=TEMPLATE, state=State.PENDING, attempts=0, lease_owner="",
                                        sending_started_at__isnull=True, **where)


def add(complaint: Complaint, channel: str, recipient: str, lines: list[Line], at: datetime) -> OutboxMessage:
    """Tell `lines` to `recipient` by `channel`: in the waiting message about this complaint, or a new one."""
    # Every update row of this complaint on this channel, in one read: one still waiting for this recipient is
    # joined; otherwise those not dead count for the fold and the daily cap, and all of them number the new
    # row's key. (Most steps find none waiting: one statement, not a locked look-up and then this.)
    sent = list(OutboxMessage.objects.filter(complaint=complaint, channel=channel, template=TEMPLATE)
                .annotate(went=Coalesce(F("sent_at"), F("next_attempt_at")))
                .values_list("pk", "state", "went", "recipient", "attempts", "lease_owner", "sending_started_at"))
    steps = [[line.text, line.next, line.status] for line in lines]
    joinable = [pk for pk, state, _went, to, attempts, lease, started in sent
                if to == recipient and state == State.PENDING and attempts == 0 and not lease and started is None]
    # Locked, its conditions read again under the lock: a worker that claimed it meanwhile leaves none.
    row = waiting(pk__in=joinable, recipient=recipient).select_for_update().order_by("pk").first() if joinable \
        else None
    if row is not None:
        row.context = context(row.context["etag"], row.context["step_list"] + steps, row.context["track_url"],
                              row.language)
        row.save(update_fields=["context"])
        return row
    wanted = config.current()
    due = schedule.due_at(
        at, fold_minutes=wanted.fold_minutes, per_day=wanted.per_day,
        earlier=[went for _pk, state, went, *_rest in sent if state != State.DEAD],
        quiet=wanted.quiet if channel == "sms" else None, zone=ZoneInfo(settings.TIME_ZONE))
    row = outbox.message(channel=channel, recipient=recipient, template=TEMPLATE, language=complaint.language,
                         context=context(complaint.etag_display, steps, tracking_url(complaint.etag, sent_by=channel),
                                         complaint.language),
                         dedupe_key=f"{complaint.etag}:update:{channel}:{len(sent) + 1}:{at.timestamp():.6f}",
                         complaint=complaint)
    row.next_attempt_at = due
    outbox.enqueue_many([row])
    return row


def context(etag: str, steps: list[list[str]], track_url: str, language: str) -> dict:
    """What the template reads (etag, steps as one text, track_url), and the steps themselves (step_list: [what
    happened, what the citizen may do now, the status it left]) for the next step to join. What to do after a
    step is left out once a later step in the message moved the complaint on (answered, closed). Past
    STEPS_MAX characters the earliest steps give way to a line saying how many are on the web page."""
    final = steps[-1][2]
    texts = [" ".join(part for part in (text, then if status == final else "") if part)
             for text, then, status in steps]
    shown = texts
    while len(shown) > 1 and len(_listed(shown)) > STEPS_MAX:
        shown = shown[1:]
    text = _listed(shown)
    if len(shown) < len(texts):
        earlier = len(texts) - len(shown)
        with translation.override(language):
            text = ngettext("(%(n)d earlier step is on the web page.)", "(%(n)d earlier steps are on the web page.)",
                            earlier) % {"n": earlier} + "\n" + text
    return {"etag": etag, "steps": text, "track_url": track_url, "step_list": steps}


def _listed(texts: list[str]) -> str:
    return texts[0] if len(texts) == 1 else "\n".join(f"• {text}" for text in texts)


def drop_waiting(address: str) -> int:
    """The citizen said STOP: updates to `address` not yet handed to a provider are not sent."""
    deleted, _rows = waiting(recipient__iexact=address).delete()
    return deleted
