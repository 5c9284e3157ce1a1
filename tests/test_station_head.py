"""The station head (SHO) heads his police station: he marks its complaints to its officers, approves what the
SOP lets his rank approve (never his own proposal), and sees the station's dashboard, delay ledger and review
list — and no more of the confidential complaints than an enquiry officer of the station sees."""

import pytest

from shikayat.accounts.models import Rank, Role
from shikayat.categories.models import SOP
from shikayat.complaints import actions, inbox, permissions, selectors
from shikayat.complaints.models import Complaint
from shikayat.complaints.workflow import Status
from shikayat.core.errors import InvalidInput, NotFound, PermissionDenied
from shikayat.demo.journey import Cast, advance

from .conftest import AGAINST_SHO
from .factories import officer


@pytest.fixture
def si(force):
    """A sub-inspector of the SHO's station (THEFT needs an SI or above)."""
    return officer("si_A", Rank.SI, [(force.units["sA1"], Role.ENQUIRY_OFFICER)])


def proposed_by(officer_, force, new_complaint) -> Complaint:
    o = force.officers
    cast = Cast(cell=o["cell_A"], officer=officer_, supervisor=o["dpo_A"], agent=o["agent"])
    return advance(new_complaint(), Status.RESOLUTION_PROPOSED, cast)


def test_the_sho_marks_his_station_complaint_to_his_sub_inspector(force, new_complaint, si):
    sho = force.officers["sho_A"]
    complaint = new_complaint()
    assert complaint.unit == force.units["sA1"] and complaint.status == Status.REGISTERED
    assert "assign" in [t.action for t in permissions.available_transitions(sho, complaint)]
    assert "si_A" in [row["username"] for row in selectors.assignable_officers(sho, complaint)]

    complaint = actions.assign(complaint, actor=sho, officer=si)

    assert complaint.status == Status.ASSIGNED and complaint.assignee == si
    assert complaint.events.filter(action="assign", actor=sho).exists()


def test_the_sho_marks_only_within_his_station(force, new_complaint):
    complaint = new_complaint()
    with pytest.raises(InvalidInput) as refused:
        actions.assign(complaint, actor=force.officers["sho_A"], officer=force.officers["sdpo_A"])
    assert "jurisdiction" in str(refused.value.message)
    complaint.refresh_from_db()
    assert complaint.assignee is None


def test_the_sho_cannot_touch_another_district(force, new_complaint):
    complaint = new_complaint(unit="SB1")
    assert not permissions.can_view(force.officers["sho_A"], complaint)
    with pytest.raises(NotFound):
        actions.assign(complaint, actor=force.officers["sho_A"], officer=force.officers["sho_B"])


def test_the_sho_approves_his_officer_s_resolution(force, new_complaint, si):
    sho = force.officers["sho_A"]
    complaint = proposed_by(si, force, new_complaint)
    assert complaint.etag in [c.etag for c in inbox.officer_complaints(sho, {"box": "approvals"})]

    complaint = actions.approve_resolution(complaint, actor=sho)

    assert complaint.status == Status.AWAITING_FEEDBACK


def test_the_sho_never_approves_his_own_proposal(force, new_complaint):
    sho = force.officers["sho_A"]
    complaint = proposed_by(sho, force, new_complaint)
    assert "approve_resolution" not in [t.action for t in permissions.available_transitions(sho, complaint)]
    with pytest.raises(PermissionDenied):
        actions.approve_resolution(complaint, actor=sho)
    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLUTION_PROPOSED
    # The circle above approves it.
    assert actions.approve_resolution(complaint, actor=force.officers["sdpo_A"]).status == Status.AWAITING_FEEDBACK


def test_the_sho_approves_only_what_the_sop_lets_his_rank_approve(force, new_complaint, si):
    sho = force.officers["sho_A"]
    complaint = proposed_by(si, force, new_complaint)
    SOP.objects.filter(category=force.categories["theft"]).update(min_rank=Rank.SDPO)
    complaint = Complaint.objects.get(pk=complaint.pk)

    with pytest.raises(PermissionDenied):
        actions.approve_resolution(complaint, actor=sho)
    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLUTION_PROPOSED
    assert actions.approve_resolution(complaint, actor=force.officers["sdpo_A"]).status == Status.AWAITING_FEEDBACK


def test_the_sho_turns_down_or_approves_a_rejection_his_officer_asked_for(force, new_complaint, si):
    sho = force.officers["sho_A"]
    complaint = actions.assign(new_complaint(), actor=sho, officer=si)
    complaint = actions.log_contact(complaint, actor=si, method="call", outcome="Spoke to the complainant.")
    complaint = actions.request_rejection(complaint, actor=si, reason="civil_matter",
                                         explanation="A dispute over a shop's rent.", refer_to="Civil court")
    assert actions.approve_rejection(complaint, actor=sho).status == Status.REJECTED


def test_the_sho_sees_no_confidential_complaint_of_his_station_unless_marked_to_him(force, new_complaint):
    sho = force.officers["sho_A"]
    confidential = Complaint.objects.get(pk=new_complaint(category="THEFT").pk)
    Complaint.objects.filter(pk=confidential.pk).update(is_confidential=True)
    confidential.refresh_from_db()
    assert confidential.unit == force.units["sA1"]
    assert not permissions.can_view(sho, confidential)
    assert not Complaint.objects.filter(permissions.scope_filter(sho), pk=confidential.pk).exists()


def test_the_sho_never_sees_a_complaint_against_himself(force, new_complaint):
    sho = force.officers["sho_A"]
    against = new_complaint(**AGAINST_SHO)
    assert not permissions.can_view(sho, against)
    assert not Complaint.objects.filter(permissions.scope_filter(sho), pk=against.pk).exists()
    for box in ("routing", "approvals", "unit", "all"):
        assert against.etag not in [c.etag for c in inbox.officer_complaints(sho, {"box": box})]


@pytest.mark.parametrize("path", ["/officer/complaints/", "/officer/dashboard/", "/officer/ledger/",
                                  "/officer/review/", "/officer/missing-children/", "/officer/missing-child/new/"])
def test_the_sho_opens_his_station_pages(client, force, path):
    client.force_login(force.officers["sho_A"])
    assert client.get(path).status_code == 200


def test_the_sho_s_dashboard_is_his_station_s(client, force):
    client.force_login(force.officers["sho_A"])
    assert client.get("/officer/dashboard/", {"unit": "SB1"}).status_code == 404
    assert client.get("/officer/dashboard/", {"unit": "DA"}).status_code == 404
    assert client.get("/officer/dashboard/", {"unit": "SA1"}).status_code == 200


def test_a_plain_enquiry_officer_still_cannot_mark_or_approve(force, new_complaint, si):
    complaint = new_complaint()
    assert "assign" not in [t.action for t in permissions.available_transitions(force.officers["asi_A"], complaint)]
    proposed = proposed_by(si, force, new_complaint)
    with pytest.raises(PermissionDenied):
        actions.approve_resolution(proposed, actor=force.officers["asi_A"])
