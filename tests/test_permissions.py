"""Scope follows postings: an officer of district A cannot see or touch
district B's complaints, in the API or in the pages."""

import pytest
from rest_framework.test import APIClient

from shikayat.complaints import actions
from shikayat.complaints.models import ComplaintEvent
from shikayat.complaints.workflow import Status

from .journey import bring_to


@pytest.fixture
def complaint_in_b(force, new_complaint):
    return new_complaint(unit="SB1")


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("who", ["cell_A", "dpo_A", "sho_A", "sdpo_A", "desk_A"])
def test_other_district_complaint_is_404_in_the_api(force, complaint_in_b, who):
    client = api_as(force.officers[who])
    assert client.get(f"/api/v1/complaints/{complaint_in_b.etag}/").status_code == 404
    assert client.get(f"/api/v1/complaints/{complaint_in_b.etag}/timeline/").status_code == 404
    response = client.post(f"/api/v1/complaints/{complaint_in_b.etag}/actions/assign/", {"officer": "sho_B"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    complaint_in_b.refresh_from_db()
    assert complaint_in_b.status == Status.REGISTERED


@pytest.mark.parametrize("who", ["cell_B", "dpo_B", "igp", "cpo_cell"])
def test_officers_over_district_b_see_it(force, complaint_in_b, who):
    response = api_as(force.officers[who]).get(f"/api/v1/complaints/{complaint_in_b.etag}/")
    assert response.status_code == 200
    assert response.json()["etag"] == complaint_in_b.etag_display


def test_lists_are_scoped(force, new_complaint):
    mine = new_complaint(unit="SA1")
    new_complaint(unit="SB1")
    rows = api_as(force.officers["cell_A"]).get("/api/v1/complaints/").json()["results"]
    assert [r["etag"] for r in rows] == [mine.etag_display]
    assert len(api_as(force.officers["igp"]).get("/api/v1/complaints/").json()["results"]) == 2


def test_other_district_complaint_is_404_in_the_pages(client, force, complaint_in_b):
    client.force_login(force.officers["dpo_A"])
    assert client.get(f"/officer/complaints/{complaint_in_b.etag}/").status_code == 404
    response = client.post(f"/officer/complaints/{complaint_in_b.etag}/actions/add_note/", {"text": "peek"})
    assert response.status_code == 404
    assert not ComplaintEvent.objects.filter(complaint=complaint_in_b, action="add_note").exists()
    listing = client.get("/officer/complaints/")
    assert complaint_in_b.etag_display not in listing.content.decode()


def test_own_district_complaint_page_shows_only_allowed_actions(client, force, new_complaint):
    complaint = new_complaint()
    client.force_login(force.officers["cell_A"])
    page = client.get(f"/officer/complaints/{complaint.etag}/").content.decode()
    assert complaint.etag_display in page
    assert "/actions/assign/" in page and "/actions/propose_resolution/" not in page


def test_wrong_role_gets_403_in_api_and_pages(client, force, new_complaint):
    complaint = new_complaint()
    response = api_as(force.officers["asi_A"]).post(
        f"/api/v1/complaints/{complaint.etag}/actions/assign/", {"officer": "asi_A"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    client.force_login(force.officers["asi_A"])
    response = client.post(f"/officer/complaints/{complaint.etag}/actions/assign/", {"officer": "asi_A"})
    assert response.status_code == 403
    complaint.refresh_from_db()
    assert complaint.assignee is None


def test_pages_need_sign_in(client, new_complaint):
    complaint = new_complaint()
    response = client.get(f"/officer/complaints/{complaint.etag}/")
    assert response.status_code == 302 and "/officer/login/" in response["Location"]


def test_confidential_complaints_are_hidden_from_general_roles(force, new_complaint):
    complaint = new_complaint(category="HARASSMENT", unit="SA1")
    for who in ("cell_A", "sho_A", "desk_A"):
        assert api_as(force.officers[who]).get(f"/api/v1/complaints/{complaint.etag}/").status_code == 404
    for who in ("sdpo_A", "dpo_A", "acc_A"):
        assert api_as(force.officers[who]).get(f"/api/v1/complaints/{complaint.etag}/").status_code == 200


def test_officer_below_the_sop_rank_cannot_be_assigned(force, new_complaint):
    from shikayat.core.errors import InvalidInput

    complaint = new_complaint(category="AGAINST-POLICE", accused=[{"officer": "asi_B"}])
    with pytest.raises(InvalidInput):
        actions.assign(complaint, actor=force.officers["dpo_A"], officer=force.officers["sho_A"])
    assigned = actions.assign(complaint, actor=force.officers["dpo_A"], officer=force.officers["sdpo_A"])
    assert assigned.assignee == force.officers["sdpo_A"]


def test_cannot_assign_an_officer_outside_ones_jurisdiction(force, new_complaint):
    from shikayat.core.errors import InvalidInput

    complaint = new_complaint()
    with pytest.raises(InvalidInput):
        actions.assign(complaint, actor=force.officers["cell_A"], officer=force.officers["sho_B"])


def test_pii_is_masked_for_roles_that_do_not_need_it(force, new_complaint):
    complaint = new_complaint(id_number="35202-1234567-1", email="ali@example.com")
    full = api_as(force.officers["cell_A"]).get(f"/api/v1/complaints/{complaint.etag}/").json()
    assert full["complainant_mobile"] == "+923001234567"
    assert full["complainant_id_number"].endswith("5671") and "1234567" not in full["complainant_id_number"]
    masked = api_as(force.officers["acc_A"]).get(f"/api/v1/complaints/{complaint.etag}/").json()
    assert "•" in masked["complainant_mobile"] and masked["complainant_email"] == ""


def test_citizen_sees_only_public_timeline(force, new_complaint):
    from shikayat.complaints.selectors import timeline_for

    complaint = bring_to(Status.IN_PROGRESS, force, new_complaint)
    actions.add_note(complaint, actor=force.officers["sho_A"], text="Suspect is the neighbour's son.")
    citizen_view = timeline_for(__import__("tests.journey").journey.citizen_of(complaint), complaint)
    assert not citizen_view.filter(action="add_note").exists()
    assert timeline_for(force.officers["sho_A"], complaint).filter(action="add_note").exists()
