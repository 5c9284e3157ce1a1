"""The officer workspace in a real browser: the complaint cell routes a new
complaint from its inbox, the enquiry officer works it to a proposed
resolution, a supervisor approves a rejection, and an officer of another
district cannot open the complaint by its address. Screenshots go to
test-artifacts/."""

from pathlib import Path

import pytest

from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.complaints.workflow import Status

from ..factories import build_force, complaint_data
from . import signin

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
       + b"\x00" * 32)


def sign_in(page, live_server, username):
    signin.sign_in(page, live_server.url, username, lands="**/officer/complaints/**")


def sign_out(page):
    page.locator("header form button", has_text="Sign out").click()
    page.wait_for_url("**/officer/login/**")


def act(page, action, fields: dict, files: dict | None = None):
    form = page.locator(f"form.action[action$='/actions/{action}/']")  # the action panel's (not a card's)
    form.evaluate("f => { const folded = f.closest('details'); if (folded) folded.open = true; }")  # unfold
    for name, value in fields.items():
        control = form.locator(f"[name={name}]")
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    for name, paths in (files or {}).items():
        form.locator(f"[name={name}]").set_input_files(paths)
    form.locator("button[type=submit]").click()


@pytest.mark.django_db(transaction=True)
def test_cell_routes_and_officer_works_to_a_proposed_resolution(live_server, browser_page, tmp_path):
    build_force()
    complaint = register_complaint(actor=SYSTEM, channel="call_centre",
                                   data=complaint_data(unit="", lat="31.5", lng="74.3", mobile="03001112233"))
    page = browser_page
    ARTIFACTS.mkdir(exist_ok=True)

    # The district complaint cell sees it under "Awaiting routing" and marks it to the SHO.
    sign_in(page, live_server, "cell_A")
    assert page.locator("a.current", has_text="Awaiting routing").is_visible()
    row = page.locator("tbody tr", has_text=complaint.etag_display)
    assert row.is_visible()
    page.fill("input[name=q]", complaint.etag_display)
    page.click("form.filters button")
    assert page.locator("tbody tr").count() == 1
    page.screenshot(path=str(ARTIFACTS / "officer-inbox.png"), full_page=True)
    page.click(f"text={complaint.etag_display}")
    assert page.locator("datalist#officer-list option[value=sho_A]").count() == 1
    act(page, "assign", {"officer": "sho_A", "note": "Contact the complainant today."})
    page.wait_for_selector("text=Mark to officer: done.")
    sign_out(page)

    # The SHO finds it under "Marked to me", logs contact and a field visit with a photo, proposes a resolution.
    sign_in(page, live_server, "sho_A")
    page.goto(f"{live_server.url}/officer/complaints/?box=mine")
    page.click(f"text={complaint.etag_display}")
    act(page, "log_contact", {"method": "call", "outcome": "Spoke to Ali Raza; he will come to the station."})
    page.wait_for_selector("text=Log contact with complainant: done.")
    # No paper disposal: a resolution before the field visit is refused, with the reason.
    act(page, "propose_resolution", {"resolution": "Motorcycle recovered."})
    page.wait_for_selector("text=A resolution cannot be proposed before field verification is logged.")
    photo = tmp_path / "site.png"
    photo.write_bytes(PNG)
    act(page, "log_field_visit", {"findings": "Visited the mosque; CCTV footage collected."},
        files={"photos": [str(photo)]})
    page.wait_for_selector("text=Log field verification: done.")
    assert page.locator("text=site.png").is_visible()
    act(page, "link_fir", {"fir_number": "512/2026"})
    page.wait_for_selector("text=Link FIR: done.")
    assert page.locator("#fir").inner_text() == "512/2026"
    act(page, "propose_resolution", {"resolution": "Motorcycle recovered and handed over; accused arrested."})
    page.wait_for_selector("text=Propose resolution: done.")
    page.screenshot(path=str(ARTIFACTS / "officer-complaint.png"), full_page=True)

    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLUTION_PROPOSED
    assert complaint.assignee.username == "sho_A"
    assert complaint.fir_number == "512/2026"
    assert complaint.attachments.filter(original_name="site.png", is_public=False).count() == 1
    assert list(complaint.events.values_list("action", flat=True)) == [
        "register", "assign", "log_contact", "log_field_visit", "add_attachment", "link_fir", "propose_resolution"]


@pytest.mark.django_db(transaction=True)
def test_supervisor_approves_a_rejection_requested_by_another_officer(live_server, browser_page):
    force = build_force()
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data())
    from shikayat.complaints import actions

    actions.assign(complaint, actor=force.officers["cell_A"], officer=force.officers["sho_A"])
    actions.log_contact(complaint, actor=force.officers["sho_A"], method="call", outcome="He says it is about rent.")
    actions.request_rejection(complaint, actor=force.officers["sho_A"], reason="civil_matter",
                              explanation="A dispute over the sale price of the motorcycle; civil court matter.")
    page = browser_page

    sign_in(page, live_server, "dpo_A")
    # The DPO's default list is "Awaiting approval".
    assert page.locator("a.current", has_text="Awaiting approval").is_visible()
    page.click(f"text={complaint.etag_display}")
    assert page.locator("text=civil court matter").is_visible()
    act(page, "approve_rejection", {"note": "Agreed: civil matter."})
    page.wait_for_selector("text=Approve rejection: done.")
    complaint.refresh_from_db()
    assert complaint.status == Status.REJECTED
    assert complaint.events.filter(action="approve_rejection", actor__username="dpo_A").exists()


@pytest.mark.django_db(transaction=True)
def test_an_officer_of_another_district_cannot_open_the_complaint(live_server, browser_page):
    build_force()
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(unit="SA1"))
    page = browser_page
    sign_in(page, live_server, "dpo_B")
    assert page.locator(f"text={complaint.etag_display}").count() == 0
    response = page.goto(f"{live_server.url}/officer/complaints/{complaint.etag}/")
    assert response.status == 404
    assert page.locator(f"text={complaint.etag_display}").count() == 0
    # Posting an action by URL is refused the same way and changes nothing.
    response = page.request.post(f"{live_server.url}/officer/complaints/{complaint.etag}/actions/add_note/",
                                 form={"text": "trying"})
    assert response.status in (403, 404)
    assert Complaint.objects.get(pk=complaint.pk).events.count() == 1
