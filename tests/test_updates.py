"""What the complainant hears of each step (shikayat.updates): one message per step and channel, folded with the
steps of the next few minutes, capped per day, SMS not in quiet hours, never to an address that said STOP, never
an officer's name (unless allowed) or anything internal. The journeys through every channel and the real worker
are in test_updates_journeys.py."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import translation

from shikayat.complaints import actions
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import ComplaintEvent
from shikayat.complaints.permissions import SYSTEM, CitizenActor
from shikayat.complaints.workflow import TRANSITIONS, Status
from shikayat.notifications import delivery
from shikayat.notifications.adapters.whatsapp import WhatsAppBackend
from shikayat.notifications.backends import Outgoing
from shikayat.notifications.messages import render, render_subject
from shikayat.notifications.models import OutboxMessage
from shikayat.updates import config, schedule, stops, wording
from shikayat.updates.models import UpdateStop

from .factories import complaint_data
from .journey import bring_to

KARACHI = ZoneInfo("Asia/Karachi")
T = datetime(2031, 3, 3, 10, 0, tzinfo=KARACHI)  # a Monday morning
LEGACY = ("feedback_requested", "complaint_closed", "complaint_reopened", "complaint_rejected", "complaint_withdrawn",
          "complaint_escalated", "enquiry_outcome")


def minutes(n: float) -> datetime:
    return T + timedelta(minutes=n)


@pytest.fixture
def updates_settings(settings):
    """Five minutes' folding, four a day, quiet nights for SMS, officers unnamed (the defaults, made explicit)."""
    settings.SHIKAYAT = {**settings.SHIKAYAT, "UPDATE_FOLD_MINUTES": 5, "UPDATES_PER_DAY": 4,
                         "SMS_QUIET_HOURS": "21:00-08:00", "NAME_OFFICERS_TO_CITIZENS": False}
    return settings


@pytest.fixture
def lodged(force, updates_settings):
    """Ali's theft complaint at SA1 on the web, with his mobile and email, registered an hour before T."""

    def make(channel="web", **overrides):
        data = complaint_data(**{"email": "ali@example.pk", **overrides})
        return register_complaint(actor=SYSTEM, channel=channel, data=data, now=T - timedelta(hours=1))

    return make


def updates(complaint, channel="sms"):
    return list(OutboxMessage.objects.filter(complaint=complaint, channel=channel, template="complaint_update")
                .order_by("pk"))


def marked(force, complaint, at=None):
    return actions.assign(complaint, actor=force.officers["cell_A"], officer=force.officers["sho_A"],
                          now=at or minutes(0))


def sent(row: OutboxMessage, at: datetime) -> None:
    """The worker sent it (as delivery records a send)."""
    OutboxMessage.objects.filter(pk=row.pk).update(state=OutboxMessage.State.SENT, sent_at=at, attempts=1)


# --- when: pure functions ---------------------------------------------------------------------------------------

QUIET = config.QuietHours(time(21, 0), time(8, 0))


def test_a_new_message_waits_the_fold_window():
    assert schedule.due_at(T, fold_minutes=5, earlier=[], per_day=4) == minutes(5)
    assert schedule.due_at(T, fold_minutes=0, earlier=[], per_day=4) == T


def test_the_cap_counts_any_24_hours_and_waits_for_the_oldest_to_leave_them():
    four = [T - timedelta(hours=h) for h in (20, 10, 5, 1)]
    # the fifth in 24 hours waits until 24 h after the oldest of the four
    assert schedule.due_at(T, fold_minutes=5, earlier=four, per_day=4) == T - timedelta(hours=20) + timedelta(days=1)
    # one of them just over a day old no longer counts
    older = [T + timedelta(minutes=5) - timedelta(hours=24), *four[1:]]
    assert schedule.due_at(T, fold_minutes=5, earlier=older, per_day=4) == minutes(5)
    assert schedule.due_at(T, fold_minutes=5, earlier=four, per_day=5) == minutes(5)
    assert schedule.due_at(T, fold_minutes=5, earlier=four * 3, per_day=0) == minutes(5)  # 0: no cap


@pytest.mark.parametrize("local, expected", [
    ((20, 59), (3, 20, 59)), ((21, 0), (4, 8, 0)), ((23, 30), (4, 8, 0)), ((0, 0), (3, 8, 0)), ((7, 59), (3, 8, 0)),
    ((8, 0), (3, 8, 0)), ((13, 0), (3, 13, 0)),
])
def test_sms_in_the_quiet_hours_over_midnight_waits_for_their_end(local, expected):
    moment = datetime(2031, 3, 3, *local, tzinfo=KARACHI)
    day, hour, minute = expected
    assert schedule.after_quiet(moment, QUIET, KARACHI) == datetime(2031, 3, day, hour, minute, tzinfo=KARACHI)


def test_quiet_hours_within_a_day_and_in_another_time_zone():
    lunch = config.quiet_hours("13:00-14:00")
    assert schedule.after_quiet(datetime(2031, 3, 3, 13, 30, tzinfo=KARACHI), lunch, KARACHI) == datetime(
        2031, 3, 3, 14, 0, tzinfo=KARACHI)
    assert schedule.after_quiet(datetime(2031, 3, 3, 12, 30, tzinfo=KARACHI), lunch, KARACHI).hour == 12
    # 16:30 UTC is 21:30 in Karachi: quiet there; the answer is an aware instant, 08:00 Karachi = 03:00 UTC
    assert schedule.after_quiet(datetime(2031, 3, 3, 16, 30, tzinfo=UTC), QUIET, KARACHI) == datetime(
        2031, 3, 4, 3, 0, tzinfo=UTC)


def test_the_cap_first_then_the_quiet_hours():
    evening = datetime(2031, 3, 3, 18, 0, tzinfo=KARACHI)
    four = [evening - timedelta(hours=h) for h in (21, 3, 2, 1)]  # the oldest leaves the day at 21:00
    assert schedule.due_at(evening, fold_minutes=5, earlier=four, per_day=4, quiet=QUIET, zone=KARACHI) == datetime(
        2031, 3, 4, 8, 0, tzinfo=KARACHI)
    assert schedule.due_at(evening, fold_minutes=5, earlier=four, per_day=4) == datetime(
        2031, 3, 3, 21, 0, tzinfo=KARACHI)


# --- settings ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, value, says", [
    ("UPDATE_FOLD_MINUTES", "five", "SHIKAYAT_UPDATE_FOLD_MINUTES"),
    ("UPDATE_FOLD_MINUTES", -1, "from 0 to 1440"),
    ("UPDATES_PER_DAY", "4.5", "SHIKAYAT_UPDATES_PER_DAY"),
    ("SMS_QUIET_HOURS", "9pm-8am", "SHIKAYAT_SMS_QUIET_HOURS"),
    ("SMS_QUIET_HOURS", "24:00-08:00", "21:00-08:00"),
    ("SMS_QUIET_HOURS", "08:00-08:00", "different times"),
    ("NAME_OFFICERS_TO_CITIZENS", "perhaps", "SHIKAYAT_NAME_OFFICERS_TO_CITIZENS"),
])
def test_a_bad_setting_fails_at_start_naming_it(settings, name, value, says):
    settings.SHIKAYAT = {**settings.SHIKAYAT, name: value}
    with pytest.raises(ImproperlyConfigured, match=says):
        config.current()
    assert [problem for problem in config.problems() if name in problem]
    with pytest.raises(SystemCheckError, match="updates.E001"):
        call_command("check")


def test_settings_from_the_environment_as_text(settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "UPDATE_FOLD_MINUTES": "10", "UPDATES_PER_DAY": "0",
                         "SMS_QUIET_HOURS": " ", "NAME_OFFICERS_TO_CITIZENS": "yes"}
    assert config.current() == config.UpdateSettings(fold_minutes=10, per_day=0, quiet=None, name_officers=True)
    assert config.problems() == []


# --- folding ----------------------------------------------------------------------------------------------------


def test_steps_within_the_window_fold_into_one_message_in_order(force, lodged):
    complaint = marked(force, lodged())
    actions.log_contact(complaint, actor=force.officers["sho_A"], method="call", outcome="Spoke.", now=minutes(2))
    [row] = updates(complaint)
    assert row.next_attempt_at == minutes(5)  # from the first step: the window does not slide
    assert row.context["steps"] == ("• Your complaint was marked to an officer of rank Inspector at Sa1.\n"
                                    "• An officer spoke to you by phone.")
    assert [len(updates(complaint, channel)) for channel in ("email", "whatsapp")] == [1, 0]


def test_a_message_claimed_or_tried_is_never_changed_a_new_one_follows(force, lodged):
    complaint = marked(force, lodged())
    [first] = updates(complaint)
    delivery.claim(limit=10, owner="worker-1", now=minutes(5))  # the worker holds it now
    actions.log_contact(complaint, actor=force.officers["sho_A"], method="visit", outcome="Met.", now=minutes(6))
    first.refresh_from_db()
    assert first.context["steps"] == "Your complaint was marked to an officer of rank Inspector at Sa1."
    claimed, second = updates(complaint)
    assert second.context["steps"] == "An officer visited you." and second.next_attempt_at == minutes(11)
    # A retry waiting after a failed try is left alone too: the gateway may have sent that text already.
    OutboxMessage.objects.filter(pk=second.pk).update(attempts=1, last_error="timed out")
    actions.link_fir(complaint, actor=force.officers["sho_A"], fir_number="512/2031", now=minutes(7))
    assert [row.context["steps"] for row in updates(complaint)][2:] == [
        "An FIR was registered on your complaint: number 512/2031."]


def test_what_to_do_is_dropped_once_a_later_step_in_the_message_moved_on(force, updates_settings, new_complaint):
    complaint = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    [row] = [r for r in updates(complaint) if "resolution" in r.context["steps"]]
    assert row.context["steps"].endswith("your complaint stays open until you answer.")
    actions.record_feedback(complaint, actor=CitizenActor(complaint.complainant_mobile, "otp"), satisfied=True,
                            rating=5, channel="web")
    row.refresh_from_db()
    assert "Please tell us" not in row.context["steps"]
    assert row.context["steps"].endswith("• The police proposed this resolution of your complaint: “Accused traced; "
                                         "property recovered.”\n• You said you were satisfied, and your complaint was "
                                         "closed. Thank you.")


# --- the daily cap and quiet hours --------------------------------------------------------------------------------


def test_beyond_the_daily_cap_steps_wait_in_one_message_for_the_cap_nothing_dropped(force, lodged):
    complaint = marked(force, lodged())
    officer = force.officers["sho_A"]
    for n, (at, step) in enumerate([(60, "call"), (120, "visit"), (180, "message")], start=1):
        sent(updates(complaint)[-1], minutes(at - 55))
        actions.log_contact(complaint, actor=officer, method=step, outcome="Talked.", now=minutes(at))
        assert len(updates(complaint)) == n + 1
    sent(updates(complaint)[-1], minutes(185))  # four sent today: 10:05, 11:05, 12:05, 13:05
    actions.link_fir(complaint, actor=officer, fir_number="9/2031", now=minutes(240))
    actions.report_action(complaint, actor=officer, report="Raid at the suspect's house.", now=minutes(300))
    fifth = updates(complaint)[-1]
    assert fifth.next_attempt_at == minutes(5) + timedelta(days=1)  # 24 h after the first of the four
    assert fifth.context["steps"] == ("• An FIR was registered on your complaint: number 9/2031.\n"
                                      "• The police reported action taken on your complaint.")
    # email has its own count: it went only once today (nothing marked sent), so it waits only the window
    assert updates(complaint, "email")[-1].next_attempt_at == minutes(5)


def test_sms_due_at_night_waits_for_the_morning_email_does_not(force, lodged):
    evening = datetime(2031, 3, 3, 20, 58, tzinfo=KARACHI)
    complaint = marked(force, lodged(), at=evening)
    [sms], [email] = updates(complaint), updates(complaint, "email")
    assert sms.next_attempt_at == datetime(2031, 3, 4, 8, 0, tzinfo=KARACHI)
    assert email.next_attempt_at == evening + timedelta(minutes=5)
    actions.log_contact(complaint, actor=force.officers["sho_A"], method="call", outcome="Late call.",
                        now=datetime(2031, 3, 3, 23, 0, tzinfo=KARACHI))
    assert updates(complaint)[0].context["steps"].count("•") == 2  # waits, and gathers the night's steps


def test_whatsapp_has_no_quiet_hours(force, updates_settings):
    complaint = register_complaint(actor=SYSTEM, channel="whatsapp", data=complaint_data(),
                                   now=datetime(2031, 3, 3, 21, 0, tzinfo=KARACHI))
    marked(force, complaint, at=datetime(2031, 3, 3, 22, 0, tzinfo=KARACHI))
    [row] = updates(complaint, "whatsapp")
    assert row.next_attempt_at == datetime(2031, 3, 3, 22, 5, tzinfo=KARACHI) and updates(complaint) == []


# --- who hears, on which channel ---------------------------------------------------------------------------------


@pytest.mark.parametrize("channel, extra, expected", [
    ("web", {"email": "ali@example.pk"}, [("sms", "+923001234567"), ("email", "ali@example.pk")]),
    ("call_centre", {}, [("sms", "+923001234567")]),
    ("front_desk", {"email": "ali@example.pk"}, [("sms", "+923001234567"), ("email", "ali@example.pk")]),
    ("whatsapp", {"email": "ali@example.pk"}, [("whatsapp", "+923001234567")]),
    ("email", {"email": "ali@example.pk"}, [("email", "ali@example.pk"), ("sms", "+923001234567")]),
    ("email", {"email": "ali@example.pk", "mobile": ""}, [("email", "ali@example.pk")]),
])
def test_the_channel_they_came_by(force, updates_settings, channel, extra, expected):
    actor = force.officers["agent"] if channel == "call_centre" else (
        force.officers["desk_A"] if channel == "front_desk" else SYSTEM)
    complaint = register_complaint(actor=actor, channel=channel, data=complaint_data(**extra), now=T)
    marked(force, complaint)
    assert [(row.channel, row.recipient) for row in OutboxMessage.objects.filter(
        complaint=complaint, template="complaint_update").order_by("pk")] == expected


def test_anonymous_without_a_contact_hears_nothing_sealed_identity_hears_on_its_mobile(force, updates_settings):
    anonymous = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(
        category="HARASSMENT", anonymous=True, name="", mobile=""), now=T)
    sealed = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(
        category="HARASSMENT", seal_identity=True), now=T)
    for complaint in (anonymous, sealed):
        actions.assign(complaint, actor=force.officers["dpo_A"], officer=force.officers["sdpo_A"], now=minutes(1))
    assert not OutboxMessage.objects.filter(complaint=anonymous).exists()
    [row] = updates(sealed)  # the system knows the mobile; officers never see it, the message names nobody
    assert row.recipient == "+923001234567" and "Ali" not in row.context["steps"]


def test_internal_steps_send_nothing(force, lodged):
    complaint = marked(force, lodged())
    officer, dpo = force.officers["sho_A"], force.officers["dpo_A"]
    before = OutboxMessage.objects.count()
    actions.add_note(complaint, actor=officer, text="Suspect is the cousin", now=minutes(1))
    actions.record_review_direction(complaint, actor=dpo, direction="Speed it up", now=minutes(2))
    for _ in range(3):  # tried and not reached: internal too
        actions.record_contact_attempt(complaint, actor=officer, outcome="switched_off", now=minutes(2))
    actions.request_rejection(complaint, actor=officer, reason="civil_matter", explanation="Land dispute",
                              now=minutes(3))
    actions.deny_rejection(complaint, actor=dpo, note="Enquire first.", now=minutes(4))
    assert OutboxMessage.objects.count() == before
    assert "cousin" not in str([row.context for row in OutboxMessage.objects.all()])
    assert {name for name, t in TRANSITIONS.items() if not t.public} >= {
        "add_note", "request_rejection", "deny_rejection", "record_review_direction", "record_feedback_attempt",
        "record_contact_attempt"}


def test_each_step_is_told_once_and_never_by_the_old_templates(force, updates_settings, new_complaint):
    complaint = bring_to(Status.REOPENED, force, new_complaint, email="ali@example.pk")
    rows = OutboxMessage.objects.filter(complaint=complaint)
    assert not rows.filter(template__in=LEGACY).exists()
    [sms], [email] = updates(complaint), updates(complaint, "email")  # all within minutes: one message each
    assert sms.context["steps"] == email.context["steps"]
    assert sms.context["steps"].count("•") == 6 and sms.context["steps"].count("reopened") == 1


def test_the_complainants_own_step_is_not_echoed_where_they_took_it(force, lodged):
    complaint = register_complaint(actor=SYSTEM, channel="whatsapp", data=complaint_data(), now=T)
    actions.add_information(complaint, actor=CitizenActor(complaint.complainant_mobile, "whatsapp"),
                            text="The thief wore a red cap.", channel="whatsapp", now=minutes(1))
    actions.withdraw(complaint, actor=CitizenActor(complaint.complainant_mobile, "whatsapp"), channel="whatsapp",
                     now=minutes(2))
    assert updates(complaint, "whatsapp") == []  # the bot answered them there
    web = lodged()
    actions.withdraw(web, actor=CitizenActor(web.complainant_mobile, "otp"), channel="web", now=minutes(3))
    assert updates(web)[0].context["steps"] == "Your complaint was withdrawn as you asked."


# --- the words ---------------------------------------------------------------------------------------------------


def test_officers_are_named_only_when_the_setting_allows(force, lodged, settings):
    first = marked(force, lodged())
    assert "Sho_A" not in updates(first)[0].context["steps"]
    settings.SHIKAYAT = {**settings.SHIKAYAT, "NAME_OFFICERS_TO_CITIZENS": True}
    second = marked(force, lodged())
    assert updates(second)[0].context["steps"] == "Your complaint was marked to Sho_A (Inspector) at Sa1."


def test_a_rejection_gives_the_reason_the_office_and_how_to_appeal(force, lodged, settings):
    complaint = marked(force, lodged())
    sent(updates(complaint)[0], minutes(5))
    for _ in range(3):  # not reached: the rejection may go ahead on the documented attempts
        actions.record_contact_attempt(complaint, actor=force.officers["sho_A"], now=minutes(30))
    actions.request_rejection(complaint, actor=force.officers["sho_A"], reason="not_pertaining",
                              explanation="A matter of the municipal committee.",
                              refer_to="Municipal Committee office, Mall Road", now=minutes(60))
    actions.approve_rejection(complaint, actor=force.officers["dpo_A"], now=minutes(61))
    assert updates(complaint)[-1].context["steps"] == (
        "Your complaint was not taken forward: it is not a matter for the police. The officer wrote: “A matter of "
        "the municipal committee.” You may take the matter to Municipal Committee office, Mall Road. If you "
        f"disagree, you may appeal within 30 days: on the web page below, on WhatsApp, by SMS “APPEAL "
        f"{complaint.etag_display}” or through the call centre.")


def test_against_police_messages_leak_nothing_internal(force, against_sho, updates_settings):
    o = force.officers
    complaint = actions.assign(against_sho, actor=o["dpo_A"], officer=o["acc_A"], now=T)
    actions.add_note(complaint, actor=o["acc_A"], text="SHO Sho_A has two earlier complaints", now=minutes(1))
    actions.log_contact(complaint, actor=o["acc_A"], method="call", outcome="Named Sho_A again", now=minutes(2))
    actions.request_rejection(complaint, actor=o["acc_A"], reason="false_or_frivolous",
                              explanation="Sho_A was on leave that day.", now=minutes(3))
    actions.approve_rejection(complaint, actor=o["dpo_A"], now=minutes(4))
    [row] = updates(complaint)
    assert row.context["steps"] == (
        "• Your complaint was marked to an officer of rank DSP / ASP (SDPO, Circle Officer) at Da.\n"
        "• An officer spoke to you by phone.\n"
        "• Your complaint was not taken forward: the enquiry found it to be without substance. If you disagree, "
        "you may appeal within 30 days: on the web page below, on WhatsApp, by SMS "
        f"“APPEAL {complaint.etag_display}” or through the call centre.")
    everything = str([m.context for m in OutboxMessage.objects.filter(complaint=complaint)])
    for inside in ("Sho_A", "sho_A", "leave", "earlier complaints", "Acc_A", "5000"):
        assert inside not in everything


def test_every_step_has_citizen_words_and_an_appeal_names_where_it_went(force, lodged):
    complaint = lodged()
    for action in ("appeal", "approve_filing", "order_regular_enquiry", "mark_duplicate", "withdraw"):
        event = ComplaintEvent(complaint=complaint, action=action, at=T, is_public=True, to_status="registered",
                               data={"unit": "DA", "original": complaint.etag})
        said = wording.line(event, complaint, "en").text
        assert said and not said.startswith("Your complaint's record was updated"), action
    appeal = ComplaintEvent(complaint=complaint, action="appeal", at=T, is_public=True, data={"unit": "DA"})
    assert wording.line(appeal, complaint, "en").text == "Your appeal was received and sent to Da."
    assert wording.line(ComplaintEvent(complaint=complaint, action="appeal", at=T, is_public=True, data={}),
                        complaint, "en").text == "Your appeal was received."
    assert wording.line(ComplaintEvent(complaint=complaint, action="add_note", at=T, is_public=False), complaint,
                        "en") is None


# --- STOP and START ----------------------------------------------------------------------------------------------


def test_stop_at_queue_time_drops_what_waits_and_start_resumes(force, lodged):
    complaint = marked(force, lodged())
    assert len(updates(complaint)) == 1
    assert stops.stop("+923001234567", "sms") is True
    assert updates(complaint) == [] and len(updates(complaint, "email")) == 1  # the email address did not stop
    actions.log_contact(complaint, actor=force.officers["sho_A"], method="call", outcome="Spoke.", now=minutes(10))
    assert updates(complaint) == []
    assert stops.start("+923001234567") is True and not UpdateStop.objects.exists()
    actions.link_fir(complaint, actor=force.officers["sho_A"], fir_number="1/2031", now=minutes(20))
    assert [row.context["steps"] for row in updates(complaint)] == [
        "An FIR was registered on your complaint: number 1/2031."]


def test_an_email_stop_is_kept_whatever_the_letter_case(force, lodged):
    complaint = lodged(email="Ali.Raza@Example.PK")
    stops.stop("ali.raza@example.pk", "email")
    marked(force, complaint)
    assert updates(complaint, "email") == [] and len(updates(complaint)) == 1


# --- the message as sent ---------------------------------------------------------------------------------------


class Captured:
    """A fake channel adapter: what the worker handed it."""

    name, safe_to_resend, sent = "captured", True, []

    def send(self, message: Outgoing) -> str:
        Captured.sent.append(message)
        return f"c-{len(Captured.sent)}"


def test_the_worker_sends_the_folded_message_in_the_citizens_language_with_the_etag_in_the_subject(
        force, updates_settings):
    Captured.sent = []
    updates_settings.SHIKAYAT = {**updates_settings.SHIKAYAT, "MESSAGE_BACKENDS": {
        "sms": "tests.test_updates.Captured", "email": "tests.test_updates.Captured"}}
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(
        language="hi", email="ali@example.pk"), now=T)
    marked(force, complaint)
    actions.log_contact(complaint, actor=force.officers["sho_A"], method="call", outcome="Spoke.", now=minutes(1))
    assert delivery.deliver_due(now=minutes(4)) == 2  # the acknowledgements only
    assert delivery.deliver_due(now=minutes(5)) == 2
    sms, email = Captured.sent[2:]
    with translation.override("hi"):
        rank = str(force.officers["sho_A"].get_rank_display())
    steps = "\n".join([
        "• " + in_language("hi", "Your complaint was marked to %(officer)s at %(unit)s.",
                           officer=in_language("hi", "an officer of rank %(rank)s", rank=rank), unit="SA1 hi"),
        "• " + in_language("hi", "An officer spoke to you by phone.")])
    row = updates(complaint)[0]
    assert sms.language == "hi" and sms.text == render("complaint_update", "hi", {
        "etag": complaint.etag_display, "steps": steps, "track_url": row.context["track_url"]})
    assert sms.text.endswith("\n" + stop_line("hi"))
    assert "/track/link/" in row.context["track_url"] and row.context["track_url"].startswith("http://127.0.0.1:8000")
    assert email.subject == render_subject("complaint_update", "hi", row.context)
    assert complaint.etag_display in email.subject and email.text == sms.text.replace(
        row.context["track_url"], updates(complaint, "email")[0].context["track_url"])


def test_outside_the_whatsapp_window_the_update_goes_as_a_template_on_one_line(force, updates_settings):
    complaint = register_complaint(actor=SYSTEM, channel="whatsapp", data=complaint_data(), now=T)
    marked(force, complaint)
    actions.log_contact(complaint, actor=force.officers["sho_A"], method="call", outcome="Spoke.", now=minutes(1))
    [row] = updates(complaint, "whatsapp")
    updates_settings.SHIKAYAT = {**updates_settings.SHIKAYAT, "WHATSAPP": {
        "PHONE_NUMBER_ID": "1", "TOKEN": "t", "TEMPLATES": {"complaint_update": {"name": "complaint_update_v1"}}}}
    backend = WhatsAppBackend()
    payload = backend.payload(Outgoing(channel="whatsapp", recipient=row.recipient, text="", idempotency_key="k",
                                       template=row.template, language="ur", context=row.context, now=minutes(5)))
    backend.close()
    assert payload["template"]["name"] == "complaint_update_v1"
    assert [p["text"] for p in payload["template"]["components"][0]["parameters"]] == [
        complaint.etag_display, "• Your complaint was marked to an officer of rank Inspector at Sa1. • An officer "
        "spoke to you by phone.", row.context["track_url"]]
    assert "/track/link/" in row.context["track_url"]


def stop_line(lang: str) -> str:
    """The update's last line, how to stop updates, in `lang`."""
    return render("complaint_update", lang, {"etag": "", "steps": "", "track_url": ""}).splitlines()[-1]


def in_language(lang: str, message: str, **values) -> str:
    with translation.override(lang):
        text = translation.gettext(message)
        return text % values if values else text


def test_stop_and_start_on_whatsapp_in_the_citizens_words(force, updates_settings):
    from .test_bot import Chat, texts

    chat = Chat()
    [answer] = chat.say("بند")  # before even choosing a language: Urdu, from the word's script
    assert answer.language == "ur" and answer.context["text"] == render("updates_stopped", "ur", {})
    assert UpdateStop.objects.get().address == "+923001234567" and UpdateStop.objects.get().channel == "whatsapp"
    [answer] = chat.say("शुरू")
    assert answer.language == "hi" and answer.context["text"] == render("updates_started", "hi", {})
    assert not UpdateStop.objects.exists()
    menu = chat.say("start")  # not stopped: a greeting like any other
    assert "updates" not in texts(menu) and chat.state == "language"


def test_stop_and_start_by_email(force, updates_settings):
    from shikayat.channels.email_intake import process_message
    from shikayat.channels.models import InboundMessage

    complaint = register_complaint(actor=SYSTEM, channel="email", data=complaint_data(
        email="hina@example.pk", language="hi"), now=T)
    reply = (f"From: Hina <hina@example.pk>\r\nTo: complaints@police.example.pk\r\nSubject: Re: Your complaint "
             f"{complaint.etag_display}\r\nMessage-ID: <stop-1@example.pk>\r\n\r\nStop\r\n\r\nOn Monday the police "
             "wrote:\r\n> Complaint ...\r\n").encode()
    inbound = process_message(reply, now=minutes(1)).inbound
    assert inbound.outcome == InboundMessage.Outcome.UPDATES_STOPPED and inbound.complaint is None
    assert not complaint.events.filter(action="add_information").exists()  # not taken as information
    answer = OutboxMessage.objects.get(template="updates_stopped")
    assert (answer.channel, answer.recipient, answer.language) == ("email", "hina@example.pk", "hi")
    marked(force, complaint)
    assert updates(complaint, "email") == [] and len(updates(complaint)) == 1  # SMS to the mobile goes on
    started = process_message(b"From: hina@example.pk\r\nSubject: START\r\nMessage-ID: <start-1@example.pk>\r\n\r\n"
                              b"\r\n", now=minutes(2)).inbound
    assert started.outcome == InboundMessage.Outcome.UPDATES_STARTED and not UpdateStop.objects.exists()
    assert process_message(b"From: hina@example.pk\r\nSubject: START\r\nMessage-ID: <start-1@example.pk>\r\n\r\n"
                           b"\r\n").duplicate


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_worker_claiming_meanwhile_skips_the_message_a_step_is_joining(force, lodged):
    import threading

    from django.db import connections, transaction

    complaint = marked(force, lodged())
    claimed_meanwhile = []

    def worker():
        try:
            claimed_meanwhile.extend(delivery.claim(limit=10, owner="w", now=minutes(30)))
        finally:
            connections.close_all()

    with transaction.atomic():
        actions.log_contact(complaint, actor=force.officers["sho_A"], method="call", outcome="Spoke.", now=minutes(2))
        thread = threading.Thread(target=worker)  # the step holds the SMS row until it commits
        thread.start()
        thread.join(10)
    assert not thread.is_alive()  # did not wait
    assert "complaint_update" not in {row.template for row in claimed_meanwhile if row.channel == "sms"}
    [row] = [r for r in delivery.claim(limit=10, owner="w2", now=minutes(30)) if r.template == "complaint_update"
             and r.channel == "sms"]
    assert row.context["steps"].count("•") == 2  # sent with both steps


def test_a_long_day_held_back_keeps_the_latest_steps_and_says_how_many_are_on_the_page(force, lodged):
    complaint = marked(force, lodged(language="hi"))
    for n in range(40):
        actions.link_fir(complaint, actor=force.officers["sho_A"], fir_number=f"{n}/2031", now=minutes(n + 1))
    [row] = updates(complaint)
    assert len(row.context["step_list"]) == 41  # all kept, to be told on the page
    lines = row.context["steps"].split("\n")
    assert len(row.context["steps"]) <= 700 + len(lines[0]) + 1
    with translation.override("hi"):
        assert lines[0] == translation.ngettext("(%(n)d earlier step is on the web page.)",
                                                "(%(n)d earlier steps are on the web page.)", 41 - len(lines[1:])
                                                ) % {"n": 41 - len(lines[1:])}
    assert lines[-1].endswith("39/2031।") or lines[-1].endswith("39/2031.")  # the latest is never dropped
