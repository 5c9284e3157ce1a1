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


def enquire(c: Complaint, cast: Cast, tick: Callable[[], datetime | None]) -> Complaint:
    """Against police: the initial enquiry, then (when an accused officer is named) a regular enquiry that
    proves the first allegation, with proceedings and their outcome, or else filing; the complainant is told."""
    from shikayat.accountability import actions as enquiry

    c = enquiry.submit_enquiry_report(c, actor=cast.officer, now=tick(),
                                      report="Statements of the complainant and the staff on duty recorded.")
    accused = list(c.accused.all())
    if not accused:
        c = enquiry.request_filing(c, actor=cast.officer, now=tick(),
                                   reasons="No officer could be identified and the record shows no wrongdoing.")
        c = enquiry.approve_filing(c, actor=cast.supervisor, now=tick())
        return enquiry.inform_outcome(c, actor=cast.officer, now=tick(),
                                      message="The enquiry found no substance in the complaint; it is filed.")
    c = enquiry.order_regular_enquiry(c, actor=cast.supervisor, officer=cast.officer, now=tick(), allegations=[
        {"accused": a.pk, "text": "Misconduct towards the complainant as alleged"} for a in accused])
    c = enquiry.submit_enquiry_report(c, actor=cast.officer, now=tick(),
                                      report="Witnesses and the station record support the complaint in part.")
    allegations = list(c.allegations.order_by("pk"))
    for n, allegation in enumerate(allegations):
        c = enquiry.record_finding(c, actor=cast.officer, allegation=allegation.pk, now=tick(),
                                   finding="proved" if n == 0 else "not_proved", reasons="Two witnesses agree.")
    proceedings = enquiry.recommend_proceedings(c, actor=cast.officer, allegation=allegations[0].pk,
                                                kind="minor_penalty", now=tick())
    c = enquiry.record_proceedings_outcome(c, actor=cast.supervisor, proceedings=proceedings.pk, outcome="censure",
                                           now=tick())
    return enquiry.inform_outcome(c, actor=cast.officer, now=tick(),
                                  message="The allegation was proved and the officer was censured.")


def citizen_of(complaint: Complaint) -> CitizenActor:
    """The complainant, as if they had verified their mobile with a one-time code on the web."""
    return CitizenActor(mobile=complaint.complainant_mobile, credential="otp")


def advance(complaint: Complaint, target: str, cast: Cast, tick: Callable[[], datetime | None] = lambda: None,
            duplicate_of: Complaint | None = None, texts: dict | None = None) -> Complaint:
    """Take `complaint` (just registered) to `target` status; `tick()` gives
    the time of each step (None: now)."""
    texts = texts or {}
    c = complaint
    if target == Status.REGISTERED:
        return c
    if target == Status.MERGED:  # the cell hears the complainant first: nothing is disposed of without them
        c = actions.log_contact(c, actor=cast.cell, method="call", now=tick(),
                                outcome=texts.get("contact", "Spoke to the complainant: the same matter as before."))
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
    if c.handling == "against_police":
        c = enquire(c, cast, tick)
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
