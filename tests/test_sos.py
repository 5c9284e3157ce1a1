"""SOS from WhatsApp: "SOS", "مدد", "मदद" alone (or a live location) at any step raise an alert for the nearest
station; the citizen is told the emergency helpline and the station's number in their language; a repeat
updates the alert; location updates attach to it while the live location lasts; the station's officers and the
call centre's duty number are messaged ahead of any backlog, at once; the console shows the alarm until one
agent acknowledges it."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from shikayat.accounts.models import Rank, Role
from shikayat.bot import sos as bot_sos
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.core.errors import InvalidInput
from shikayat.demo import sos as demo_sos
from shikayat.information.models import Helpline
from shikayat.notifications import delivery, outbox
from shikayat.notifications.messages import render
from shikayat.notifications.models import OutboxMessage
from shikayat.sos import actions, selectors
from shikayat.sos.models import SosAlert, SosEvent, SosLocation
from shikayat.sos.tasks import deliver_alert
from shikayat.whatsapp.parse import incoming_from

from .factories import complaint_data, officer
from .test_bot import Chat, texts

# A square around station SA1 (31.50, 74.30) in the test force: its area.
SA1_AREA = [[74.25, 31.45], [74.35, 31.45], [74.35, 31.55], [74.25, 31.55], [74.25, 31.45]]
DUTY = "+923000008787"


@pytest.fixture
def sos_force(force, settings):
    """The test force with SA1's area and telephone, its SHO and front desk reachable by mobile, the emergency
    helpline listed first, and the call centre's duty number."""
    u, o = force.units, force.officers
    u["sA1"].area, u["sA1"].phone = SA1_AREA, "042-111-0001"
    u["sA1"].save()
    u["sA2"].phone = "042-111-0002"
    u["sA2"].save()
    for name, mobile in (("sho_A", "+923001110001"), ("desk_A", "+923001110002")):
        o[name].mobile = mobile
        o[name].save()
    o["sho_A"].preferred_language = "ur"
    o["sho_A"].save()
    Helpline.objects.create(number="15", name_en="Police emergency", sort_order=0)
    Helpline.objects.create(number="1122", name_en="Rescue", sort_order=1)
    settings.SHIKAYAT = {**settings.SHIKAYAT, "SOS_DUTY_NUMBERS": DUTY, "SOS_REPEAT_MINUTES": 10,
                         "SOS_LIVE_MINUTES": 10, "BOT_IDLE_MINUTES": 30}
    return force


def said(lang: str, message: str, **values) -> str:
    with translation.override(lang):
        return _(message) % values if values else _(message)


def live(chat: Chat, lat: float, lng: float) -> list[OutboxMessage]:
    return chat.deliver(chat.incoming("location", latitude=lat, longitude=lng, extra={"live": True}))


def alert_texts() -> dict[str, OutboxMessage]:
    return {row.recipient: row for row in OutboxMessage.objects.filter(template="sos_alert")}


# --- the trigger ---------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_sos_at_the_menu_alerts_the_station_and_tells_the_citizen_the_numbers(sos_force):
    chat = Chat()
    chat.start("en")
    register_complaint(actor=SYSTEM, channel="web", data=complaint_data(mobile="03001234567", unit="SA2"))

    replies = chat.say("SOS!")

    alert = SosAlert.objects.get()
    assert (alert.phone, alert.language, alert.station.code, alert.station_source) == (
        "+923001234567", "en", "SA2", SosAlert.Source.LAST_KNOWN)  # no point shared: the latest complaint's station
    reply = texts(replies)
    assert said("en", "🚨 The police have been alerted to your SOS.") in reply
    assert said("en", "For help now, call %(number)s.", number="15") in reply
    assert "042-111-0002" in reply
    assert set(alert_texts()) == {DUTY}  # SA2 has no officer with a mobile: the call centre's duty number only
    assert chat.state == "menu"


@pytest.mark.django_db
def test_mudad_in_the_middle_of_a_complaint_raises_the_alert_and_the_step_waits(sos_force):
    chat = Chat()
    chat.start("ur")
    chat.say("1")  # lodging a complaint: the step asks for the category
    step = chat.state

    replies = chat.say("مدد")

    alert = SosAlert.objects.get()
    assert alert.language == "ur"
    reply = texts(replies)
    assert said("ur", "For help now, call %(number)s.", number="15") in reply
    assert said("ur", "Share your live location (📎 → Location → Share live location) so that the police can "
                      "find you.") in reply
    assert chat.state == step and chat.conversation.answers  # the complaint in progress is not lost


@pytest.mark.django_db
def test_madad_in_hindi_before_any_language_is_chosen_is_answered_in_hindi(sos_force):
    chat = Chat(wa_id="919812345678", phone="+919812345678")

    replies = chat.say("मदद")

    assert SosAlert.objects.get().language == "hi"
    assert said("hi", "🚨 The police have been alerted to your SOS.") in texts(replies)


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["help", "I need SOS forms for my shop", "madad chahiye complaint ke liye", "0"])
def test_help_at_the_menu_or_sos_inside_a_sentence_is_no_alarm(sos_force, text):
    chat = Chat()
    chat.start("en")
    chat.say(text)
    assert not SosAlert.objects.exists()


@pytest.mark.django_db
def test_a_repeated_sos_within_minutes_updates_the_alert_instead_of_raising_another(sos_force):
    chat = Chat()
    chat.start("en")
    chat.say("sos")
    first_messages = OutboxMessage.objects.filter(template="sos_alert").count()

    replies = chat.say("SOS")

    alert = SosAlert.objects.get()
    assert alert.triggers == 2
    assert list(alert.events.values_list("kind", flat=True)) == ["raised", "repeated"]
    assert OutboxMessage.objects.filter(template="sos_alert").count() == first_messages  # no second alarm
    assert said("en", "For help now, call %(number)s.", number="15") in texts(replies)  # told again

    chat.at += timedelta(minutes=30)  # long after: a new emergency
    chat.say("sos")
    assert SosAlert.objects.count() == 2


# --- the location --------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_live_location_raises_the_alert_at_the_station_whose_area_holds_it_and_its_updates_attach(sos_force):
    chat = Chat()
    chat.start("en")

    replies = live(chat, 31.47, 74.27)  # inside SA1's area

    alert = SosAlert.objects.get()
    assert (alert.station.code, alert.station_source) == ("SA1", SosAlert.Source.STATION_AREA)
    assert "042-111-0001" in texts(replies)
    assert set(alert_texts()) == {"+923001110001", "+923001110002", DUTY}  # SHO, front desk, call centre
    assert alert_texts()["+923001110001"].language == "ur"  # the SHO's own language

    # The live location moves: each point is kept with its time, the alert shows the latest, the citizen is
    # not sent a message for every point.
    assert live(chat, 31.48, 74.28) == []
    assert live(chat, 31.49, 74.29) == []
    alert.refresh_from_db()
    assert SosLocation.objects.filter(alert=alert).count() == 3
    assert (float(alert.lat), float(alert.lng), alert.located_at) == (31.49, 74.29, chat.at)
    assert SosAlert.objects.count() == 1 and alert.triggers == 1
    assert selectors.is_live(alert, chat.at + timedelta(minutes=1))

    # The live location ends (no point for longer than SOS_LIVE_MINUTES): the alert keeps its last point.
    assert not selectors.is_live(alert, chat.at + timedelta(minutes=11))
    chat.at += timedelta(minutes=30)
    chat.share_location(31.60, 74.40)  # an ordinary location much later belongs to the step, not the old alert
    alert.refresh_from_db()
    assert (float(alert.lat), float(alert.lng)) == (31.49, 74.29)


@pytest.mark.django_db
def test_a_point_outside_every_area_goes_to_the_nearest_station(sos_force):
    chat = Chat()
    chat.start("en")
    live(chat, 31.61, 74.41)  # outside SA1's area, next to SA2's point
    assert (SosAlert.objects.get().station.code, SosAlert.objects.get().station_source) == (
        "SA2", SosAlert.Source.NEAREST)


@pytest.mark.django_db
def test_a_location_shared_after_an_sos_is_the_alerts_point(sos_force):
    chat = Chat()
    chat.start("en")
    chat.say("sos")
    assert SosAlert.objects.get().lat is None

    chat.share_location(31.47, 74.27)

    alert = SosAlert.objects.get()
    assert (float(alert.lat), alert.station.code, alert.station_source) == (31.47, "SA1", SosAlert.Source.STATION_AREA)
    # SA1's officers are told now; the call centre's duty number, told at the SOS, is not told twice.
    assert sorted(alert_texts()) == sorted([DUTY, "+923001110001", "+923001110002"])
    assert OutboxMessage.objects.filter(template="sos_alert", recipient=DUTY).count() == 1


@pytest.mark.django_db
def test_an_ordinary_location_in_a_complaint_is_no_alarm(sos_force):
    chat = Chat()
    chat.start("en")
    chat.share_location(31.47, 74.27)
    assert not SosAlert.objects.exists()


def test_the_webhook_reads_a_live_location_in_any_form_it_comes():
    base = {"from": "923001234567", "id": "wamid.1", "timestamp": "1767000000"}
    marked = incoming_from({"message": {**base, "type": "location",
                                        "location": {"latitude": 31.5, "longitude": 74.3, "live_period": 900}}})
    typed = incoming_from({"message": {**base, "type": "live_location", "location": {"latitude": 31.5,
                                                                                       "longitude": 74.3}}})
    unsupported = incoming_from({"message": {**base, "type": "unsupported", "unsupported": {"type": "live_location"}}})
    plain = incoming_from({"message": {**base, "type": "location", "location": {"latitude": 31.5, "longitude": 74.3}}})
    assert (marked.kind, marked.extra.get("live"), marked.latitude) == ("location", True, 31.5)
    assert (typed.kind, typed.extra.get("live")) == ("location", True)
    assert (unsupported.kind, unsupported.extra.get("live")) == ("unsupported", True)
    assert "live" not in plain.extra


@pytest.mark.django_db
def test_a_live_location_without_its_point_still_raises_the_alert(sos_force):
    chat = Chat()
    chat.start("hi")
    replies = chat.deliver(chat.incoming("unsupported", extra={"live": True}))
    assert SosAlert.objects.get().lat is None
    assert said("hi", "For help now, call %(number)s.", number="15") in texts(replies)


# --- the outbox's fastest path ----------------------------------------------------------------------------

def backlog(n: int = 30) -> None:
    outbox.enqueue_many([outbox.message(channel="sms", recipient=f"+9230000{i:05d}", template="otp_code",
                                        language="en", context={"code": "1", "minutes": 5}, dedupe_key=f"bl:{i}")
                         for i in range(n)])


def sent_templates() -> list[str]:
    return list(OutboxMessage.objects.filter(state=OutboxMessage.State.SENT).order_by("sent_at", "pk")
                .values_list("template", flat=True))


@pytest.mark.django_db
def test_the_alert_queues_its_own_delivery_run_which_sends_its_messages_ahead_of_a_backlog(
        sos_force, django_capture_on_commit_callbacks):
    backlog()
    chat = Chat()
    chat.start("en")

    with django_capture_on_commit_callbacks(execute=True):
        live(chat, 31.47, 74.27)

    queued = DBTaskResult.objects.get(task_path="shikayat.sos.tasks.deliver_alert")
    alert = SosAlert.objects.get()
    assert queued.args_kwargs["args"] == [alert.pk]
    # What the worker runs: the alert's three messages, then the citizen's answer; none of the backlog.
    replies = OutboxMessage.objects.filter(template="bot_reply", state=OutboxMessage.State.PENDING).count()
    assert deliver_alert.call(alert.pk) == 3 + replies
    assert sent_templates() == ["sos_alert"] * 3 + ["bot_reply"] * replies
    assert OutboxMessage.objects.filter(template="otp_code", state=OutboxMessage.State.PENDING).count() == 30


@pytest.mark.django_db
def test_without_the_queue_the_periodic_delivery_still_takes_the_alert_first(sos_force):
    backlog()
    chat = Chat()
    chat.start("en")
    live(chat, 31.47, 74.27)  # the on-commit run never happens here (the queue was down)

    assert delivery.deliver_due(limit=100) == OutboxMessage.objects.count()  # one batch: all of them
    # Of 30 older due messages in the same batch, none went before the alert's.
    assert sent_templates()[:3] == ["sos_alert"] * 3


@pytest.mark.django_db
def test_the_alert_message_renders_in_the_officers_language(sos_force):
    chat = Chat()
    chat.start("en")
    live(chat, 31.47, 74.27)
    row = alert_texts()[DUTY]
    text = render(row.template, row.language, row.context)
    assert "+923001234567" in text and "31.470000,74.270000" in text and "Sa1" in text


# --- the console ---------------------------------------------------------------------------------------------

def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_one_agent_acknowledges_the_alarm_and_it_is_gone_for_every_agent(sos_force):
    agent, other = sos_force.officers["agent"], officer("agent2", Rank.CONSTABLE,
                                                         [(sos_force.units["pb"], Role.CALL_CENTRE)])
    chat = Chat()
    chat.start("en")
    chat.at = timezone.now() - timedelta(seconds=30)  # the live location is sending now
    live(chat, 31.47, 74.27)
    alert = SosAlert.objects.get()
    first, second = signed_in(agent), signed_in(other)

    shown = first.get("/officer/sos/alarms/")
    assert shown.status_code == 200 and [a["id"] for a in shown.json()["alarms"]] == [alert.pk]
    row = shown.json()["alarms"][0]
    assert (row["phone"], row["lat"], row["live"], row["station_phone"]) == (
        "+923001234567", "31.470000", True, "042-111-0001")
    # Nothing changed: the next poll is a 304 with no body.
    assert first.get("/officer/sos/alarms/", HTTP_IF_NONE_MATCH=shown["ETag"]).status_code == 304

    taken = first.post(f"/officer/sos/{alert.pk}/acknowledge/")
    late = second.post(f"/officer/sos/{alert.pk}/acknowledge/")

    assert taken.json()["acknowledged"] is True and late.json()["acknowledged"] is False
    alert.refresh_from_db()
    assert alert.acknowledged_by == agent and alert.acknowledged_at is not None
    assert list(SosEvent.objects.filter(kind="acknowledged").values_list("by", flat=True)) == [agent.pk]
    for client in (first, second):
        assert client.get("/officer/sos/alarms/").json()["alarms"] == []


@pytest.mark.django_db
def test_the_alarm_is_for_the_call_centre_only(sos_force):
    chat = Chat()
    chat.start("en")
    chat.say("sos")
    response = signed_in(sos_force.officers["sho_A"]).get("/officer/sos/alarms/")
    assert response.status_code == 403
    alert = SosAlert.objects.get()
    assert signed_in(sos_force.officers["sho_A"]).post(f"/officer/sos/{alert.pk}/acknowledge/").status_code == 403
    assert SosAlert.objects.get().acknowledged_at is None


@pytest.mark.django_db
def test_a_point_off_the_earth_is_refused(sos_force):
    with pytest.raises(InvalidInput):
        actions.raise_alert(actions.Signal(wa_id="1", phone="", language="en", at=timezone.now(), lat=91, lng=0))


@pytest.mark.django_db
def test_the_helpline_told_is_the_setting_when_given(sos_force, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "SOS_HELPLINE": "112"}
    assert bot_sos.helpline_number() == "112"


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "ur", "hi"])
def test_the_citizen_is_told_the_helpline_and_their_stations_name_and_number_in_their_language(sos_force, lang):
    chat = Chat()
    chat.start(lang)

    replies = live(chat, 31.47, 74.27)

    station = sos_force.units["sA1"]
    reply = texts(replies)
    with translation.override(lang):
        assert said(lang, "Your nearest police station, %(station)s: %(phone)s.",
                    station=station.name_in(lang), phone="042-111-0001") in reply
    assert said(lang, "For help now, call %(number)s.", number="15") in reply
    assert said(lang, "🚨 The police have been alerted to your SOS.") in reply


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "ur", "hi"])
def test_the_consoles_alarm_is_labelled_in_the_agents_language(sos_force, lang):
    page = signed_in(sos_force.officers["agent"]).get("/officer/call-centre/", HTTP_ACCEPT_LANGUAGE=lang)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="sos-alarms"' in html and 'role="alert"' in html
    for label in ("SOS from WhatsApp", "Acknowledge", "Station not known"):
        assert f'"{escape(said(lang, label))}"' in html


@pytest.mark.django_db
def test_the_demo_week_of_alerts_is_repeatable_and_all_acknowledged(sos_force):
    now = timezone.now()
    assert demo_sos.load_week(now=now, seed=3, count=12) == 12
    first = list(SosAlert.objects.order_by("pk").values_list("phone", "station__code", "triggers"))
    assert SosAlert.objects.filter(acknowledged_at__isnull=True).count() == 0
    assert demo_sos.load_week(now=now, seed=3) == 0  # loaded once
    SosAlert.objects.all().delete()
    demo_sos.load_week(now=now, seed=3, count=12)
    assert list(SosAlert.objects.order_by("pk").values_list("phone", "station__code", "triggers")) == first


@pytest.mark.django_db
def test_sending_by_id_leaves_alone_what_another_worker_holds_or_has_sent(sos_force):
    backlog(2)
    held, free = OutboxMessage.objects.order_by("pk")
    delivery.claim(limit=1, owner="another-worker")  # takes the first

    assert delivery.deliver_ids([held.pk, free.pk]) == 1
    assert delivery.deliver_ids([free.pk]) == 0  # sent already: not again
    held.refresh_from_db()
    assert (held.state, held.lease_owner) == (OutboxMessage.State.PENDING, "another-worker")
