"""Writing timeline events: who, when, what, from which channel, old → new."""

from datetime import datetime

from shikayat.accounts.models import User

from .models import Complaint, ComplaintEvent
from .permissions import CitizenActor


def actor_label(actor) -> str:
    """Officer "Name (Rank)", "citizen +92…" or "system", as shown on the timeline."""
    return str(actor)[:150]


def event_row(complaint: Complaint, action: str, *, actor, channel: str, at: datetime, from_status: str,
              to_status: str, note: str = "", data: dict | None = None, is_public: bool = True,
              actor_role: str = "") -> ComplaintEvent:
    """An unsaved timeline event (record_event saves one; intake bulk-writes many).
    A citizen's event records the proof they gave ("credential"; "" if the caller named none)."""
    if isinstance(actor, CitizenActor):
        data = {**(data or {}), "credential": actor.credential}
    return ComplaintEvent(
        complaint=complaint, at=at, action=action, actor=actor if isinstance(actor, User) else None,
        actor_label=actor_label(actor), actor_role=actor_role, channel=channel, from_status=from_status,
        to_status=to_status, is_public=is_public, note=note, data=data or {},
    )


def record_event(complaint: Complaint, action: str, *, actor, channel: str, at: datetime, from_status: str,
                 to_status: str, note: str = "", data: dict | None = None, is_public: bool = True,
                 actor_role: str = "") -> ComplaintEvent:
    event = event_row(complaint, action, actor=actor, channel=channel, at=at, from_status=from_status,
                      to_status=to_status, note=note, data=data, is_public=is_public, actor_role=actor_role)
    event.save()
    return event
