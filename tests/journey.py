"""Bring a complaint to any status through the real actions."""

from shikayat.complaints import actions
from shikayat.complaints.permissions import CitizenActor
from shikayat.complaints.workflow import Status


def citizen_of(complaint) -> CitizenActor:
    return CitizenActor(mobile=complaint.complainant_mobile)


def bring_to(status: str, force, new_complaint, **overrides):
    o = force.officers
    c = new_complaint(**overrides)
    if status == Status.REGISTERED:
        return c
    if status == Status.MERGED:
        original = new_complaint(**overrides)
        return actions.mark_duplicate(c, actor=o["cell_A"], original_etag=original.etag)
    if status == Status.WITHDRAWN:
        return actions.withdraw(c, actor=citizen_of(c), reason="Matter settled")
    c = actions.assign(c, actor=o["cell_A"], officer=o["sho_A"])
    if status == Status.ASSIGNED:
        return c
    c = actions.log_contact(c, actor=o["sho_A"], method="call", outcome="Spoke to the complainant.")
    if status == Status.IN_PROGRESS:
        return c
    if status in (Status.REJECTION_REQUESTED, Status.REJECTED):
        c = actions.request_rejection(c, actor=o["sho_A"], reason="civil_matter", explanation="Civil dispute.")
        if status == Status.REJECTED:
            c = actions.approve_rejection(c, actor=o["dpo_A"])
        return c
    c = actions.log_field_visit(c, actor=o["sho_A"], findings="Visited the spot, met two witnesses.")
    c = actions.propose_resolution(c, actor=o["sho_A"], resolution="Motorcycle recovered and handed over.")
    if status == Status.RESOLUTION_PROPOSED:
        return c
    c = actions.approve_resolution(c, actor=o["dpo_A"])
    if status == Status.AWAITING_FEEDBACK:
        return c
    if status == Status.CLOSED:
        return actions.record_feedback(c, actor=citizen_of(c), satisfied=True, rating=5)
    if status == Status.REOPENED:
        return actions.record_feedback(c, actor=citizen_of(c), satisfied=False, comment="Not recovered at all.")
    raise ValueError(status)
