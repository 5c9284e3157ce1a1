"""Closing authority and disposal with the complainant heard (issue 21).

No officer approves his own work: every closing decision (workflow.CLOSING_DECISIONS) is refused to the officer
who proposed it or to whom the complaint is marked, on the action layer, the web page and the API alike. Only the
SOP's closing authority (SOP.closing_rank / closing_role) takes them. A rejection or a merger needs a contact with
the complainant in this cycle, or documented attempts to reach them; the citizen is told why, where to go and how
to appeal."""

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from shikayat.accountability import actions as enquiry
from shikayat.accounts.models import Rank
from shikayat.categories.models import SOP, ClosingRole
from shikayat.complaints import actions, handlers, permissions
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.complaints.permissions import SYSTEM
from shikayat.complaints.workflow import CLOSING_DECISIONS, Status
from shikayat.core.errors import PermissionDenied, TransitionNotAllowed

from .conftest import AGAINST_SHO
from .factories import complaint_data
from .journey import bring_to, citizen_of

CALL = {"method": "call", "outcome": "Spoke to the complainant at home."}


def _proposed_resolution(force, new_complaint, proposer="dpo_A"):
    """The issue's case: the district's DPO proposes the resolution of a complaint marked to the SHO himself."""
    complaint = bring_to(Status.IN_PROGRESS, force, new_complaint)
    complaint = actions.log_field_visit(complaint, actor=force.officers["sho_A"], findings="Site checked.")
    return actions.propose_resolution(complaint, actor=force.officers[proposer], resolution="Bike recovered.")


def resolution(force, new_complaint, proposer="dpo_A"):
    return _proposed_resolution(force, new_complaint, proposer), "approve_resolution", {}, Status.AWAITING_FEEDBACK


def rejection(force, new_complaint, proposer="dpo_A"):
    complaint = bring_to(Status.IN_PROGRESS, force, new_complaint)
    complaint = actions.request_rejection(complaint, actor=force.officers[proposer], reason="civil_matter",
                                          explanation="A dispute over rent.")
    return complaint, "approve_rejection", {}, Status.REJECTED


def closing_unanswered(force, new_complaint, proposer="dpo_A"):
    complaint = actions.approve_resolution(_proposed_resolution(force, new_complaint, proposer),
                                           actor=force.officers["igp"])
    for _ in range(3):
        complaint = actions.record_feedback_attempt(complaint, actor=force.officers["agent"])
    return complaint, "close_without_confirmation", {"reasons": "Three calls, no answer."}, Status.CLOSED


def filing(force, new_complaint):
    o = force.officers
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(**AGAINST_SHO))
    complaint = actions.assign(complaint, actor=o["dpo_A"], officer=o["acc_A"])
    complaint = enquiry.submit_enquiry_report(complaint, actor=o["dpo_A"], report="No substance found.")
    complaint = enquiry.request_filing(complaint, actor=o["dpo_A"], reasons="The register shows the FIR.")
    return complaint, "approve_filing", {}, Status.IN_PROGRESS


# Every closing decision, each proposed by the DPO (dpo_A); the IGP is the other officer who may decide.
PROPOSED = {"approve_resolution": resolution, "approve_rejection": rejection,
            "close_without_confirmation": closing_unanswered, "approve_filing": filing}


def test_every_closing_decision_is_covered():
    assert set(PROPOSED) == CLOSING_DECISIONS


def _unchanged(complaint, status, events):
    complaint.refresh_from_db()
    assert complaint.status == status
    assert ComplaintEvent.objects.filter(complaint=complaint).count() == events


@pytest.mark.parametrize("decision", sorted(PROPOSED))
def test_the_proposer_never_approves_it_himself(decision, force, new_complaint):
    complaint, action, params, done = PROPOSED[decision](force, new_complaint)
    status, events = complaint.status, complaint.events.count()
    dpo = force.officers["dpo_A"]
    assert action not in [t.action for t in permissions.available_transitions(dpo, complaint)]

    with pytest.raises(PermissionDenied) as refused:
        handlers.run(complaint, action, actor=dpo, params=params)

    assert refused.value.code == "second_officer_required"
    assert "must be taken by another officer" in str(refused.value.message)
    _unchanged(complaint, status, events)
    # Another officer within the closing authority decides it.
    assert handlers.run(complaint, action, actor=force.officers["igp"], params=params).status == done


@pytest.mark.parametrize("decision", ["approve_resolution", "approve_rejection"])
def test_the_officer_it_is_marked_to_never_approves_it(decision, force, new_complaint):
    """The SHO the complaint is marked to heads its station and is a closing authority, yet not over his own work."""
    complaint, action, params, done = PROPOSED[decision](force, new_complaint)
    assert complaint.assignee == force.officers["sho_A"]
    with pytest.raises(PermissionDenied) as refused:
        handlers.run(complaint, action, actor=force.officers["sho_A"], params=params)
    assert refused.value.code == "second_officer_required"


@pytest.mark.parametrize("decision", sorted(PROPOSED))
def test_self_approval_is_refused_on_the_web_page_with_the_reason(decision, force, new_complaint, client):
    complaint, action, params, _done = PROPOSED[decision](force, new_complaint)
    status, events = complaint.status, complaint.events.count()
    client.force_login(force.officers["dpo_A"])

    page = client.get(f"/officer/complaints/{complaint.etag}/")
    assert f'/actions/{action}/"' not in page.content.decode()  # no button for it
    response = client.post(f"/officer/complaints/{complaint.etag}/actions/{action}/", params)

    assert response.status_code == 403
    assert "must be taken by another officer" in response.content.decode()
    _unchanged(complaint, status, events)


@pytest.mark.parametrize("decision", sorted(PROPOSED))
def test_self_approval_is_refused_through_the_api_with_the_reason(decision, force, new_complaint):
    complaint, action, params, _done = PROPOSED[decision](force, new_complaint)
    status, events = complaint.status, complaint.events.count()
    api = APIClient()
    api.force_authenticate(force.officers["dpo_A"])

    response = api.post(f"/api/v1/complaints/{complaint.etag}/actions/{action}/", params, format="json")

    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "second_officer_required" and "must be taken by another officer" in error["message"]
    _unchanged(complaint, status, events)


def test_the_refusal_speaks_the_officer_s_language(force, new_complaint):
    complaint, action, params, _done = resolution(force, new_complaint)
    with translation.override("ur"), pytest.raises(PermissionDenied) as refused:
        handlers.run(complaint, action, actor=force.officers["dpo_A"], params=params)
    # Built when refused, in the officer's language: the action's Urdu label is in the sentence.
    assert "حل منظور کریں اور شہری سے پوچھیں" in str(refused.value.message)


def _sop(force, **fields):
    SOP.objects.filter(category=force.categories["theft"]).update(**fields)


# (closing role, closing rank, who decides, allowed): the SHO is an Inspector heading SA1, the SDPO heads its
# circle, the DPO its district; cell_A is the district's complaint cell, a Sub-Inspector.
AUTHORITY = [
    (ClosingRole.STATION_HEAD, Rank.INSPECTOR, "sdpo_A", True),  # the defaults
    (ClosingRole.STATION_HEAD, Rank.INSPECTOR, "cell_A", False),  # the complaint cell does not close by default
    (ClosingRole.SUPERVISOR, Rank.INSPECTOR, "sdpo_A", True),
    (ClosingRole.SUPERVISOR, Rank.SDPO, "sdpo_A", True),  # at the rank: allowed
    (ClosingRole.SUPERVISOR, Rank.DPO, "sdpo_A", False),  # below it: refused
    (ClosingRole.SUPERVISOR, Rank.DPO, "dpo_A", True),
    (ClosingRole.COMPLAINT_CELL, Rank.SI, "cell_A", True),
    (ClosingRole.COMPLAINT_CELL, Rank.INSPECTOR, "cell_A", False),
]


@pytest.mark.parametrize("role, rank, who, allowed", AUTHORITY)
@pytest.mark.parametrize("decision", ["approve_resolution", "approve_rejection", "close_without_confirmation"])
def test_only_the_sop_s_closing_authority_decides(decision, role, rank, who, allowed, force, new_complaint):
    # Proposed by the SHO the complaint is marked to: the deciders below are all other officers.
    complaint, action, params, done = PROPOSED[decision](force, new_complaint, proposer="sho_A")
    _sop(force, closing_role=role, closing_rank=rank)
    complaint = Complaint.objects.get(pk=complaint.pk)
    actor = force.officers[who]
    status, events = complaint.status, complaint.events.count()
    competent = bool(permissions.roles_for(actor, complaint) & actions.workflow.TRANSITIONS[action].roles)

    if allowed and competent:  # (closing without confirmation stays a supervisor's, whatever the SOP admits)
        assert handlers.run(complaint, action, actor=actor, params=params).status == done
        return
    assert action not in [t.action for t in permissions.available_transitions(actor, complaint)]
    with pytest.raises(PermissionDenied) as refused:
        handlers.run(complaint, action, actor=actor, params=params)
    if competent:  # his role may take it at all: the refusal names the SOP's closing authority
        assert refused.value.code == "closing_authority"
        assert str(ClosingRole(role).label) in str(refused.value.message)
        assert str(Rank(rank).label) in str(refused.value.message)
    _unchanged(complaint, status, events)


def test_the_closing_rank_is_never_below_the_sop_s_minimum_rank(force, new_complaint):
    complaint, action, params, done = resolution(force, new_complaint, proposer="sho_A")
    _sop(force, closing_rank=Rank.INSPECTOR, min_rank=Rank.DPO)
    complaint = Complaint.objects.get(pk=complaint.pk)
    with pytest.raises(PermissionDenied) as refused:
        actions.approve_resolution(complaint, actor=force.officers["sdpo_A"])
    assert refused.value.code == "closing_authority"
    assert actions.approve_resolution(complaint, actor=force.officers["igp"]).status == done


def test_the_closing_authority_refusal_reaches_the_api(force, new_complaint):
    complaint, action, params, _done = resolution(force, new_complaint, proposer="sho_A")
    _sop(force, closing_role=ClosingRole.SUPERVISOR, closing_rank=Rank.RPO)
    api = APIClient()
    api.force_authenticate(force.officers["sdpo_A"])
    response = api.post(f"/api/v1/complaints/{complaint.etag}/actions/{action}/", {}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "closing_authority"
    assert "DIG" in response.json()["error"]["message"]


def test_the_approvals_box_never_holds_the_officer_s_own_proposal(force, new_complaint):
    from shikayat.complaints import inbox

    complaint, *_ = resolution(force, new_complaint)
    assert complaint.etag not in [c.etag for c in inbox.officer_complaints(force.officers["dpo_A"],
                                                                            {"box": "approvals"})]
    assert complaint.etag in [c.etag for c in inbox.officer_complaints(force.officers["igp"], {"box": "approvals"})]
    # Nor the work marked to him (the SHO), though he heads the station.
    assert complaint.assignee == force.officers["sho_A"]
    assert complaint.etag not in [c.etag for c in inbox.officer_complaints(force.officers["sho_A"],
                                                                            {"box": "approvals"})]


# --- disposal only with the complainant heard -------------------------------------------------------------------


def _reject(complaint, force):
    complaint = actions.request_rejection(complaint, actor=force.officers["cell_A"], reason="not_pertaining",
                                          explanation="A matter for the revenue office.",
                                          refer_to="Tehsildar's office, Model Town")
    return actions.approve_rejection(complaint, actor=force.officers["dpo_A"])


def _merge(complaint, force, original):
    return actions.mark_duplicate(complaint, actor=force.officers["cell_A"], original_etag=original.etag)


def _heard(how, complaint, force):
    cell = force.officers["cell_A"]
    if how == "contact":
        return actions.log_contact(complaint, actor=cell, **CALL)
    attempts = {"attempts": 3, "too_few_attempts": 2, "nothing": 0}[how]
    for _ in range(attempts):
        complaint = actions.record_contact_attempt(complaint, actor=cell, outcome="switched_off")
    return complaint


@pytest.mark.parametrize("disposal", ["reject", "merge"])
@pytest.mark.parametrize("how, allowed", [("nothing", False), ("too_few_attempts", False), ("contact", True),
                                          ("attempts", True)])
def test_no_rejection_or_merger_without_the_complainant(disposal, how, allowed, force, new_complaint):
    original, complaint = new_complaint(), new_complaint()
    complaint = _heard(how, complaint, force)
    events = complaint.events.count()

    def dispose():
        return _reject(complaint, force) if disposal == "reject" else _merge(complaint, force, original)

    if allowed:
        assert dispose().status == (Status.REJECTED if disposal == "reject" else Status.MERGED)
        return
    with pytest.raises(TransitionNotAllowed) as refused:
        dispose()
    assert refused.value.code == "contact_required"
    assert "without hearing the complainant" in str(refused.value.message)
    _unchanged(complaint, Status.REGISTERED, events)


def test_a_contact_in_an_earlier_cycle_does_not_count(force, new_complaint):
    complaint = bring_to(Status.REOPENED, force, new_complaint)  # contacted, resolved, the citizen not satisfied
    assert complaint.last_contacted_at is not None and complaint.contact_attempts == 0
    with pytest.raises(TransitionNotAllowed):
        _merge(complaint, force, new_complaint())
    # The attempts of the last cycle do not count either: a new cycle starts from nothing.
    for _ in range(3):
        complaint = actions.record_contact_attempt(complaint, actor=force.officers["cell_A"])
    assert complaint.contact_attempts == 3
    complaint = actions.assign(complaint, actor=force.officers["cell_A"], officer=force.officers["sho_A"])
    assert actions.mark_duplicate(complaint, actor=force.officers["cell_A"],
                                  original_etag=new_complaint().etag).status == Status.MERGED


def test_the_attempts_are_internal_and_refused_to_the_wrong_officer(force, new_complaint):
    complaint = new_complaint()
    with pytest.raises(PermissionDenied):
        actions.record_contact_attempt(complaint, actor=force.officers["agent"])
    complaint = actions.record_contact_attempt(complaint, actor=force.officers["cell_A"], outcome="wrong_number")
    event = complaint.events.get(action="record_contact_attempt")
    assert not event.is_public and event.data["outcome"] == "wrong_number"
    assert complaint.status == Status.REGISTERED and complaint.first_contacted_at is None


def test_rejection_refused_through_the_api_and_the_page_until_heard(force, new_complaint, client):
    complaint = new_complaint()
    api = APIClient()
    api.force_authenticate(force.officers["cell_A"])
    url = f"/api/v1/complaints/{complaint.etag}/actions"
    payload = {"reason": "civil_matter", "explanation": "Rent dispute."}
    response = api.post(f"{url}/request_rejection/", payload, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "contact_required"
    client.force_login(force.officers["cell_A"])
    page = client.post(f"/officer/complaints/{complaint.etag}/actions/request_rejection/", payload)
    assert page.status_code == 409 and "without hearing the complainant" in page.content.decode()
    for _ in range(3):
        assert api.post(f"{url}/record_contact_attempt/", {"outcome": "switched_off"},
                        format="json").status_code == 200
    assert api.post(f"{url}/request_rejection/", payload, format="json").status_code == 200


# --- what the citizen is told --------------------------------------------------------------------------------


def _told(complaint, action):
    from shikayat.updates import wording

    event = complaint.events.get(action=action)
    line = wording.line(event, complaint, "en")
    return f"{line.text} {line.next}"


@pytest.mark.parametrize("reason, refer_to, where", [
    ("not_pertaining", "Tehsildar's office, Model Town", "You may take the matter to Tehsildar's office, Model Town."),
    ("not_pertaining", "", "Ask the call centre or your police station which office deals with it."),
    ("civil_matter", "", "You may take the matter to a civil court."),
    ("no_contact", "", "give us a number where we can reach you"),
])
def test_a_rejection_tells_why_where_and_how_to_appeal(reason, refer_to, where, force, new_complaint):
    complaint = _heard("attempts", new_complaint(), force)
    complaint = actions.request_rejection(complaint, actor=force.officers["cell_A"], reason=reason,
                                          explanation="Checked with the complainant's neighbours.",
                                          refer_to=refer_to)
    complaint = actions.approve_rejection(complaint, actor=force.officers["dpo_A"])
    told = _told(complaint, "approve_rejection")
    assert "Your complaint was not taken forward:" in told  # why
    assert where in told  # where to go instead
    assert "appeal within 30 days" in told and f"APPEAL {complaint.etag_display}" in told  # how to appeal


def test_a_merger_tells_why_where_and_how_to_appeal(force, new_complaint):
    original = new_complaint()
    complaint = _merge(_heard("contact", new_complaint(), force), force, original)
    told = _told(complaint, "mark_duplicate")
    assert "about the same matter" in told  # why
    assert "follow it under that E-tag" in told and original.etag_display in told  # where
    assert f"APPEAL {complaint.etag_display}" in told  # how to appeal


def test_the_merged_citizen_may_appeal_the_merger(force, new_complaint):
    original = new_complaint()
    complaint = _merge(_heard("contact", new_complaint(), force), force, original)
    appealed = actions.appeal(complaint, actor=citizen_of(complaint), grounds="It is a different theft.")
    assert appealed.status == Status.REOPENED and appealed.duplicate_of is None


def test_the_migration_names_the_proposer_of_decisions_already_waiting(force, new_complaint):
    import importlib

    from django.apps import apps

    waiting, *_ = resolution(force, new_complaint)
    Complaint.objects.filter(pk=waiting.pk).update(proposed_by=None)  # as before the migration
    importlib.import_module("shikayat.complaints.migrations.0014_closing_authority").proposers(apps, None)
    assert Complaint.objects.get(pk=waiting.pk).proposed_by == force.officers["dpo_A"]
    with pytest.raises(PermissionDenied):
        actions.approve_resolution(Complaint.objects.get(pk=waiting.pk), actor=force.officers["dpo_A"])
