"""Closing authority in a real browser: the DPO who proposed a resolution finds no button to approve it, the
approvals list leaves it out for him, and the IGP approves it from the page; the complaint cell reaches an
unmarked complaint's complainant (or records the failed attempts) before it may merge it."""

import time

import pytest

from shikayat.complaints import actions
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.complaints.workflow import Status

from ..factories import build_force, complaint_data
from .test_officer_workspace import act, sign_in, sign_out


@pytest.mark.django_db(transaction=True)
def test_the_proposer_finds_no_approve_button_and_another_officer_approves(live_server, browser_page):
    force = build_force()
    o = force.officers
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data())
    complaint = actions.assign(complaint, actor=o["cell_A"], officer=o["sho_A"])
    complaint = actions.log_contact(complaint, actor=o["sho_A"], method="call", outcome="Took his statement.")
    complaint = actions.log_field_visit(complaint, actor=o["sho_A"], findings="Saw the lock broken.")
    actions.propose_resolution(complaint, actor=o["dpo_A"], resolution="The motorcycle was recovered.")
    page = browser_page

    sign_in(page, live_server, "dpo_A")
    page.goto(f"{live_server.url}/officer/complaints/{complaint.etag}/")
    assert page.locator("form[action$='/actions/return_resolution/']").count() == 1  # he may send it back
    assert page.locator("form[action$='/actions/approve_resolution/']").count() == 0
    page.goto(f"{live_server.url}/officer/complaints/?box=approvals")
    assert page.locator(f"text={complaint.etag_display}").count() == 0
    sign_out(page)

    sign_in(page, live_server, "igp")
    page.goto(f"{live_server.url}/officer/complaints/{complaint.etag}/")
    act(page, "approve_resolution", {"note": "Recovery memo seen."})
    page.wait_for_selector("text=Approve resolution and ask the citizen: done.")
    assert Complaint.objects.get(pk=complaint.pk).status == Status.AWAITING_FEEDBACK


@pytest.mark.django_db(transaction=True)
def test_the_cell_merges_only_after_trying_the_complainant(live_server, browser_page):
    force = build_force()
    original = register_complaint(actor=SYSTEM, channel="web", data=complaint_data())
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data())
    page = browser_page
    sign_in(page, live_server, "cell_A")
    page.goto(f"{live_server.url}/officer/complaints/{complaint.etag}/")

    act(page, "mark_duplicate", {"original_etag": original.etag_display})
    page.wait_for_selector("text=without hearing the complainant")
    assert Complaint.objects.get(pk=complaint.pk).status == Status.REGISTERED

    for attempt in range(1, 4):
        act(page, "record_contact_attempt", {"outcome": "switched_off"})
        _until(lambda n=attempt: _attempts(complaint) == n)  # this attempt recorded before the next click
        page.wait_for_selector("text=Complainant could not be reached: done.")
    act(page, "mark_duplicate", {"original_etag": original.etag_display})
    page.wait_for_selector("text=Merge as duplicate: done.")
    merged = Complaint.objects.get(pk=complaint.pk)
    assert merged.status == Status.MERGED and merged.duplicate_of == original
    assert set(merged.events.filter(action="record_contact_attempt").values_list("actor", flat=True)) == {
        force.officers["cell_A"].pk}


def _attempts(complaint) -> int:
    return complaint.events.filter(action="record_contact_attempt").count()


def _until(done, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, "the page did not record the step in time"
        time.sleep(0.05)
