"""An 8787 agent's call in a real browser: the telephone system reports the call ringing, the console pops up
the caller's history on its own (polling, no inline script), the agent opens the caller, looks at a complaint
and registers a new one, then closes the call with one click. Screenshots go to test-artifacts/."""

import json
import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from shikayat.calls.models import Call, CallComplaint, Extension, Outcome, Purpose, State
from shikayat.calls.telephony import sign
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM

from ..factories import build_force, complaint_data
from .signin import open_menu_link, sign_in

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
TOKEN = "telephony-secret-0123456789"


@pytest.mark.django_db(transaction=True)
def test_an_agents_call_from_ringing_to_closed(live_server, browser_page, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "TELEPHONY_TOKEN": TOKEN}
    force = build_force()
    Extension.objects.create(number="2101", agent=force.officers["agent"])
    earlier = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(mobile="03001234567"))
    page = browser_page
    ARTIFACTS.mkdir(exist_ok=True)

    sign_in(page, live_server.url, "agent")
    open_menu_link(page, "/officer/call-centre/")
    page.wait_for_url("**/officer/call-centre/")
    assert page.locator("#ringing").is_hidden()

    # The telephone system says the caller's phone is ringing at the agent's extension.
    body = json.dumps({"event_id": "ev-1", "event": "ringing", "call_id": "pbx-1", "caller": "+923001234567",
                       "extension": "2101", "at": timezone.now().isoformat()}).encode()
    response = Client().post("/telephony/events/", body, content_type="application/json",
                             HTTP_X_SHIKAYAT_SIGNATURE=sign(body, TOKEN))
    assert response.status_code == 200

    # The console shows the ringing caller with their history, without a reload.
    ringing = page.locator("#ringing")
    ringing.locator(".ringing-history li").first.wait_for()
    assert "+923001234567" in ringing.inner_text() and earlier.etag_display in ringing.inner_text()
    page.screenshot(path=str(ARTIFACTS / "calls-ringing.png"), full_page=True)

    # The agent opens the caller: history listed, the call in progress.
    ringing.locator("a.open-caller").click()
    page.wait_for_selector("#caller")
    assert page.locator(f"#caller >> text={earlier.etag_display}").is_visible()
    call = Call.objects.get()
    assert call.state == State.OPEN
    page.locator(f"#call-{call.pk}").wait_for()

    # Looks at the earlier complaint's status, then registers a new one.
    page.fill("#status-query input[name=etag]", earlier.etag)
    page.locator("#status-query button").click()
    page.wait_for_url(re.compile(r".*etag=.*"))
    page.fill("#register input[name=name]", "Ali Raza")
    page.select_option("#register select[name=category]", "THEFT")
    page.select_option("#register select[name=unit]", "SA1")
    page.fill("#register input[name=incident_address]", "Near the grain market")
    page.fill("#register textarea[name=description]", "My motorcycle was stolen from outside the mosque.")
    page.click("#register-complaint")
    page.wait_for_url("**/officer/call-centre/registered/*/")
    new = Complaint.objects.get(channel="call_centre")
    assert dict(CallComplaint.objects.filter(call=call).values_list("complaint_id", "kind")) == {
        earlier.pk: "looked_at", new.pk: "registered"}

    # Back on the console the call is still open; one click closes it.
    page.goto(f"{live_server.url}/officer/call-centre/")
    form = page.locator(f"#call-{call.pk}")
    assert "2 complaints linked to this call." in form.inner_text()
    form.locator("select[name=purpose]").select_option(Purpose.NEW_COMPLAINT)
    form.locator("select[name=outcome]").select_option(Outcome.REGISTERED)
    page.screenshot(path=str(ARTIFACTS / "calls-close.png"), full_page=True)
    form.locator("button.close-call").click()
    page.wait_for_selector("text=is closed")
    assert page.locator(f"#call-{call.pk}").count() == 0
    call.refresh_from_db()
    assert (call.state, call.purpose, call.outcome) == (State.CLOSED, Purpose.NEW_COMPLAINT, Outcome.REGISTERED)

    # The call-centre dashboard counts it.
    open_menu_link(page, "/officer/calls/")
    page.wait_for_url("**/officer/calls/")
    assert page.locator("#totals .n-calls").inner_text() == "1"
    page.screenshot(path=str(ARTIFACTS / "calls-dashboard.png"), full_page=True)
