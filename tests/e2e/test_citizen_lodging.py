"""End to end in a real browser, in each language: verify the mobile, lodge
a complaint, get the E-tag, an officer works it, the citizen confirms."""

from pathlib import Path

import pytest

from shikayat.complaints.models import Complaint
from shikayat.complaints.workflow import Status
from shikayat.demo.journey import Cast, advance

from ..factories import build_force
from .signin import verify_mobile

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
TEXT = {
    "ur": {"description": "کل رات میری موٹر سائیکل گھر کے باہر سے چوری ہو گئی۔", "name": "علی رضا",
           "done": "آپ کا ای ٹیگ نمبر", "thanks": "شکریہ۔ آپ کا جواب درج کر لیا گیا ہے۔"},
    "hi": {"description": "कल रात मेरी मोटरसाइकिल घर के बाहर से चोरी हो गई।", "name": "अली रज़ा",
           "done": "आपका ई-टैग नंबर", "thanks": "धन्यवाद। आपका उत्तर दर्ज कर लिया गया है।"},
    "en": {"description": "My motorcycle was stolen from outside my house last night.", "name": "Ali Raza",
           "done": "Your E-tag number", "thanks": "Thank you. Your answer has been recorded."},
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["ur", "hi", "en"])
def test_citizen_lodges_tracks_and_confirms(live_server, browser_page, lang):
    force = build_force()
    page, text = browser_page, TEXT[lang]
    ARTIFACTS.mkdir(exist_ok=True)

    page.goto(f"{live_server.url}/")
    page.select_option("select[name=language]", lang)
    page.wait_for_selector(f"html[lang={lang}]")
    verify_mobile(page, live_server.url, "03001234567")
    page.select_option("select[name=category]", "THEFT")
    page.fill("textarea[name=description]", text["description"])
    page.select_option("select[name=unit]", "SA1")
    page.fill("input[name=name]", text["name"])
    if lang == "ur":
        page.screenshot(path=str(ARTIFACTS / "lodge-form-ur.png"), full_page=True)
    page.click("#submit-complaint")
    page.wait_for_selector(f"text={text['done']}")
    complaint = Complaint.objects.get()
    assert page.locator(f"text={complaint.etag_display}").is_visible()
    page.screenshot(path=str(ARTIFACTS / f"lodged-{lang}.png"), full_page=True)
    assert complaint.language == lang and complaint.description == text["description"]

    o = force.officers
    advance(complaint, Status.AWAITING_FEEDBACK,
            Cast(cell=o["cell_A"], officer=o["sho_A"], supervisor=o["dpo_A"], agent=o["agent"]))

    page.goto(f"{live_server.url}/my-complaints/")
    page.click(f"text={complaint.etag_display}")
    page.check("input[name=satisfied][value=yes]")
    page.select_option("select[name=rating]", "4")
    page.click("form[action$='/feedback/'] button")
    page.wait_for_selector(f"text={text['thanks']}")
    page.screenshot(path=str(ARTIFACTS / f"closed-{lang}.png"), full_page=True)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED and complaint.satisfaction_rating == 4
