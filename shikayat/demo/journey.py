"""Walk a complaint through the real actions to any status. Used by the demo
loader, the benchmarks' data generator and the tests, so all three exercise
the same path an officer's clicks take."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from shikayat.accounts.models import User
from shikayat.complaints import actions
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import CitizenActor
from shikayat.complaints.workflow import Status


@dataclass
class Cast:
    cell: User  # complaint cell over the complaint's unit: marks, merges
    officer: User  # enquiry officer eligible under the SOP
    supervisor: User  # approves resolutions and rejections
    agent: User  # call-centre agent: feedback call-backs


def citizen_of(complaint: Complaint) -> CitizenActor:
    return CitizenActor(mobile=complaint.complainant_mobile)


def advance(complaint: Complaint, target: str, cast: Cast, tick: Callable[[], datetime | None] = lambda: None,
            duplicate_of: Complaint | None = None, texts: dict | None = None) -> Complaint:
    """Take `complaint` (just registered) to `target` status; `tick()` gives
    the time of each step (None: now)."""
    texts = texts or {}
    c = complaint
    if target == Status.REGISTERED:
        return c
    if target == Status.MERGED:
        return actions.mark_duplicate(c, actor=cast.cell, original_etag=duplicate_of.etag, now=tick())
    if target == Status.WITHDRAWN:
        return actions.withdraw(c, actor=citizen_of(c), reason=texts.get("withdraw", "Matter settled."), now=tick())
    c = actions.assign(c, actor=cast.cell, officer=cast.officer, now=tick())
    if target == Status.ASSIGNED:
        return c
    c = actions.log_contact(c, actor=cast.officer, method="call", now=tick(),
                            outcome=texts.get("contact", "Spoke to the complainant and took their statement."))
    if target == Status.IN_PROGRESS:
        return c
    if target in (Status.REJECTION_REQUESTED, Status.REJECTED):
        c = actions.request_rejection(c, actor=cast.officer, reason="civil_matter", now=tick(),
                                      explanation=texts.get("reject", "A civil dispute for the courts."))
        if target == Status.REJECTED:
            c = actions.approve_rejection(c, actor=cast.supervisor, now=tick())
        return c
    c = actions.log_field_visit(c, actor=cast.officer, now=tick(),
                                findings=texts.get("visit", "Visited the place and met two witnesses."))
    c = actions.propose_resolution(c, actor=cast.officer, now=tick(),
                                   resolution=texts.get("resolution", "Accused traced; property recovered."))
    if target == Status.RESOLUTION_PROPOSED:
        return c
    c = actions.approve_resolution(c, actor=cast.supervisor, now=tick())
    if target == Status.AWAITING_FEEDBACK:
        return c
    if target == Status.CLOSED:
        return actions.record_feedback(c, actor=citizen_of(c), satisfied=True, rating=texts.get("rating", 5),
                                       now=tick())
    if target == Status.REOPENED:
        return actions.record_feedback(c, actor=citizen_of(c), satisfied=False, now=tick(),
                                       comment=texts.get("dissatisfied", "Nothing was actually done."))
    raise ValueError(f"cannot bring a complaint to {target!r}")
