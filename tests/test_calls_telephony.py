"""The telephone system's signed call events over real HTTP: ringing, answered, ended. Each event id is
processed once; a bad signature is a 401 and a bad payload a 400, and neither stores anything. The console's
live view shows the ringing caller's history at once."""

import json

import pytest
from django.test import Client

from shikayat.calls.models import Call, Extension, Outcome, State, TelephonyEvent
from shikayat.calls.telephony import sign

URL = "/telephony/events/"
TOKEN = "telephony-secret-0123456789"
CALLER = "+923001234567"


@pytest.fixture
def pbx(settings, force):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "TELEPHONY_TOKEN": TOKEN}
    Extension.objects.create(number="2101", agent=force.officers["agent"])
    client = Client(enforce_csrf_checks=True)  # a telephone system is no browser: CSRF must not be in its way

    def post(body: dict | bytes, signature: str | None = None):
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        return client.post(URL, raw, content_type="application/json",
                           HTTP_X_SHIKAYAT_SIGNATURE=sign(raw, TOKEN) if signature is None else signature)

    return post


def event(kind="ringing", event_id="ev-1", at="2026-12-05T10:15:00+05:00", **extra):
    return {"event_id": event_id, "event": kind, "call_id": "pbx-77", "caller": "0300 1234567",
            "extension": "2101", "at": at, **extra}


def stored():
    return Call.objects.count(), TelephonyEvent.objects.count()


def test_ringing_answered_ended_make_one_call(pbx, force):
    assert pbx(event()).status_code == 200
    call = Call.objects.get()
    assert (call.caller, call.agent, call.state, call.external_id) == (CALLER, force.officers["agent"],
                                                                       State.RINGING, "pbx-77")
    pbx(event("answered", "ev-2", at="2026-12-05T10:15:20+05:00"))
    pbx(event("ended", "ev-3", at="2026-12-05T10:19:20+05:00", recording="rec/2026/pbx-77.wav"))
    call.refresh_from_db()
    assert call.state == State.OPEN  # the agent still records purpose and outcome
    assert call.handling_seconds == 240 and call.recording_ref == "rec/2026/pbx-77.wav"
    assert stored() == (1, 3)


def test_a_redelivered_event_is_processed_once(pbx):
    first = pbx(event())
    pbx(event("answered", "ev-2", at="2026-12-05T10:15:20+05:00"))
    again = pbx(event())  # the ringing event again, after the call was answered
    assert first.json()["duplicate"] is False and again.json()["duplicate"] is True
    assert again.json()["call"] == first.json()["call"]
    assert stored() == (1, 2)
    assert Call.objects.get().state == State.OPEN  # not set back to ringing


def test_a_call_ended_before_an_answer_is_abandoned(pbx):
    pbx(event())
    pbx(event("ended", "ev-2", at="2026-12-05T10:15:40+05:00"))
    call = Call.objects.get()
    assert (call.state, call.outcome, call.answered_at) == (State.CLOSED, Outcome.ABANDONED, None)


@pytest.mark.parametrize("signature", ["", "sha256=" + "0" * 64, "wrong", None])
def test_a_bad_signature_is_refused_and_nothing_stored(pbx, signature):
    raw = json.dumps(event()).encode()
    if signature is None:  # signed with another key
        signature = sign(raw, "another-secret-0123456789")
    response = pbx(raw, signature=signature)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    assert stored() == (0, 0)


def test_a_body_changed_after_signing_is_refused(pbx):
    signature = sign(json.dumps(event()).encode(), TOKEN)
    assert pbx(event(caller="03211234567"), signature=signature).status_code == 401
    assert stored() == (0, 0)


@pytest.mark.parametrize(("body", "field"), [
    (event(kind="picked_up"), "event"),
    (event(caller="12"), "caller"),
    (event(at="yesterday"), "at"),
    (event(at="2026-12-05T10:15:00"), "at"),  # no UTC offset
    (event(extension="9999"), "extension"),
    (event(event_id=""), "event_id"),
    ({k: v for k, v in event().items() if k != "call_id"}, "call_id"),
    (event(caller=123), "caller"),
])
def test_a_bad_payload_is_a_400_naming_the_field_and_nothing_stored(pbx, body, field):
    response = pbx(body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert "nothing was stored" in error["message"] and field in error["fields"]
    assert stored() == (0, 0)


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]", b"\xff\xfe"])
def test_a_body_that_is_no_json_object_is_a_400(pbx, raw):
    response = pbx(raw)
    assert response.status_code == 400 and response.json()["error"]["message"]
    assert stored() == (0, 0)


def test_without_a_token_the_endpoint_says_it_is_not_configured(pbx, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "TELEPHONY_TOKEN": ""}
    assert pbx(event()).status_code == 503
    assert stored() == (0, 0)


def test_the_ringing_caller_pops_up_with_history_and_the_look_up_takes_the_call(pbx, client, force,
                                                                               new_complaint):
    complaint = new_complaint(mobile="03001234567")
    pbx(event())
    client.force_login(force.officers["agent"])
    live = client.get("/officer/calls/live/").json()["calls"]
    assert [(c["caller"], c["state"]) for c in live] == [(CALLER, "ringing")]
    assert [c["etag"] for c in live[0]["complaints"]] == [complaint.etag_display]

    client.get(live[0]["lookup"])  # the agent opens the caller: the same call, answered
    call = Call.objects.get()
    assert call.state == State.OPEN and call.answered_at is not None
    # The telephone system's own "answered" later does not start another call.
    pbx(event("answered", "ev-2", at="2026-12-05T10:15:20+05:00"))
    assert stored() == (1, 2)


def test_another_agent_does_not_see_the_ringing_call(pbx, client, force):
    pbx(event())
    client.force_login(force.officers["cpo_cell"])
    assert client.get("/officer/calls/live/").json() == {"calls": []}


def test_an_event_racing_another_of_the_same_new_call_joins_that_call(pbx, force, monkeypatch):
    # Given the "answered" event looked for its call just before the "ringing" event's delivery created it
    from shikayat.calls import telephony

    pbx(event())
    real, looks = telephony._call_for, []

    def looked_too_early(parsed):
        looks.append(parsed.event_id)
        if len(looks) == 1:
            return Call(caller=CALLER, agent=force.officers["agent"], started_at=parsed.at, external_id="pbx-77")
        return real(parsed)

    monkeypatch.setattr(telephony, "_call_for", looked_too_early)
    # When it is stored, the unique call id refuses the second call and the event is applied to the first
    parsed = telephony.parse(json.dumps(event("answered", "ev-2", at="2026-12-05T10:15:20+05:00")).encode())
    call, duplicate = telephony.receive(parsed)
    assert looks == ["ev-2", "ev-2"] and duplicate is False and stored() == (1, 2)
    assert Call.objects.get().state == State.OPEN and call.answered_at is not None
