"""The main pages work under the strict Content-Security-Policy in a real
browser: the header arrives, the pages' scripts (the language menu, the
lodging form, the dashboard's period) still run, and the browser reports no
violation, while an inline style slipped into a page is reported (the
listener works)."""

import pytest
from django.conf import settings

from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.notifications.models import OutboxMessage

from ..factories import build_force, complaint_data
from .test_officer_workspace import sign_in, sign_out

LISTEN = """document.addEventListener("securitypolicyviolation", function (e) {
  window.reportViolation(location.pathname + ": " + e.violatedDirective + " " + (e.blockedURI || "inline"));
});"""


@pytest.fixture
def watched(browser_page):
    """The browser page, and every CSP violation it reports (DOM events and console errors alike)."""
    violations: list[str] = []
    page = browser_page
    page.expose_function("reportViolation", lambda text: violations.append(text))
    page.add_init_script(LISTEN)
    page.on("console", lambda message: violations.append(f"console: {message.text}")
            if "Content Security Policy" in message.text else None)
    return page, violations


def visit(page, url: str, violations: list[str]):
    response = page.goto(url)
    assert response.status == 200, url
    assert response.headers["content-security-policy"] == settings.SHIKAYAT["CONTENT_SECURITY_POLICY"], url
    page.wait_for_load_state("load")
    assert violations == [], violations
    return response


@pytest.mark.django_db(transaction=True)
def test_the_main_pages_work_under_the_policy_without_a_violation(live_server, watched):
    page, violations = watched
    build_force()
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(unit="SA1"))
    base = live_server.url

    visit(page, f"{base}/", violations)
    page.select_option("select[name=language]", "ur")  # site.js submits the language menu
    page.wait_for_selector("html[lang=ur]")
    page.select_option("select[name=language]", "en")
    page.wait_for_selector("html[lang=en]")

    visit(page, f"{base}/track/", violations)

    visit(page, f"{base}/lodge/", violations)
    page.fill("input[name=mobile]", "03001234567")
    page.locator("form:has(input[name=step][value=send]) button").click()
    code = OutboxMessage.objects.filter(template="otp_code").latest("id").context["code"]
    page.fill("input[name=code]", code)
    page.locator("form:has(input[name=step][value=check]) button").click()
    page.wait_for_selector("select[name=category]")
    page.wait_for_selector("#use-location", state="visible")  # lodge.js ran: the location button is offered
    page.select_option("select[name=category]", "THEFT")
    page.fill("textarea[name=description]", "My motorcycle was stolen from outside my house last night.")
    page.select_option("select[name=unit]", "SA1")
    page.fill("input[name=name]", "Ali Raza")
    page.click("#submit-complaint")
    page.locator("text=Your E-tag number").or_(page.locator("#similar-hint")).first.wait_for()
    if page.locator("#similar-hint").count():  # a similar complaint at this station: the citizen lodges theirs anyway
        page.click("#similar-new")
        page.wait_for_selector("text=Your E-tag number")
    assert Complaint.objects.count() == 2

    visit(page, f"{base}/officer/login/", violations)
    sign_in(page, live_server, "cell_A")
    visit(page, f"{base}/officer/complaints/", violations)
    visit(page, f"{base}/officer/complaints/{complaint.etag}/", violations)
    sign_out(page)

    sign_in(page, live_server, "dpo_A")
    visit(page, f"{base}/officer/dashboard/", violations)
    page.select_option("select[name=days]", index=0)  # site.js submits the period
    page.wait_for_url("**days=**")
    visit(page, f"{base}/officer/security/", violations)
    assert violations == [], violations

    # The listener hears a violation: an inline style slipped into the page is refused and reported.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')")
    page.wait_for_timeout(300)
    assert any("style-src" in violation for violation in violations), violations
