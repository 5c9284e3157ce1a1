"""The public performance pages in a real browser: in Urdu at 360 px they render right to left, their figures
in view, nothing scrolling sideways; screenshots in each language on a phone and a desk for a look."""

from pathlib import Path

import pytest
from django.core.management import call_command

from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.dashboards.rollup import fold_pending
from shikayat.jurisdictions.models import Unit

from .test_phone_layout import OVERFLOW

SHOTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts" / "issue24"
PAGES = {"province": "/performance/", "district": "/performance/LHR/", "station": "/performance/LHR-MDT-MDT/",
         "schema": "/performance/data/"}


@pytest.fixture
def punjab(db):
    call_command("load_demo", complaints=0, verbosity=0)
    for n in range(3):
        register_complaint(actor=SYSTEM, channel="web", data={
            "category": "CRIME-VEHICLE-THEFT", "description": "My motorcycle was stolen from outside the mosque.",
            "name": "Ali Raza", "mobile": f"0300123456{n}", "unit": "LHR-MDT-MDT", "language": "ur"})
    fold_pending()


def _visit(page, url: str, lang: str, width: int, name: str):
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": url}])
    page.set_viewport_size({"width": width, "height": 900})
    SHOTS.mkdir(parents=True, exist_ok=True)
    found = {}
    for kind, path in PAGES.items():
        response = page.goto(f"{url}{path}")
        assert response.status == 200, path
        page.screenshot(path=str(SHOTS / f"{name}-{kind}.png"), full_page=True)
        found[kind] = page.evaluate(OVERFLOW)
    return found


def test_the_urdu_page_renders_on_a_360_px_phone(live_server, browser_page, punjab):
    page = browser_page
    found = _visit(page, live_server.url, "ur", 360, "ur-360")
    for kind, fit in found.items():
        assert fit["scroll"] <= fit["width"], f"{kind} scrolls sideways: {fit}"
    page.goto(f"{live_server.url}/performance/LHR-MDT-MDT/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    figures = page.locator("#public-figures")
    assert figures.is_visible()
    station = Unit.objects.get(code="LHR-MDT-MDT")
    received = Complaint.objects.filter(unit_path__startswith=station.path).count()
    assert received and page.locator("#fig-received").inner_text() == str(received)
    assert page.locator("#by-category").count() == 0  # a station: no breakdown by category
    page.goto(f"{live_server.url}/performance/LHR/")
    assert page.locator("#by-category").is_visible()


@pytest.mark.parametrize(("lang", "width"), [("en", 360), ("hi", 360), ("en", 1280), ("ur", 1280), ("hi", 1280)])
def test_screenshots_in_each_language(live_server, browser_page, punjab, lang, width):
    found = _visit(browser_page, live_server.url, lang, width, f"{lang}-{width}")
    for kind, fit in found.items():
        assert fit["scroll"] <= fit["width"], f"{kind} in {lang} at {width} px scrolls sideways: {fit}"
