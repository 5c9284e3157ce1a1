"""A call-centre agent in a real browser: registers a phoned-in complaint and
reads out the E-tag, then works the feedback call-back queue. Screenshots go
to test-artifacts/."""

from pathlib import Path

import pytest

from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.complaints.workflow import Status

from ..factories import build_force, complaint_data
from ..journey import bring_to
from .signin import open_menu_link, sign_in

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"


@pytest.mark.django_db(transaction=True)
def test_agent_registers_a_call_and_records_feedback(live_server, browser_page):
    force = build_force()
    page = browser_page
    ARTIFACTS.mkdir(exist_ok=True)

    sign_in(page, live_server.url, "agent")
    open_menu_link(page, "/officer/call-centre/")
    page.wait_for_url("**/officer/call-centre/")

    # Look the caller up: a bad number is explained and kept, a good one prefills the form.
    page.fill("#lookup input[name=mobile]", "0300-12")
    page.locator("#lookup button").click()
    assert page.locator("text=is not a valid mobile number").is_visible()
    assert page.input_value("#lookup input[name=mobile]") == "0300-12"
    page.fill("#lookup input[name=mobile]", "0300 1234567")
    page.locator("#lookup button").click()
    page.wait_for_selector("#caller")
    assert page.input_value("#register input[name=mobile]") == "+923001234567"

    page.fill("#register input[name=name]", "Ali Raza")
    page.select_option("#register select[name=language]", "ur")
    page.select_option("#register select[name=category]", "THEFT")
    page.select_option("#register select[name=unit]", "SA1")
    page.fill("#register input[name=incident_address]", "Near the grain market")
    page.fill("#register textarea[name=description]", "My motorcycle was stolen from outside the mosque.")
    page.screenshot(path=str(ARTIFACTS / "call-centre-console.png"), full_page=True)
    page.click("#register-complaint")
    page.wait_for_url("**/officer/call-centre/registered/*/")
    complaint = Complaint.objects.get(channel="call_centre")
    assert page.locator("#etag").inner_text() == complaint.etag_display
    assert page.locator(f"text={'-'.join(complaint.etag[:4])}").is_visible()
    page.screenshot(path=str(ARTIFACTS / "call-centre-registered.png"), full_page=True)

    # Another complaint waits for the citizen's answer; the agent calls back.
    def new_complaint(**overrides):
        return register_complaint(actor=SYSTEM, channel="web", data=complaint_data(**overrides))

    waiting = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint, name="Bilal Ahmed", mobile="03211234567")
    page.goto(f"{live_server.url}/officer/call-centre/callbacks/")
    row = page.locator(f"#cb-{waiting.etag}")
    assert row.locator("text=+923211234567").is_visible() and row.locator("text=Bilal Ahmed").is_visible()
    row.locator("form.unreachable button").click()
    page.wait_for_selector("text=attempt 1 recorded")
    assert page.locator(f"#cb-{waiting.etag} .attempts").inner_text() == "1"

    row = page.locator(f"#cb-{waiting.etag}")
    row.locator("form.satisfied select[name=rating]").select_option("4")
    page.screenshot(path=str(ARTIFACTS / "call-centre-callbacks.png"), full_page=True)
    row.locator("form.satisfied button").click()
    page.wait_for_selector("text=the complaint is closed")
    assert page.locator(f"#cb-{waiting.etag}").count() == 0
    page.screenshot(path=str(ARTIFACTS / "call-centre-callback-done.png"), full_page=True)

    waiting.refresh_from_db()
    assert waiting.status == Status.CLOSED and waiting.satisfaction_rating == 4 and waiting.feedback_attempts == 1
