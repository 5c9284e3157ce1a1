"""The accountability branch in a real browser: an officer of the branch
finds the SHO among the officers accused, opens his record, and from it the
complaint page with its enquiry section (screenshot in test-artifacts/)."""

import pytest

from shikayat.accountability.models import AccessLog, Accused
from shikayat.accounts.models import User
from shikayat.complaints import actions
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.permissions import SYSTEM

from ..factories import build_force, complaint_data
from .signin import open_menu_link
from .test_officer_workspace import ARTIFACTS, sign_in


@pytest.mark.django_db(transaction=True)
def test_the_branch_opens_an_officers_record_and_the_enquiry(live_server, browser_page):
    build_force()
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(
        category="AGAINST-POLICE", unit="SA1", accused=[{"officer": "sho_A"}],
        description="The SHO of the station took Rs 5000 and still refused to register my FIR."))
    o = {u.username: u for u in User.objects.all()}
    actions.assign(complaint, actor=o["dpo_A"], officer=o["acc_A"])
    accused = Accused.objects.get(complaint=complaint)
    page = browser_page
    ARTIFACTS.mkdir(exist_ok=True)

    sign_in(page, live_server, "acc_A")
    open_menu_link(page, "/officer/accountability/officers/")
    page.wait_for_url("**/officer/accountability/officers/")
    page.fill("#q", "sho_A")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**q=sho_A**")
    page.click("#officers a[href='/officer/accountability/officers/sho_A/']")
    page.wait_for_url("**/officer/accountability/officers/sho_A/")
    record = page.locator(f"#c-{complaint.etag}")
    assert record.is_visible() and complaint.etag_display in record.inner_text()
    assert AccessLog.objects.filter(complaint=complaint, user=o["acc_A"], via="record").exists()

    record.locator(f"a[href='/officer/complaints/{complaint.etag}/']").click()
    page.wait_for_url(f"**/officer/complaints/{complaint.etag}/")
    section = page.locator("#enquiry")
    assert section.is_visible()
    assert f"#{accused.pk}" in section.locator("#accused").inner_text()
    assert "Initial enquiry" in section.inner_text()
    # The action forms below ask for these numbers: the page shows them.
    assert page.locator("form[action$='/actions/submit_enquiry_report/']").count() == 1
    page.screenshot(path=str(ARTIFACTS / "accountability.png"), full_page=True)
