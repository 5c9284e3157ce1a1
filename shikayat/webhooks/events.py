"""The events integrators receive, and their JSON bodies (README "Webhooks").

    {"id": "evt_<E-tag>_<timeline event>", "type": "registered" | "status_changed" | "closed" | "appeal" | "ping",
     "occurred_at": "2026-12-06T00:53:08Z",
     "complaint": {"etag", "category": {"code", "name"}, "unit": {"code", "name"}, "status", "status_text",
                   "received_at", "channel", and only where the subscription allows personal data (never for an
                   anonymous complaint or a sealed identity): "complainant": {"name", "mobile", "email",
                   "id_number", "address"}, "description", "incident_address"}}

What is sent is what the complainant is told (wording.py), so an internal step is never an event:
- registered: a new complaint;
- appeal: the citizen appealed a decision (the appeal action, also a "no" to the follow-up question);
- closed: a step the complainant hears of ended the complaint (closed, rejected, merged as a duplicate, withdrawn);
- status_changed: any other step the complainant hears of that changed its status.
The id is derived from the complaint's timeline event, so a redelivery carries the same id and body."""

import uuid
from datetime import UTC, datetime

from django.utils import translation

from shikayat.complaints import hooks, workflow
from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.jurisdictions.selectors import unit_table
from shikayat.notifications import outbox
from shikayat.notifications.models import OutboxMessage
from shikayat.updates.wording import line, told

from .registry import CategoryInfo, Registry, Target

CHANNEL, TEMPLATE = "webhook", "webhook_event"
# Steps whose citizen wording quotes an officer's free text (the resolution, the explanation of a rejection, the
# enquiry's outcome): it may name people, so a subscription without personal data reads the status instead.
QUOTING = frozenset({"approve_resolution", "approve_rejection", "inform_outcome"})


def iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def dedupe_key(subscription_pk: int | str, event_id: str) -> str:
    """The outbox row's key: one row per subscription and event, however often the listener runs."""
    return f"webhook:{subscription_pk}:{event_id}"


def event_type(event: hooks.ActionEvent) -> str | None:
    """The webhook event a step is, or None (no query)."""
    if event.action == "appeal":
        return "appeal"
    timeline = event.timeline
    if timeline is None or not told(timeline) or event.from_status == event.to_status:
        return None
    return "closed" if event.to_status in workflow.TERMINAL else "status_changed"


def is_open_to_integrators(complaint: Complaint, registry: Registry) -> CategoryInfo | None:
    """The complaint's category if integrators may hear of it; fail closed on anything confidential."""
    if complaint.is_confidential or complaint.handling != "general":
        return None
    info = registry.categories.get(complaint.category_id)
    return info if info is not None and info.is_open else None


def messages(registry: Registry, complaint: Complaint, kind: str, event_id: str, at: datetime,
             timeline: ComplaintEvent, unit_before: str = "") -> list[OutboxMessage]:
    """Unsaved outbox rows: one per subscription that wants this event of this complaint (held by its unit, or
    by `unit_before` until this step)."""
    info = is_open_to_integrators(complaint, registry)
    if info is None:
        return []
    paths = (complaint.unit_path, unit_before) if unit_before else (complaint.unit_path,)
    wanted = [target for target in registry.targets if target.covers(kind, complaint.category_id, paths)]
    if not wanted:
        return []
    common = _complaint(complaint, info)
    said = line(timeline, complaint, "en")
    with translation.override("en"):
        status_label = str(workflow.STATUS_LABELS.get(complaint.status, complaint.status))
    step_text = said.text if said is not None else status_label
    rows = []
    for target in wanted:
        text = status_label if timeline.action in QUOTING and not target.personal_data else step_text
        body = {"id": event_id, "type": kind, "occurred_at": iso(at),
                "complaint": {**common, "status_text": text, **_personal(complaint, target)}}
        rows.append(outbox.message(channel=CHANNEL, recipient=str(target.pk), template=TEMPLATE, language="en",
                                   context=body, dedupe_key=dedupe_key(target.pk, event_id), complaint=complaint))
    return rows


def _cached(row, relation: str):
    descriptor = getattr(type(row), relation)
    return getattr(row, relation) if descriptor.is_cached(row) else None


def _complaint(complaint: Complaint, info: CategoryInfo) -> dict:
    # The actions' locked row and intake's new row hold their unit; the unit table is cached otherwise.
    unit = _cached(complaint, "unit") or unit_table().by_id.get(complaint.unit_id)
    return {"etag": complaint.etag_display, "category": {"code": info.code, "name": info.name},
            "unit": {"code": unit.code, "name": unit.name_en} if unit else None,
            "status": complaint.status, "received_at": iso(complaint.received_at), "channel": complaint.channel}


def _personal(complaint: Complaint, target: Target) -> dict:
    if not target.personal_data or complaint.is_anonymous or complaint.identity_sealed:
        return {}
    return {"complainant": {"name": complaint.complainant_name, "mobile": complaint.complainant_mobile,
                            "email": complaint.complainant_email, "id_number": complaint.complainant_id_number,
                            "address": complaint.complainant_address},
            "description": complaint.description, "incident_address": complaint.incident_address}


def registration(complaint: Complaint, at: datetime) -> ComplaintEvent:
    """The complaint's first timeline event as intake wrote it (its key is not read back: none is needed, a
    complaint is registered once)."""
    return ComplaintEvent(complaint=complaint, at=at, action="register", to_status=complaint.status, is_public=True)


def ping(subscription_pk: int, at: datetime) -> OutboxMessage:
    """A "ping" to the subscription's URL through the outbox, as every event goes (the admin's button)."""
    event_id = f"evt_ping_{uuid.uuid4().hex[:16]}"
    body = {"id": event_id, "type": "ping", "occurred_at": iso(at), "subscription": subscription_pk}
    row = outbox.message(channel=CHANNEL, recipient=str(subscription_pk), template=TEMPLATE, language="en",
                         context=body, dedupe_key=dedupe_key(subscription_pk, event_id))
    outbox.enqueue_many([row])
    return row
