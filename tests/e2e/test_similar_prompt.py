"""In a real browser: a citizen about to lodge what they already complained of sees their own open complaint's
E-tag, with what they typed still in the form, and adds it to that complaint instead of lodging a second one."""

import pytest

from shikayat.complaints import intake
from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.complaints.permissions import SYSTEM

from ..factories import build_force, complaint_data
from .signin import verify_mobile

URDU = "میرے گھر کے سامنے سے میری موٹر سائیکل چوری ہو گئی ہے، نمبر ایل ای ایس 1234، رات کو گلی میں کھڑی تھی"
ROMAN = "mere ghar ke samne se meri motor cycle chori ho gayi hai, number LES 1234, raat ko gali mein khari thi"


@pytest.mark.django_db(transaction=True)
def test_the_citizen_adds_to_their_own_similar_complaint_instead(live_server, browser_page):
    build_force()
    own = intake.register_complaint(actor=SYSTEM, channel="whatsapp",
                                    data=complaint_data(description=URDU, mobile="03001234567"))
    page = browser_page
    verify_mobile(page, live_server.url, "03001234567")
    page.select_option("select[name=category]", "THEFT")
    page.fill("textarea[name=description]", ROMAN)
    page.select_option("select[name=unit]", "SA1")
    page.fill("input[name=name]", "Ali Raza")
    page.click("#submit-complaint")

    hint = page.locator("#similar-hint")
    hint.wait_for()
    assert own.etag_display in hint.inner_text()
    assert page.input_value("textarea[name=description]") == ROMAN  # nothing typed was lost
    page.click("#similar-add")
    page.wait_for_url(f"**/track/{own.etag}/")
    assert "The information has been added to your complaint" in page.content()
    assert Complaint.objects.count() == 1
    assert ComplaintEvent.objects.get(complaint=own, action="add_information").note == ROMAN
