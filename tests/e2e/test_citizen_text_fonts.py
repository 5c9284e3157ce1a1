"""A citizen's Urdu or Hindi shows on an officer's English pages in the bundled fonts, never as boxes: the browser
says which font drew each glyph of the text (Chrome DevTools' CSS.getPlatformFontsForNode), whatever fonts the
machine has (this one has none for Arabic script or Devanagari: its DejaVu Sans lacks ہ and ے)."""

import pytest

from shikayat.complaints.intake import register_complaint
from shikayat.complaints.permissions import SYSTEM

from ..factories import build_force, complaint_data
from .signin import sign_in

URDU = "ہماری گلی سے کل رات موٹر سائیکل چوری ہو گئی ہے، براہ کرم مدد کیجیے۔"
URDU_NAME = "علی رضا"
HINDI = "कल रात हमारी गली से मोटरसाइकिल चोरी हो गई है, कृपया मदद कीजिए।"


def _fonts_drawing(page, cdp, text: str) -> list[dict]:
    """The fonts that drew the innermost element holding `text`, with how many glyphs each drew."""
    page.locator("main *", has_text=text).last.evaluate("el => el.setAttribute('data-probe', '')")
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "[data-probe]"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    page.evaluate("document.querySelector('[data-probe]').removeAttribute('data-probe')")
    return fonts


def _assert_drawn_by(fonts: list[dict], family: str, *, spaces: int):
    bundled = [f for f in fonts if f["familyName"] == family and f["isCustomFont"]]
    others = sum(f["glyphCount"] for f in fonts if f not in bundled)
    assert bundled and bundled[0]["glyphCount"] > 0 and others <= spaces, fonts


@pytest.mark.django_db(transaction=True)
def test_officer_english_page_draws_citizens_urdu_and_hindi_in_the_bundled_fonts(live_server, browser_page):
    # given complaints lodged in Urdu and in Hindi, and an officer whose pages are in English
    build_force()
    urdu = register_complaint(actor=SYSTEM, channel="web",
                              data=complaint_data(description=URDU, name=URDU_NAME, language="ur"))
    hindi = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(description=HINDI, language="hi"))
    page = browser_page
    sign_in(page, live_server.url, "cell_A", lands="**/officer/complaints/")
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")

    # when the officer opens each complaint
    page.goto(f"{live_server.url}/officer/complaints/{urdu.etag}/")
    assert page.locator("html[lang=en]").count() == 1
    page.evaluate("document.fonts.ready")
    # then every Urdu letter (description and name) is drawn by the bundled Naskh face; only the spaces, outside
    # its unicode-range, come from the machine's font
    for text in (URDU, URDU_NAME):
        _assert_drawn_by(_fonts_drawing(page, cdp, text), "Noto Naskh Arabic", spaces=text.count(" "))
    assert page.evaluate("""[...document.fonts].filter(f => f.family.includes('Noto Naskh Arabic'))
                            .map(f => f.status)""") == ["loaded"]

    page.goto(f"{live_server.url}/officer/complaints/{hindi.etag}/")
    page.evaluate("document.fonts.ready")
    # and every Hindi letter by the bundled Devanagari face (the spaces and the comma by the machine's font)
    _assert_drawn_by(_fonts_drawing(page, cdp, HINDI), "Noto Sans Devanagari", spaces=HINDI.count(" ") + 1)
