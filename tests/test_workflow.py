"""Every transition in the table, from every status: allowed where the table
says so, refused (409, nothing written) everywhere else."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shikayat.complaints import actions, handlers
from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.complaints.permissions import SYSTEM
from shikayat.complaints.workflow import RESTORE, TRANSITIONS, WORKING, Status
from shikayat.core.errors import PermissionDenied, TransitionNotAllowed
from shikayat.deadlines.models import Investigation

from .journey import bring_to, citizen_of

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

# action -> (handler name, who takes it, parameters)
COMPETENT = {
    "assign": ("assign", "cell_A", {"officer": "sdpo_A"}),
    "transfer": ("transfer", "cell_A", {"unit": "SA2", "reason": "Incident is in SA2's area."}),
    "log_contact": ("log_contact", "sdpo_A", {"method": "visit", "outcome": "Met the complainant."}),
    "record_contact_attempt": ("record_contact_attempt", "sdpo_A", {"method": "call", "outcome": "switched_off"}),
    "log_field_visit": ("log_field_visit", "sdpo_A", {"findings": "Checked the site."}),
    "add_note": ("add_note", "sdpo_A", {"text": "Follow up with the bank."}),
    "report_action": ("report_action", "sdpo_A", {"report": "Raided the suspect's house; nothing recovered."}),
    "link_fir": ("link_fir", "sdpo_A", {"fir_number": "512/2026", "police_station": "Model Town"}),
    "propose_resolution": ("propose_resolution", "sdpo_A", {"resolution": "Recovered."}),
    "approve_resolution": ("approve_resolution", "dpo_A", {}),
    "return_resolution": ("return_resolution", "dpo_A", {"reason": "Attach the recovery memo."}),
    "confirm_satisfied": ("feedback", "citizen", {"satisfied": True, "rating": 4}),
    "reopen": ("feedback", "citizen", {"satisfied": False, "comment": "Nothing was done."}),
    "record_feedback_attempt": ("record_feedback_attempt", "agent", {"outcome": "unreachable"}),
    "close_without_confirmation": ("close_without_confirmation", "dpo_A", {"reasons": "Unreachable for a week."}),
    "request_rejection": ("request_rejection", "sdpo_A", {"reason": "not_pertaining", "explanation": "Revenue."}),
    "approve_rejection": ("approve_rejection", "dpo_A", {}),
    "deny_rejection": ("deny_rejection", "dpo_A", {"note": "Enquire properly."}),
    "mark_duplicate": ("mark_duplicate", "cell_A", {}),
    "withdraw": ("withdraw", "citizen", {"reason": "Settled."}),
    "add_attachment": ("add_attachment", "sdpo_A", {}),
    "add_information": ("add_information", "citizen", {"text": "The thief was seen again near the bus stand."}),
    "escalate": ("escalate", "system", {"officer": "dpo_A"}),
    "record_review_direction": ("record_review_direction", "dpo_A", {"direction": "Complete the enquiry in a week."}),
    "reroute": ("reroute", "system", {}),
    "appeal": ("appeal", "citizen", {"grounds": "The bike is still missing and nobody came."}),
    "record_followup": ("followup", "citizen", {"held": True}),
    "submit_final_report": ("submit_final_report", "sdpo_A", {"kind": "challan", "number": "CH-1/2026",
                                                              "date": "2026-01-05"}),
}
# The enquiry chain of complaints against police has its own table test (tests/test_accountability.py).
GENERAL = [action for action, transition in TRANSITIONS.items() if transition.handling is None]


def test_every_transition_has_a_competent_actor():
    assert set(COMPETENT) == set(GENERAL)


def _prepare(action, complaint, force, new_complaint):
    """Satisfy the guards that are not about status, so only the status decides: (complaint, parameters)."""
    o = force.officers
    params = dict(COMPETENT[action][2])
    if action == "appeal" and complaint.status == Status.CLOSED:
        # A closing the citizen confirmed is not appealed (tests/test_appeal.py); one without their answer is.
        complaint = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
        for _ in range(3):
            actions.record_feedback_attempt(complaint, actor=o["agent"])
        complaint = actions.close_without_confirmation(complaint, actor=o["dpo_A"], reasons="Unreachable.")
    if action == "record_followup":
        Complaint.objects.filter(pk=complaint.pk).update(followup_asked_at=complaint.received_at)
    if action == "propose_resolution" and complaint.status == Status.IN_PROGRESS:
        actions.log_field_visit(complaint, actor=o["sho_A"], findings="Site checked.")
    if action == "close_without_confirmation" and complaint.status == Status.AWAITING_FEEDBACK:
        for _ in range(3):
            actions.record_feedback_attempt(complaint, actor=o["agent"])
    if action == "add_attachment":
        params["file"] = SimpleUploadedFile("site.png", PNG, content_type="image/png")
    if action == "mark_duplicate":
        params["original_etag"] = new_complaint().etag
    if action == "submit_final_report":  # an FIR's investigation running, whatever the status now
        Investigation.objects.create(complaint=complaint, fir_number="1/2026", started_at=complaint.received_at,
                                     due_at=complaint.received_at + timedelta(days=14))
    if action in ("request_rejection", "mark_duplicate") and complaint.status in WORKING:
        # Nothing is disposed of without the complainant (tests/test_closing_authority.py): tried three times.
        for _ in range(3):
            actions.record_contact_attempt(complaint, actor=o["sdpo_A"])
    return complaint, params


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("action", GENERAL)
def test_transition_table_is_enforced(action, status, force, new_complaint):
    transition = TRANSITIONS[action]
    complaint = bring_to(status, force, new_complaint)
    held = complaint.held_status
    complaint, params = _prepare(action, complaint, force, new_complaint)
    handler, who, _ = COMPETENT[action]
    actor = citizen_of(complaint) if who == "citizen" else SYSTEM if who == "system" else force.officers[who]
    events_before = ComplaintEvent.objects.filter(complaint=complaint).count()

    if status in transition.targets:
        handlers.run(complaint, handler, actor=actor, params=params)
        expected = held if transition.targets[status] == RESTORE else transition.targets[status]
        complaint.refresh_from_db()
        assert complaint.status == expected
        assert complaint.events.filter(action=action).exists()
    else:
        with pytest.raises(TransitionNotAllowed) as refused:
            handlers.run(complaint, handler, actor=actor, params=params)
        assert refused.value.code == "transition_not_allowed"
        complaint.refresh_from_db()
        assert complaint.status == status
        assert ComplaintEvent.objects.filter(complaint=complaint).count() == events_before


@pytest.mark.parametrize(
    "status, action, who, params",
    [
        (Status.REGISTERED, "assign", "asi_A", {"officer": "asi_A"}),
        (Status.ASSIGNED, "log_contact", "asi_A", {"method": "call", "outcome": "x"}),
        (Status.IN_PROGRESS, "propose_resolution", "desk_A", {"resolution": "x"}),
        (Status.RESOLUTION_PROPOSED, "approve_resolution", "sho_A", {}),
        (Status.AWAITING_FEEDBACK, "feedback", "sho_A", {"satisfied": True}),
        (Status.AWAITING_FEEDBACK, "close_without_confirmation", "cell_A", {"reasons": "x"}),
        (Status.REJECTION_REQUESTED, "approve_rejection", "sho_A", {}),
        (Status.IN_PROGRESS, "withdraw", "sho_A", {}),
        (Status.REGISTERED, "mark_duplicate", "asi_A", {"original_etag": "0000-0000"}),
    ],
)
def test_wrong_role_is_refused(status, action, who, params, force, new_complaint):
    complaint = bring_to(status, force, new_complaint)
    with pytest.raises(PermissionDenied):
        handlers.run(complaint, action, actor=force.officers[who], params=params)
    complaint.refresh_from_db()
    assert complaint.status == status


def test_rejection_needs_a_second_officer(force, new_complaint):
    complaint = bring_to(Status.IN_PROGRESS, force, new_complaint)
    complaint = actions.request_rejection(complaint, actor=force.officers["dpo_A"], reason="civil_matter",
                                          explanation="Civil dispute over rent.")
    with pytest.raises(PermissionDenied) as refused:
        actions.approve_rejection(complaint, actor=force.officers["dpo_A"])
    assert refused.value.code == "second_officer_required"
    assert actions.approve_rejection(complaint, actor=force.officers["sdpo_A"]).status == Status.REJECTED


def test_denied_rejection_returns_to_the_previous_status(force, new_complaint):
    complaint = bring_to(Status.ASSIGNED, force, new_complaint)
    for _ in range(3):
        complaint = actions.record_contact_attempt(complaint, actor=force.officers["sho_A"])
    complaint = actions.request_rejection(complaint, actor=force.officers["sho_A"], reason="other",
                                          explanation="Duplicate of a court case.")
    complaint = actions.deny_rejection(complaint, actor=force.officers["dpo_A"], note="Enquire first.")
    assert complaint.status == Status.ASSIGNED and complaint.held_status == ""


def test_reopen_goes_one_level_up_with_fresh_deadlines(force, new_complaint):
    complaint = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    old_report_due = complaint.report_due_at
    reopened = actions.record_feedback(complaint, actor=citizen_of(complaint), satisfied=False,
                                       comment="The motorcycle was not returned.", rating=1)
    assert reopened.status == Status.REOPENED
    assert reopened.unit == force.units["cA"]  # station SA1 → circle CA
    assert reopened.assignee is None and reopened.reopen_count == 1
    assert reopened.report_due_at > old_report_due
    # The citizen is told, in the update still waiting to go (shikayat.updates folds the steps of these minutes).
    [update] = reopened.outbox_messages.filter(template="complaint_update", channel="sms")
    assert update.context["steps"].endswith("• You were not satisfied, so your complaint was reopened and sent to Ca.")


def test_closure_without_confirmation_needs_recorded_attempts(force, new_complaint):
    complaint = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    for _ in range(2):
        actions.record_feedback_attempt(complaint, actor=force.officers["agent"])
    with pytest.raises(TransitionNotAllowed) as refused:
        actions.close_without_confirmation(complaint, actor=force.officers["dpo_A"], reasons="No answer.")
    assert refused.value.code == "attempts_required"
    actions.record_feedback_attempt(complaint, actor=force.officers["agent"])
    closed = actions.close_without_confirmation(complaint, actor=force.officers["dpo_A"], reasons="No answer.")
    assert closed.status == Status.CLOSED and closed.closed_at is not None


def test_satisfied_citizen_closes_with_rating(force, new_complaint):
    complaint = bring_to(Status.CLOSED, force, new_complaint)
    assert complaint.satisfaction_rating == 5
    assert complaint.events.filter(action="confirm_satisfied", actor_label__startswith="citizen").exists()
