"""The dashboard in a real browser: a district officer drills from the
district to a station and opens the overdue complaints behind the number,
then reads the dashboard in Urdu (screenshot in test-artifacts/)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shikayat.accounts.models import User
from shikayat.complaints import actions
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.permissions import SYSTEM

from ..factories import build_force, complaint_data
from .signin import open_menu_link
from .test_officer_workspace import ARTIFACTS, sign_in


@pytest.mark.django_db(transaction=True)
def test_district_officer_drills_to_the_overdue_complaints_of_a_station(live_server, browser_page):
    build_force()
    old = register_complaint(actor=SYSTEM, channel="web", now=timezone.now() - timedelta(days=12),
                             data=complaint_data(unit="SA1", mobile="03001110001"))
    fresh = register_complaint(actor=SYSTEM, channel="whatsapp", data=complaint_data(unit="SA1", mobile="03001110002"))
    elsewhere = register_complaint(actor=SYSTEM, channel="web", now=timezone.now() - timedelta(days=12),
                                   data=complaint_data(unit="SB1", mobile="03001110003"))
    o = {u.username: u for u in User.objects.all()}
    actions.assign(old, actor=o["cell_A"], officer=o["sho_A"])
    page = browser_page
    sign_in(page, live_server, "dpo_A")
    open_menu_link(page, "/officer/dashboard/")
    page.wait_for_url("**/officer/dashboard/")
    assert page.locator("#fig-pending").inner_text() == "2"
    assert page.locator("#fig-overdue").inner_text() == "1"

    page.click("a[href^='?unit=CA&']")
    page.wait_for_url("**unit=CA**")
    page.click("a[href^='?unit=SA1&']")
    page.wait_for_url("**unit=SA1**")
    assert page.locator("nav:not(#site-menu) [aria-current=page]").count() == 1  # the trail; the menu marks its own
    assert page.locator("#fig-pending").inner_text() == "2"
    assert page.locator("#fig-overdue").inner_text() == "1"

    page.click("#fig-overdue a")
    page.wait_for_url("**/officer/complaints/**overdue=1**")
    table = page.locator("table").first
    assert table.locator("tr", has_text=old.etag_display).count() == 1
    assert table.locator("tr", has_text=fresh.etag_display).count() == 0
    assert table.locator("tr", has_text=elsewhere.etag_display).count() == 0

    # The officer level: the SHO holding the old complaint, and the complaints behind their number.
    page.goto(f"{live_server.url}/officer/dashboard/?unit=SA1")
    page.click("a[href^='/officer/dashboard/officer/sho_A/']")
    page.wait_for_url("**/officer/dashboard/officer/sho_A/**")
    assert page.locator("#fig-pending").inner_text() == "1"
    page.click("#fig-overdue a")
    page.wait_for_url("**assignee=sho_A**")
    assert page.locator("table").first.locator("tr", has_text=old.etag_display).count() == 1

    # The league table of the district's stations, with the published score.
    page.goto(f"{live_server.url}/officer/dashboard/?unit=DA")
    page.click("text=League tables")
    page.wait_for_selector("#league")
    assert page.locator("#league tbody tr").count() == 2  # SA1 and SA2
    assert page.locator("details", has_text="weighted average").count() == 1

    page.goto(f"{live_server.url}/officer/dashboard/?unit=SA1")
    page.select_option("select[name=language]", "ur")
    page.wait_for_selector("html[lang=ur][dir=rtl]")
    assert page.locator("#fig-overdue").inner_text() == "1"
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Noto Nastaliq Urdu"')
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-ur.png"), full_page=True)
