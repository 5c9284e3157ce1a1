"""The complaint core's moments that touch a call: a complaint an agent registers or opens while on a call
is linked to that call (complaints/hooks.py; the core knows nothing of calls)."""

from shikayat.accounts.models import User
from shikayat.complaints import hooks
from shikayat.complaints.models import Channel
from shikayat.complaints.permissions import active_postings

from .actions import AGENT_ROLES, current_call, link_complaint
from .models import CallComplaint


def _call_of(actor):
    if not isinstance(actor, User) or not actor.is_authenticated:
        return None
    if not any(p.role in AGENT_ROLES for p in active_postings(actor)):
        return None
    return current_call(actor)


def registered(event: hooks.Registered) -> None:
    if event.channel != Channel.CALL_CENTRE:
        return
    call = _call_of(event.actor)
    if call is not None:
        for complaint in event.complaints:
            link_complaint(call, complaint, CallComplaint.Kind.REGISTERED, event.at)


def read(event: hooks.Read) -> None:
    call = _call_of(event.actor)
    if call is not None:
        for complaint in event.complaints:
            link_complaint(call, complaint, CallComplaint.Kind.LOOKED_AT)


def register() -> None:
    hooks.register(registered, name="calls.registered", order=500, on="registered")
    hooks.register(read, name="calls.read", order=500, on="read")
