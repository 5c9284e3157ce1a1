"""An officer signs in and works a complaint in a real browser."""

import pytest

from shikayat.complaints.models import Complaint
from shikayat.complaints.workflow import Status

from ..factories import build_force


@pytest.mark.django_db(transaction=True)
def test_complaint_cell_marks_a_complaint_and_the_timeline_shows_it(live_server, browser_page, tmp_path):
    from shikayat.complaints.intake import register_complaint
    from shikayat.complaints.permissions import SYSTEM

    from ..factories import complaint_data

    build_force()
    complaint = register_complaint(actor=SYSTEM, channel="call_centre", data=complaint_data())
    other = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(unit="SB1"))
    page = browser_page

    page.goto(f"{live_server.url}/officer/login/")
    page.fill("#id_username", "cell_A")
    page.fill("#id_password", "wrong password")
    page.click("button[type=submit]")
    assert page.locator("text=Please enter a correct username and password").is_visible()
    page.fill("#id_username", "cell_A")
    page.fill("#id_password", "pass-word-123")
    page.click("button[type=submit]")

    page.wait_for_url("**/officer/complaints/")
    assert page.locator(f"text={complaint.etag_display}").is_visible()
    assert page.locator(f"text={other.etag_display}").count() == 0  # district B is out of scope

    page.click(f"text={complaint.etag_display}")
    page.select_option("#assign-officer", "sho_A")
    page.fill("#assign-note", "Please contact the complainant today.")
    page.locator("form[action$='/actions/assign/'] button").click()
    page.wait_for_selector("text=Mark to officer: done.")
    assert page.locator(".timeline li").count() == 2
    page.screenshot(path=str(tmp_path / "complaint.png"), full_page=True)
    assert Complaint.objects.get(pk=complaint.pk).status == Status.ASSIGNED

    page.select_option("select[name=language]", "ur")
    page.wait_for_selector("html[dir=rtl]")
    assert page.locator("text=تاریخ وار ریکارڈ").is_visible()

    response = page.goto(f"{live_server.url}/officer/complaints/{other.etag}/")
    assert response.status == 404
