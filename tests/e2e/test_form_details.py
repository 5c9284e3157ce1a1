"""In a real browser: the language switch works with JavaScript turned off, and "Use my location" (a granted
geolocation) names the police station it found in the page's language and chooses it in the form."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from shikayat.complaints.models import Complaint
from shikayat.notifications.models import OutboxMessage

from ..factories import build_force

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"


@pytest.mark.django_db(transaction=True)
def test_the_language_switch_works_without_javascript(live_server, chromium):
    build_force()
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/track/")
    button = page.locator(".language-form button[type=submit]")
    assert button.is_visible()  # the <noscript> button shows only without script
    for lang, direction in (("ur", "rtl"), ("hi", "ltr"), ("en", "ltr")):
        page.select_option("select[name=language]", lang)
        page.locator(".language-form button[type=submit]").click()
        page.wait_for_selector(f"html[lang={lang}][dir={direction}]")
        assert page.url == f"{live_server.url}/track/"  # back on the same page
        if lang == "ur":
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "language-switch-no-js-ur.png"), full_page=True)
    context.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang, station", [("ur", "SA2 ur"), ("hi", "SA2 hi"), ("en", "Sa2")])
def test_use_my_location_names_the_station_it_found(live_server, chromium, lang, station):
    build_force()
    context = chromium.new_context(geolocation={"latitude": 31.601, "longitude": 74.399},
                                   permissions=["geolocation"])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/")
    page.select_option("select[name=language]", lang)  # site.js submits it
    page.wait_for_selector(f"html[lang={lang}]")
    page.goto(f"{live_server.url}/lodge/")
    page.fill("input[name=mobile]", "03001234567")
    page.locator("form:has(input[name=step][value=send]) button").click()
    code = OutboxMessage.objects.filter(template="otp_code").latest("id").context["code"]
    page.fill("input[name=code]", code)
    page.locator("form:has(input[name=step][value=check]) button").click()

    page.click("#use-location")
    # expect() retries from Playwright's side: wait_for_function would poll with eval, which the page's CSP refuses.
    expect(page.locator("#location-note")).to_contain_text(station, timeout=15000)
    note = page.locator("#location-note").text_content()
    assert note != "✓" and station in note
    assert page.input_value("select[name=unit]") == "SA2"
    assert page.input_value("input[name=lat]") == "31.601000"
    if lang == "ur":
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "lodge-location-ur.png"), full_page=True)

    page.select_option("select[name=category]", "THEFT")
    page.fill("textarea[name=description]", "My motorcycle was stolen from outside my house last night.")
    page.fill("input[name=name]", "Ali Raza")
    page.click("#submit-complaint")
    page.wait_for_url("**/lodge/done/**")
    complaint = Complaint.objects.get()
    assert complaint.incident_unit.code == "SA2" and float(complaint.lat) == pytest.approx(31.601)
    context.close()
