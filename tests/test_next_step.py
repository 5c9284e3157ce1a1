"""The officer complaint page makes the next step obvious (issue 20): the step the SOP expects first, a
picker of the officers the actor may mark to (nearest first), refused forms shown again with what was typed
and what to do, the officers' own status wording; the citizen's withdrawal asks for a reason and a confirmation."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from shikayat.accounts.models import Posting, Rank, Role
from shikayat.complaints import actions, selectors
from shikayat.complaints.workflow import Status

from .factories import officer
from .journey import bring_to
from .test_citizen_pages import sent_link

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def offered(actor, complaint) -> list[str]:
    return [row["username"] for row in selectors.assignable_officers(actor, complaint)]


def action_order(page: str) -> list[str]:
    return re.findall(r'<details class="action[^"]*" id="action-([a-z_]+)"', page)


# --- the picker: who may be marked, nearest first ---------------------------------------------------------

def test_picker_offers_the_eligible_officers_nearest_units_first(force, new_complaint):
    """Given a theft at station SA1 (SOP: Sub-Inspector or above), the district cell is offered the station's
    SHO, then the circle's SDPO, then the district's DPO: not the ASI (below the SOP's rank), not the desk
    or the cell (roles that do not enquire), not an officer at the sibling station or in district B."""
    u = force.units
    officer("si_A2", Rank.SI, [(u["sA2"], Role.ENQUIRY_OFFICER)])
    complaint = new_complaint()
    assert offered(force.officers["cell_A"], complaint) == ["sho_A", "sdpo_A", "dpo_A"]

    # At the circle, the circle's own officer first, then one step away: below (its stations) before above.
    at_circle = new_complaint(unit="CA")
    assert at_circle.unit == u["cA"]
    assert offered(force.officers["cell_A"], at_circle) == ["sdpo_A", "sho_A", "si_A2", "dpo_A"]


def test_picker_keeps_to_the_actors_scope_and_active_postings(force, new_complaint):
    complaint = new_complaint()
    # The SDPO's jurisdiction is the circle: the district's DPO above it is not theirs to mark to.
    assert offered(force.officers["sdpo_A"], complaint) == ["sho_A", "sdpo_A"]
    # A posting that ended takes the officer off the list; so does a deactivated account.
    Posting.objects.filter(user=force.officers["sho_A"]).update(is_active=False)
    force.officers["dpo_A"].is_active = False
    force.officers["dpo_A"].save()
    assert offered(force.officers["cell_A"], complaint) == ["sdpo_A"]


def test_picker_never_offers_the_accused_or_barred_officers(client, force, against_sho):
    """Against the SHO of SA1: the SHO (accused), the ASI (junior to the accused) and the circle's SDPO (the
    accused's barred chain) are never offered, on the list or on the page."""
    list_ = offered(force.officers["dpo_A"], against_sho)
    assert "dpo_A" in list_ and not {"sho_A", "asi_A", "sdpo_A"} & set(list_)
    client.force_login(force.officers["dpo_A"])
    page = client.get(f"/officer/complaints/{against_sho.etag}/").content.decode()
    picker = re.search(r'<select id="assign-officer" name="officer".*?</select>', page, re.S).group(0)
    assert 'value="dpo_A"' in picker and 'value="sho_A"' not in picker and 'value="sdpo_A"' not in picker


def test_the_page_offers_a_select_of_eligible_officers_with_name_belt_rank_and_unit(client, force, new_complaint):
    force.officers["sho_A"].belt_number = "LHR-4471"
    force.officers["sho_A"].save()
    complaint = new_complaint()
    client.force_login(force.officers["cell_A"])
    page = client.get(f"/officer/complaints/{complaint.etag}/").content.decode()
    picker = re.search(r'<select id="assign-officer" name="officer" required>(.*?)</select>', page, re.S).group(1)
    values = re.findall(r'<option value="([^"]*)"', picker)
    assert values == ["", "sho_A", "sdpo_A", "dpo_A"]
    sho = re.search(r'<option value="sho_A"[^>]*>([^<]*)<', picker)
    assert "LHR-4471" in sho.group(0) and "Inspector" in sho.group(1) and "Sa1" in sho.group(1)
    # The filter box is hidden until the script shows it: without JavaScript the select alone works.
    assert re.search(r'<input type="search" class="option-filter" data-filters="assign-officer"[^>]* hidden>', page)


# --- the next step first, the rest folded -------------------------------------------------------------------

def test_the_step_the_sop_expects_comes_first_open_and_marked(client, force, new_complaint):
    complaint = bring_to(Status.ASSIGNED, force, new_complaint)
    client.force_login(force.officers["sho_A"])
    base = f"/officer/complaints/{complaint.etag}"
    page = client.get(f"{base}/").content.decode()
    order = action_order(page)
    assert order[0] == "log_contact" and {"log_field_visit", "report_action", "add_note"} <= set(order)
    assert '<details class="action expected" id="action-log_contact" open>' in page
    assert '<details class="action" id="action-add_note">' in page  # folded
    assert "Next step" in page and "left" in page  # the contact deadline's time left
    # Buttons say what they do.
    assert ">Go<" not in page and '<button type="submit">Log contact with complainant</button>' in page

    client.post(f"{base}/actions/log_contact/", {"method": "call", "outcome": "Spoke to him."})
    assert action_order(client.get(f"{base}/").content.decode())[0] == "log_field_visit"
    client.post(f"{base}/actions/log_field_visit/", {"findings": "Visited the mosque."})
    assert action_order(client.get(f"{base}/").content.decode())[0] == "propose_resolution"


def test_a_new_complaint_puts_marking_to_an_officer_first(client, force, new_complaint):
    complaint = new_complaint()
    client.force_login(force.officers["cell_A"])
    order = action_order(client.get(f"/officer/complaints/{complaint.etag}/").content.decode())
    assert order[0] == "assign" and "transfer" in order


# --- a refused action keeps what was typed and says what to do -------------------------------------------

def test_a_refused_action_keeps_the_typed_text_and_says_what_to_do(client, force, new_complaint):
    complaint = bring_to(Status.IN_PROGRESS, force, new_complaint)
    client.force_login(force.officers["sho_A"])
    base = f"/officer/complaints/{complaint.etag}"
    typed = "Motorcycle recovered from a scrap dealer in Shahdara; handed back to the owner."
    response = client.post(f"{base}/actions/propose_resolution/", {"resolution": typed})
    page = response.content.decode()
    assert response.status_code == 409
    assert f">{typed}</textarea>" in page
    assert "A resolution cannot be proposed before field verification is logged." in page
    assert '<details class="action failed" id="action-propose_resolution" open>' in page
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS and complaint.resolution == ""


def test_a_bad_photo_says_which_and_what_to_do_and_keeps_the_findings(client, force, new_complaint):
    complaint = bring_to(Status.IN_PROGRESS, force, new_complaint)
    client.force_login(force.officers["sho_A"])
    response = client.post(f"/officer/complaints/{complaint.etag}/actions/log_field_visit/", {
        "findings": "Two witnesses at the gate saw the bike taken.",
        "photos": [SimpleUploadedFile("spot.png", PNG), SimpleUploadedFile("blank.png", b"")]})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Photos from the visit: 0" not in page
    assert "Photos from the visit, file 2: The submitted file is empty. Choose it again." in page
    assert ">Two witnesses at the gate saw the bike taken.</textarea>" in page
    assert complaint.attachments.count() == 0


def test_marking_without_choosing_an_officer_asks_for_one_and_keeps_the_note(client, force, new_complaint):
    complaint = new_complaint()
    client.force_login(force.officers["cell_A"])
    response = client.post(f"/officer/complaints/{complaint.etag}/actions/assign/",
                           {"officer": "", "note": "Urgent: the complainant travels on Monday."})
    page = response.content.decode()
    assert response.status_code == 400 and "Choose the officer to mark it to." in page
    assert ">Urgent: the complainant travels on Monday.</textarea>" in page
    # A choice the domain refuses (the ASI is below the SOP's rank) keeps the choice and names the reason.
    response = client.post(f"/officer/complaints/{complaint.etag}/actions/assign/", {"officer": "asi_A", "note": "x"})
    assert response.status_code == 400
    assert "needs an enquiry officer of rank Sub-Inspector or above" in response.content.decode()


# --- the officers' wording, the transfer's unit --------------------------------------------------------------

def test_officers_read_their_own_status_wording_and_citizens_theirs(client, force, new_complaint):
    complaint = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    client.force_login(force.officers["cell_A"])
    page = client.get(f"/officer/complaints/{complaint.etag}/").content.decode()
    assert "Awaiting the complainant&#x27;s feedback" in page and "Awaiting your feedback" not in page
    inbox = client.get("/officer/complaints/", {"box": "all"}).content.decode()
    assert "Awaiting the complainant&#x27;s feedback" in inbox and "Awaiting your feedback" not in inbox
    client.logout()

    client.get(sent_link(complaint))
    citizen = client.get(f"/track/{complaint.etag}/").content.decode()
    assert "Awaiting your feedback" in citizen and "complainant&#x27;s feedback" not in citizen


def test_the_timeline_names_the_unit_a_transfer_went_to(client, force, new_complaint):
    complaint = new_complaint()
    actions.transfer(complaint, actor=force.officers["cell_A"], unit=force.units["sA2"], reason="Wrong station.")
    client.force_login(force.officers["cell_A"])
    page = client.get(f"/officer/complaints/{complaint.etag}/").content.decode()
    assert '<span class="to-unit">to Sa2</span>' in page


# --- the citizen's withdrawal ---------------------------------------------------------------------------------

def test_withdrawing_asks_for_a_reason_and_a_confirmation_and_keeps_what_was_typed(client, force, new_complaint):
    complaint = new_complaint()
    client.get(sent_link(complaint))
    page = client.get(f"/track/{complaint.etag}/").content.decode()
    # Apart from "add to my complaint", in its own card, folded.
    add, withdraw = page.index("Add to my complaint"), page.index('id="withdraw"')
    assert add < withdraw and page[add:withdraw].count("</form>") >= 1
    assert 'name="confirm"' in page and "This cannot be undone." in page

    response = client.post(f"/track/{complaint.etag}/withdraw/", {"reason": "We settled it in the family."})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Tick the box to confirm that you want to withdraw the complaint." in page
    assert "We settled it in the family.</textarea>" in page
    response = client.post(f"/track/{complaint.etag}/withdraw/", {"confirm": "on"})
    assert response.status_code == 400 and "Please tell us why you want to withdraw it." in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.REGISTERED

    client.post(f"/track/{complaint.etag}/withdraw/", {"reason": "We settled it in the family.", "confirm": "on"})
    complaint.refresh_from_db()
    assert complaint.status == Status.WITHDRAWN
    assert complaint.events.get(action="withdraw").note == "We settled it in the family."


def test_withdrawing_without_proof_of_the_mobile_still_asks_for_it(client, force, new_complaint):
    complaint = new_complaint()
    client.post("/track/", {"etag": complaint.etag_display, "mobile": "03001234567"})  # reading only
    response = client.post(f"/track/{complaint.etag}/withdraw/", {"reason": "x"})
    assert response.status_code == 302 and "/verify/" in response["Location"]
    complaint.refresh_from_db()
    assert complaint.status == Status.REGISTERED


def test_a_refused_action_no_longer_offered_still_says_why(client, force, new_complaint):
    complaint = bring_to(Status.IN_PROGRESS, force, new_complaint)
    client.force_login(force.officers["dpo_A"])
    response = client.post(f"/officer/complaints/{complaint.etag}/actions/approve_resolution/", {"note": "Fine."})
    page = response.content.decode()
    assert response.status_code == 409
    assert "is not possible while the complaint is" in page and '<li class="error">' in page
    assert 'id="action-approve_resolution"' not in page


def test_an_unknown_unit_or_an_empty_note_says_what_to_do_and_keeps_the_reason(client, force, new_complaint):
    complaint = new_complaint()
    client.force_login(force.officers["cell_A"])
    base = f"/officer/complaints/{complaint.etag}/actions"
    response = client.post(f"{base}/transfer/", {"unit": "NOWHERE", "reason": "The place is across the canal."})
    page = response.content.decode()
    assert response.status_code == 400 and "Choose a unit from the list." in page
    assert 'value="NOWHERE"' in page and ">The place is across the canal.</textarea>" in page
    response = client.post(f"{base}/add_note/", {"text": "   "})
    assert response.status_code == 400 and "Please write the note." in response.content.decode()
