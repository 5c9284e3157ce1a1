"""Call records from the call-centre console: a look-up starts the call (a second look-up of the same number
stays on it), the complaints registered or looked at during it are linked, and one click closes it with why
the citizen called and what came of it. Calls and complaints here go through the real pages."""

import pytest

from shikayat.calls.models import Call, CallComplaint, Direction, Outcome, Purpose, State
from shikayat.complaints.models import Complaint

CALLER = "+923001234567"


@pytest.fixture
def agent(client, force):
    client.force_login(force.officers["agent"])
    return force.officers["agent"]


def register_by_phone(client, mobile="03001234567", submission="s-1"):
    return client.post("/officer/call-centre/register/", {
        "submission": submission, "mobile": mobile, "name": "Ali Raza", "language": "en", "category": "THEFT",
        "unit": "SA1", "incident_address": "Near the grain market",
        "description": "My motorcycle was stolen from outside the mosque after prayers."})


def test_a_look_up_starts_a_call_and_a_second_look_up_stays_on_it(client, agent):
    response = client.get("/officer/call-centre/", {"mobile": "0300 1234567"})
    assert response.status_code == 200
    call = Call.objects.get()
    assert (call.caller, call.agent, call.state, call.direction) == (CALLER, agent, State.OPEN, Direction.INBOUND)
    assert call.answered_at is not None and call.closed_at is None
    assert f'id="call-{call.pk}"' in response.content.decode()

    client.get("/officer/call-centre/", {"mobile": CALLER})
    assert Call.objects.count() == 1


def test_a_bad_number_starts_no_call(client, agent):
    response = client.get("/officer/call-centre/", {"mobile": "0300-12"})
    assert response.status_code == 400
    assert not Call.objects.exists()


def test_complaints_registered_and_looked_at_during_the_call_are_linked(client, agent, new_complaint):
    older = new_complaint(mobile="03001234567")
    other = new_complaint(mobile="03211234567")  # looked at before the call: not linked
    client.get("/officer/call-centre/", {"etag": other.etag})
    client.get("/officer/call-centre/", {"mobile": CALLER})
    call = Call.objects.get()

    client.get("/officer/call-centre/", {"mobile": CALLER, "etag": older.etag})  # the status query
    assert register_by_phone(client).status_code == 302
    registered = Complaint.objects.get(channel="call_centre")

    links = dict(CallComplaint.objects.filter(call=call).values_list("complaint_id", "kind"))
    assert links == {older.pk: CallComplaint.Kind.LOOKED_AT, registered.pk: CallComplaint.Kind.REGISTERED}
    assert not CallComplaint.objects.filter(complaint=other).exists()


def test_one_click_closes_the_call_with_purpose_and_outcome(client, agent):
    client.get("/officer/call-centre/", {"mobile": CALLER})
    call = Call.objects.get()
    response = client.post(f"/officer/calls/{call.pk}/close/", {"purpose": Purpose.STATUS,
                                                                 "outcome": Outcome.RESOLVED, "caller": CALLER})
    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.state, call.purpose, call.outcome) == (State.CLOSED, Purpose.STATUS, Outcome.RESOLVED)
    assert call.closed_at is not None and call.ended_at is not None and call.handling_seconds >= 0

    # The next look-up of the same number is a new call.
    page = client.get("/officer/call-centre/", {"mobile": CALLER})
    assert Call.objects.count() == 2 and "is closed" in page.content.decode()


def test_closing_without_purpose_keeps_the_call_open_and_says_why(client, agent):
    client.get("/officer/call-centre/", {"mobile": CALLER})
    call = Call.objects.get()
    response = client.post(f"/officer/calls/{call.pk}/close/", {"purpose": "", "outcome": Outcome.RESOLVED,
                                                                 "caller": CALLER}, follow=True)
    assert "Choose why the citizen called." in response.content.decode()
    call.refresh_from_db()
    assert call.state == State.OPEN and call.purpose == "" and call.closed_at is None


def test_another_agents_call_cannot_be_closed(client, force):
    client.force_login(force.officers["agent"])
    client.get("/officer/call-centre/", {"mobile": CALLER})
    call = Call.objects.get()
    client.force_login(force.officers["cpo_cell"])  # the complaint cell may use the console, not close this
    client.post(f"/officer/calls/{call.pk}/close/", {"purpose": Purpose.STATUS, "outcome": Outcome.RESOLVED})
    call.refresh_from_db()
    assert call.state == State.OPEN


def test_a_call_back_closes_the_call_back_due(client, agent):
    client.get("/officer/call-centre/", {"mobile": CALLER})
    first = Call.objects.get()
    client.post(f"/officer/calls/{first.pk}/close/", {"purpose": Purpose.STATUS, "outcome": Outcome.CALL_BACK})
    first.refresh_from_db()
    assert first.callback_due is not None and first.callback_done_at is None

    client.get("/officer/call-centre/", {"mobile": CALLER, "callback": first.pk})
    back = Call.objects.exclude(pk=first.pk).get()
    assert back.direction == Direction.CALLBACK and back.answers == first
    client.post(f"/officer/calls/{back.pk}/close/", {"purpose": Purpose.STATUS, "outcome": Outcome.RESOLVED})
    first.refresh_from_db()
    assert first.callback_done_at is not None


def test_officers_without_a_call_centre_posting_get_no_console_or_call(client, force):
    client.force_login(force.officers["sho_A"])
    assert client.get("/officer/call-centre/", {"mobile": CALLER}).status_code == 403
    assert client.get("/officer/calls/live/").status_code == 403
    assert not Call.objects.exists()
