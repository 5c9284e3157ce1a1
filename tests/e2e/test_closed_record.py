"""A citizen opens their closed complaint in Urdu, in a real browser: the
page keeps the resolution, their rating and comment, and every public step,
right to left, on a phone and on a desktop. Screenshots go to test-artifacts/."""

from pathlib import Path

import pytest
from django.db.models import Q

from shikayat.complaints import actions
from shikayat.complaints.links import tracking_token
from shikayat.complaints.workflow import Status
from shikayat.demo.journey import Cast, advance, citizen_of
from shikayat.updates import wording

from ..factories import build_force, complaint_data

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
RESOLUTION = "ملزم گرفتار کر لیا گیا اور چوری شدہ موٹر سائیکل برآمد کر کے آپ کے حوالے کر دی گئی۔"
COMMENT = "بہت شکریہ، موٹر سائیکل مل گئی۔ تھانے کا عملہ بہت تعاون کرنے والا تھا۔"


def _closed_with_a_rating_of_four():
    from shikayat.complaints.intake import register_complaint
    from shikayat.complaints.permissions import SYSTEM

    o = build_force().officers
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(language="ur"))
    complaint = advance(complaint, Status.AWAITING_FEEDBACK,
                        Cast(cell=o["cell_A"], officer=o["sho_A"], supervisor=o["dpo_A"], agent=o["agent"]),
                        texts={"resolution": RESOLUTION})
    return actions.record_feedback(complaint, actor=citizen_of(complaint), satisfied=True, rating=4,
                                   comment=COMMENT)


@pytest.mark.django_db(transaction=True)
def test_an_urdu_citizens_closed_complaint_keeps_its_resolution_and_rating(live_server, browser_page):
    # Given a complaint the citizen closed with a rating of 4 and a comment, in Urdu
    complaint = _closed_with_a_rating_of_four()
    page = browser_page
    page.goto(f"{live_server.url}/")
    page.select_option("select[name=language]", "ur")
    page.wait_for_selector("html[lang=ur]")
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height in ((360, 740), (1280, 800)):
        page.set_viewport_size({"width": width, "height": height})
        # When they open it again from the link they were given
        page.goto(f"{live_server.url}/track/link/{tracking_token(complaint.etag)}/")
        page.wait_for_selector("html[dir=rtl]")
        # Then the outcome is there in Urdu, right to left: the resolution, their rating and their comment
        card = page.locator(".card.outcome")
        assert card.is_visible()
        assert card.locator("h2").inner_text() == "نتیجہ"
        assert RESOLUTION in card.locator(".resolution").inner_text()
        rating = card.locator(".rating").inner_text()
        assert "آپ کی درجہ بندی" in rating and "★★★★☆" in rating and "4/5" in rating
        assert COMMENT in card.locator(".comment").inner_text()
        assert card.evaluate("el => getComputedStyle(el).direction") == "rtl"
        # (the heading sits at the right edge of the card)
        box, heading = card.bounding_box(), card.locator("h2").bounding_box()
        assert box["x"] + box["width"] - (heading["x"] + heading["width"]) < 40
        # And the whole public timeline, up to its closing, is kept, in the words the citizen's messages used
        # (shikayat.updates.wording), the field visit told without its findings
        steps = page.locator("ol.timeline li")
        told = complaint.events.filter(Q(is_public=True) | Q(action="log_field_visit"))
        assert steps.count() == told.count() >= 6
        assert "بند" in steps.last.inner_text()
        for event, step in zip(told.order_by("at", "id"), steps.all(), strict=True):
            assert wording.line(event, complaint, "ur").text in step.inner_text()
        # And nothing is left to fill in: no page wider than the phone
        assert page.locator("form[action$='/feedback/']").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(ARTIFACTS / f"citizen-closed-record-ur-{width}.png"), full_page=True)
