"""A citizen appeals a rejection from their own page in a real browser (issue 18, part C).
Screenshots go to test-artifacts/."""

from pathlib import Path

import pytest

from shikayat.complaints.links import tracking_token
from shikayat.complaints.models import Complaint
from shikayat.complaints.workflow import Status
from shikayat.demo.journey import Cast, advance

from ..factories import build_force, complaint_data

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"


@pytest.mark.django_db(transaction=True)
def test_citizen_appeals_a_rejection_from_the_link_in_their_sms(live_server, browser_page):
    from shikayat.complaints.intake import register_complaint
    from shikayat.complaints.permissions import SYSTEM

    force = build_force()
    o = force.officers
    complaint = advance(register_complaint(actor=SYSTEM, channel="web", data=complaint_data()), Status.REJECTED,
                        Cast(cell=o["cell_A"], officer=o["sho_A"], supervisor=o["dpo_A"], agent=o["agent"]))
    page = browser_page
    page.goto(f"{live_server.url}/track/link/{tracking_token(complaint.etag, sent_by='sms')}/")
    page.wait_for_selector("#appeal")
    page.fill("#appeal textarea[name=grounds]", "It is not a civil matter: my motorcycle was stolen.")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "citizen-appeal.png"), full_page=True)
    page.click("#appeal button[type=submit]")
    page.wait_for_selector("text=Your appeal has been recorded. Your complaint is now with R1.")
    assert page.locator("#appeal").count() == 0 and page.locator(".status").inner_text() == "Reopened"
    page.screenshot(path=str(ARTIFACTS / "citizen-appealed.png"), full_page=True)
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.status == Status.REOPENED and complaint.unit.code == "R1"
    assert complaint.events.get(action="appeal").data["credential"] == "sms_link"
