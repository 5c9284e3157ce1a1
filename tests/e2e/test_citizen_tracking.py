"""A citizen follows and answers their complaint in a real browser, in Urdu
and in Hindi. Screenshots go to test-artifacts/."""

from pathlib import Path

import pytest

from shikayat.complaints.links import tracking_token
from shikayat.complaints.models import Complaint
from shikayat.complaints.workflow import Status
from shikayat.demo.journey import Cast, advance

from ..factories import build_force, complaint_data

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"


def _awaiting_feedback():
    from shikayat.complaints.intake import register_complaint
    from shikayat.complaints.permissions import SYSTEM

    force = build_force()
    o = force.officers
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data())
    return advance(complaint, Status.AWAITING_FEEDBACK,
                   Cast(cell=o["cell_A"], officer=o["sho_A"], supervisor=o["dpo_A"], agent=o["agent"]))


def _choose_language(page, code):
    page.select_option("select[name=language]", code)
    page.wait_for_selector(f"html[lang={code}]")


@pytest.mark.django_db(transaction=True)
def test_urdu_citizen_confirms_satisfaction_from_the_sms_link(live_server, browser_page):
    complaint = _awaiting_feedback()
    page = browser_page
    page.goto(f"{live_server.url}/")
    _choose_language(page, "ur")
    sent_by_sms = tracking_token(complaint.etag, sent_by="sms")  # the link in the acknowledgement SMS
    page.goto(f"{live_server.url}/track/link/{sent_by_sms}/")
    page.wait_for_selector("html[dir=rtl]")
    assert page.locator("text=آپ کی رائے کا انتظار ہے").first.is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "citizen-status-ur.png"), full_page=True)
    page.check("input[name=satisfied][value=yes]")
    page.select_option("select[name=rating]", "5")
    page.fill("textarea[name=comment]", "بہت شکریہ، موٹر سائیکل مل گئی۔")
    page.click("form[action$='/feedback/'] button")
    page.wait_for_selector("text=شکریہ۔ آپ کا جواب درج کر لیا گیا ہے۔")
    page.screenshot(path=str(ARTIFACTS / "citizen-closed-ur.png"), full_page=True)
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.status == Status.CLOSED and complaint.satisfaction_rating == 5


@pytest.mark.django_db(transaction=True)
def test_hindi_citizen_tracks_with_etag_and_mobile(live_server, browser_page):
    complaint = _awaiting_feedback()
    page = browser_page
    page.goto(f"{live_server.url}/track/")
    _choose_language(page, "hi")
    page.fill("input[name=etag]", complaint.etag_display[:-1] + ("0" if complaint.etag[-1] != "0" else "1"))
    page.fill("input[name=mobile]", "0300 1234567")
    page.click("form button[type=submit] >> nth=-1")
    page.wait_for_selector("text=टाइपिंग की गलती")
    assert page.input_value("input[name=mobile]") == "0300 1234567"  # the citizen's input is kept
    page.fill("input[name=etag]", complaint.etag_display)
    page.click("form button[type=submit] >> nth=-1")
    page.wait_for_selector("text=आपकी प्रतिक्रिया की प्रतीक्षा")
    assert page.locator("text=अपनी प्रतिक्रिया देने के लिए अपना मोबाइल नंबर सत्यापित करें").is_visible()
    page.screenshot(path=str(ARTIFACTS / "citizen-status-hi.png"), full_page=True)
