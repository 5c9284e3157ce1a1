"""Quality grading in a real browser: the district complaint cell opens its list to grade, grades a closed
complaint poor on the complaint's page (first forgetting the remarks, which the page asks for without losing
the rest), and the officer's record shows the poor grade."""

import pytest
from django.test import override_settings

from shikayat.complaints.intake import register_complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.complaints.workflow import Status
from shikayat.dashboards import league
from shikayat.demo.journey import Cast, advance

from ..factories import build_force, complaint_data
from .signin import open_menu_link
from .test_officer_workspace import sign_in


@pytest.mark.django_db(transaction=True)
@override_settings(SHIKAYAT={**league.settings.SHIKAYAT, "QUALITY_SAMPLE_PERCENT": 100})
def test_the_cell_grades_a_closed_complaint_poor(live_server, browser_page):
    force = build_force()
    o = force.officers
    cast = Cast(cell=o["cell_A"], officer=o["sho_A"], supervisor=o["dpo_A"], agent=o["agent"])
    closed = advance(register_complaint(actor=SYSTEM, channel="web", data=complaint_data()), Status.CLOSED, cast)
    page = browser_page
    sign_in(page, live_server, "cell_A")
    open_menu_link(page, "/officer/quality/")
    page.wait_for_url("**/officer/quality/")
    page.click(f"#to-grade a:has-text('{closed.etag_display}')")
    page.wait_for_url(f"**/officer/complaints/{closed.etag}/**")
    form = page.locator("#quality-form")
    form.locator("select[name=grade]").select_option("poor")
    for name, answer in (("contact_made", "yes"), ("visit_made", "no"), ("action_proportionate", "no"),
                         ("treated_well", "yes")):
        form.locator(f"select[name={name}]").select_option(answer)
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#quality-form [role=alert]")
    assert "Say why the disposal was poor" in page.locator("#quality-form").inner_text()
    assert page.locator("#quality-form select[name=grade]").input_value() == "poor"  # nothing typed was lost
    assert page.locator("#quality-form select[name=visit_made]").input_value() == "no"
    page.fill("#quality-remarks", "Closed on paper: nobody visited the place.")
    page.locator("#quality-form button[type=submit]").click()
    page.wait_for_selector("#quality-grade")
    assert "Poor" in page.locator("#quality-grade").inner_text()

    page.goto(f"{live_server.url}/officer/dashboard/officer/sho_A/")
    assert closed.etag_display in page.locator("#poor-grades").inner_text()
