import pytest

from shikayat.complaints import actions
from shikayat.complaints.workflow import Status
from shikayat.core.errors import TransitionNotAllowed

from .journey import bring_to, citizen_of


def _propose(complaint, force):
    return actions.propose_resolution(complaint, actor=force.officers["sho_A"], resolution="Resolved amicably.")


def test_no_resolution_without_field_verification(force, new_complaint):
    complaint = bring_to(Status.IN_PROGRESS, force, new_complaint)  # contact logged, no field visit
    with pytest.raises(TransitionNotAllowed) as refused:
        _propose(complaint, force)
    assert refused.value.code == "paper_disposal"
    assert "field verification" in str(refused.value.message)
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS and complaint.resolution == ""


def test_no_resolution_without_contact(force, new_complaint):
    complaint = bring_to(Status.ASSIGNED, force, new_complaint)
    complaint = actions.log_field_visit(complaint, actor=force.officers["sho_A"], findings="Visited.")
    with pytest.raises(TransitionNotAllowed) as refused:
        _propose(complaint, force)
    assert "contact with the complainant" in str(refused.value.message)


def test_resolution_allowed_after_contact_and_field_visit(force, new_complaint):
    complaint = bring_to(Status.IN_PROGRESS, force, new_complaint)
    actions.log_field_visit(complaint, actor=force.officers["sho_A"], findings="Visited.")
    assert _propose(complaint, force).status == Status.RESOLUTION_PROPOSED


def test_reopened_complaint_needs_fresh_contact_and_visit(force, new_complaint):
    complaint = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    complaint = actions.record_feedback(complaint, actor=citizen_of(complaint), satisfied=False, comment="No.")
    complaint = actions.assign(complaint, actor=force.officers["dpo_A"], officer=force.officers["sdpo_A"])
    complaint = actions.log_contact(complaint, actor=force.officers["sdpo_A"], method="call", outcome="Called.")
    with pytest.raises(TransitionNotAllowed) as refused:
        actions.propose_resolution(complaint, actor=force.officers["sdpo_A"], resolution="Done.")
    assert refused.value.code == "paper_disposal"
