"""The district's supervisor revokes a granted permission from the folded card on its page, in a real browser."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shikayat.accounts.models import Rank, Role
from shikayat.complaints.permissions import CitizenActor
from shikayat.permits import actions

from ..factories import build_force, officer
from .signin import sign_in


@pytest.mark.django_db(transaction=True)
def test_the_supervisor_unfolds_the_card_and_revokes(live_server, browser_page):
    force = build_force()
    branch = officer("sb_A", Rank.INSPECTOR, [(force.units["dA"], Role.SPECIAL_BRANCH)])
    row = actions.apply(actor=CitizenActor(mobile="+923001234567", credential="otp"), data={
        "kind": "rally", "title": "Kissan rally", "date": (timezone.localdate() + timedelta(days=20)).isoformat(),
        "start": "10:00", "end": "13:00", "venue": "Nasir Bagh, Lahore", "station": "SA1", "attendance": "1500",
        "organisers": [{"name": "Chaudhry Anwar", "id_number": "35202-1111111-1", "mobile": "03001112223",
                        "address": "Shadman, Lahore"}]})
    actions.report(row, actor=force.officers["sho_A"], step="station", objection=False)
    actions.report(row, actor=branch, step="branch", objection=False)
    actions.decide(row, actor=force.officers["dpo_A"], grant=True, conditions="Ends by 13:00")
    page = browser_page
    sign_in(page, live_server.url, "dpo_A")
    page.goto(f"{live_server.url}/officer/permits/{row.etag}/")
    assert not page.locator("#id_reasons").is_visible()  # folded
    page.click("#revoke summary")
    page.fill("#id_reasons", "Section 144 imposed in the district")
    page.locator("#revoke button[type=submit]").click()
    page.wait_for_selector("#id_reasons")  # not ticked: shown again, open, with what was typed
    assert page.input_value("#id_reasons") == "Section 144 imposed in the district"
    page.check("#id_confirm")
    page.locator("#revoke button[type=submit]").click()
    page.wait_for_selector("#revoked")
    assert page.locator("#status").inner_text().strip() == "Revoked"
    assert page.locator("#revoke").count() == 0
