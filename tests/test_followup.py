"""The question after closing (issue 18, part C): SHIKAYAT["FOLLOWUP_AFTER_DAYS"] after a complaint is closed,
its complainant is asked once, on their channel, whether the police action held; "yes" is recorded and
counted, "no" reopens it on appeal one level up, whenever it comes."""

from datetime import timedelta

import pytest

from shikayat.categories.models import SOP
from shikayat.complaints import actions
from shikayat.complaints.models import Complaint
from shikayat.complaints.workflow import Status
from shikayat.core import clock
from shikayat.core.errors import TransitionNotAllowed
from shikayat.dashboards.figures import figures
from shikayat.dashboards.rollup import fold_pending
from shikayat.deadlines.followup import send_followups
from shikayat.deadlines.sweep import run_sweep
from shikayat.notifications.messages import render
from shikayat.notifications.models import OutboxMessage
from shikayat.updates import stops

from .journey import bring_to, citizen_of
from .test_appeal import closed_unanswered
from .test_bot import (
    Chat,
    bot,  # noqa: F401 (fixture)
)
from .test_citizen_pages import verify
from .test_rollups import _nonzero, _recounted, _rollup_rows


def questions(complaint=None):
    rows = OutboxMessage.objects.filter(template__startswith="followup_question")
    return rows.filter(complaint=complaint) if complaint is not None else rows


def asked(complaint: Complaint, days: float = 21.1) -> Complaint:
    """Run the sweep `days` after the complaint was closed."""
    run_sweep(now=complaint.closed_at + timedelta(days=days))
    complaint.refresh_from_db()
    return complaint


@pytest.fixture
def closed(force, new_complaint):
    def make(**overrides):
        return bring_to(Status.CLOSED, force, new_complaint, **overrides)  # the citizen said they were satisfied

    return make


# --- asked once, after the interval ------------------------------------------------------------------------------

def test_asked_once_after_the_interval_and_not_before(closed):
    complaint = closed()
    assert send_followups(complaint.closed_at + timedelta(days=20, hours=23)) == 0
    assert not questions().exists()
    found = run_sweep(now=complaint.closed_at + timedelta(days=21, minutes=1))
    assert found["followups"] == 1
    [question] = questions()
    assert question.channel == "sms" and question.recipient == "+923001234567" and question.complaint == complaint
    assert question.template == "followup_question" and question.dedupe_key == f"{complaint.etag}:followup:sms"
    text = render(question.template, "en", question.context)
    assert text.startswith(f"Did the police action on complaint {complaint.etag_display} hold? Reply 1 for yes, "
                           "2 for no, or answer at http://127.0.0.1:8000/track/link/")
    complaint.refresh_from_db()
    assert complaint.followup_asked_at == complaint.closed_at + timedelta(days=21, minutes=1)
    # Asked once: later sweeps, or the same sweep again, add nothing.
    assert send_followups(complaint.closed_at + timedelta(days=21, minutes=2)) == 0
    assert send_followups(complaint.closed_at + timedelta(days=25)) == 0
    assert questions().count() == 1


def test_not_asked_when_switched_off(closed, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "FOLLOWUP_AFTER_DAYS": 0}
    complaint = closed()
    assert run_sweep(now=complaint.closed_at + timedelta(days=30))["followups"] == 0
    complaint.refresh_from_db()
    assert complaint.followup_asked_at is None and not questions().exists()


def test_the_interval_is_a_setting(closed, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "FOLLOWUP_AFTER_DAYS": 3}
    complaint = closed()
    assert send_followups(complaint.closed_at + timedelta(days=2)) == 0
    assert send_followups(complaint.closed_at + timedelta(days=3, hours=1)) == 1


def test_not_sent_to_an_address_that_said_stop(closed):
    complaint = closed()
    stops.stop("+923001234567", "sms")
    assert send_followups(complaint.closed_at + timedelta(days=22)) == 0
    assert not questions().exists()
    complaint.refresh_from_db()
    assert complaint.followup_asked_at is not None  # still open for an answer on their page, asked no more


def test_only_closed_complaints_and_not_those_closed_long_before(closed, force, new_complaint):
    rejected = bring_to(Status.REJECTED, force, new_complaint)
    old = closed()
    Complaint.objects.filter(pk=old.pk).update(closed_at=clock.now() - timedelta(days=400))
    assert send_followups(clock.now() + timedelta(days=22)) == 0
    rejected.refresh_from_db()
    assert rejected.followup_asked_at is None


def test_asked_on_the_channel_the_citizen_used(closed):
    by_whatsapp = closed(channel="whatsapp")
    by_email = closed(channel="email", email="ali@example.org", mobile="03007654321")
    send_followups(clock.now() + timedelta(days=21, hours=1))
    [whatsapp] = questions(by_whatsapp)
    assert whatsapp.channel == "whatsapp" and whatsapp.recipient == "+923001234567"
    [email] = questions(by_email)
    assert email.channel == "email" and email.recipient == "ali@example.org"
    assert email.template == "followup_question_email"


# --- the answers -------------------------------------------------------------------------------------------------

def test_yes_is_recorded_once(closed):
    complaint = asked(closed())
    answered = actions.record_followup(complaint, held=True, note="All quiet since.", actor=citizen_of(complaint),
                                       channel="sms")
    assert answered.status == Status.CLOSED and answered.followup_held is True
    event = answered.events.get(action="record_followup")
    assert event.is_public and event.channel == "sms" and event.data["held"] is True
    with pytest.raises(TransitionNotAllowed) as refused:
        actions.record_followup(answered, held=False, note="", actor=citizen_of(complaint), channel="sms")
    assert refused.value.code == "followup_not_open"


def test_an_answer_to_a_question_never_asked_is_refused(closed):
    complaint = closed()
    with pytest.raises(TransitionNotAllowed):
        actions.record_followup(complaint, held=True, note="", actor=citizen_of(complaint), channel="sms")


@pytest.mark.parametrize("closing", ["satisfied", "unanswered"])
def test_no_reopens_it_on_appeal_one_level_up_even_after_the_appeal_window(closing, closed, force, new_complaint):
    SOP.objects.filter(category__code="THEFT").update(appeal_days=10)
    complaint = closed() if closing == "satisfied" else closed_unanswered(force, new_complaint)
    complaint = asked(complaint)  # 21 days on: past any appeal window; the question is its own permission
    assert not actions.appeal_window(complaint, complaint.followup_asked_at).open
    at = complaint.followup_asked_at + timedelta(hours=2)
    appealed = actions.record_followup(complaint, held=False, note="The thief is back in our street.",
                                       actor=citizen_of(complaint), channel="sms", now=at)
    # The resolution was approved by the DPO of district A: the region above takes it, with fresh deadlines.
    assert appealed.status == Status.REOPENED and appealed.unit.code == "R1" and appealed.followup_held is False
    assert appealed.contact_due_at == at + timedelta(hours=8) and appealed.report_due_at == at + timedelta(hours=72)
    event = appealed.events.get(action="appeal")
    decider = "approve_resolution" if closing == "satisfied" else "close_without_confirmation"
    assert event.data["via"] == "questionnaire" and event.data["decided_by_action"] == decider
    assert event.data["grounds"] == "The thief is back in our street." and event.data["unit"] == "R1"


def test_the_answers_are_counted_on_the_dashboards(closed, force):
    held, not_held = asked(closed()), asked(closed())
    actions.record_followup(held, held=True, note="", actor=citizen_of(held), channel="web")
    actions.record_followup(not_held, held=False, note="", actor=citizen_of(not_held), channel="web")
    fold_pending()
    totals = figures(force.units["pb"], now=clock.now()).totals
    assert (totals["action_held"], totals["action_not_held"], totals["appeals"]) == (1, 1, 1)
    got, expected = _rollup_rows(), _recounted()
    for model in got:
        assert _nonzero(got[model]) == _nonzero(expected[model]), model.__name__


# --- the doors ---------------------------------------------------------------------------------------------------

def test_the_citizens_page_asks_the_question_once_asked(client, closed):
    complaint = closed()
    verify(client, next_url=f"/track/{complaint.etag}/")
    assert 'id="followup"' not in client.get(f"/track/{complaint.etag}/").content.decode()
    asked(complaint)
    page = client.get(f"/track/{complaint.etag}/").content.decode()
    assert 'id="followup"' in page and 'name="held"' in page
    response = client.post(f"/track/{complaint.etag}/followup/", {"held": "no", "note": "It happened again."},
                           follow=True)
    assert "Your complaint has been reopened and is now with R1." in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.REOPENED and complaint.events.get(action="appeal").data["via"] == "questionnaire"
    assert 'id="followup"' not in client.get(f"/track/{complaint.etag}/").content.decode()


def test_the_acting_link_in_the_question_lets_the_citizen_answer(client, closed):
    complaint = asked(closed())
    link = questions(complaint).get().context["url"].removeprefix("http://127.0.0.1:8000")
    client.get(link)
    client.post(f"/track/{complaint.etag}/followup/", {"held": "yes"})
    complaint.refresh_from_db()
    assert complaint.followup_held is True and complaint.status == Status.CLOSED
    assert complaint.events.get(action="record_followup").data["credential"] == "sms_link"


def test_answered_on_whatsapp_right_after_the_question(bot, new_complaint):  # noqa: F811
    complaint = bring_to(Status.CLOSED, bot, new_complaint, channel="whatsapp", mobile="03001234567")
    chat = Chat()
    chat.start()  # they have talked to the bot before
    complaint = asked(complaint)
    [ask] = chat.say("2")  # right after the question: "2" is "no", not the menu's service 2
    assert "What happened?" in ask.context["text"] and chat.state == "followup:note"
    [done] = chat.say("The thief is back in our street.")
    assert "is reopened and is now with R1" in done.context["text"] and chat.state == "menu"
    complaint.refresh_from_db()
    assert complaint.status == Status.REOPENED and complaint.unit.code == "R1"
    event = complaint.events.get(action="appeal")
    assert event.channel == "whatsapp" and event.data["via"] == "questionnaire"
    assert event.data["credential"] == "whatsapp" and event.note == "The thief is back in our street."


def test_on_whatsapp_a_greeting_asks_the_open_question_and_yes_is_recorded(bot, new_complaint):  # noqa: F811
    complaint = asked(bring_to(Status.CLOSED, bot, new_complaint, mobile="03001234567"))
    chat = Chat()
    [question] = chat.start()
    assert f"Did the police action on complaint {complaint.etag_display} hold?" in question.context["text"]
    [thanks] = chat.tap("fu:yes")
    assert "held" in thanks.context["text"] and chat.state == "menu"
    complaint.refresh_from_db()
    assert complaint.followup_held is True and complaint.status == Status.CLOSED


def test_on_whatsapp_a_number_sent_after_the_question_was_seen_is_a_menu_choice(bot, new_complaint):  # noqa: F811
    complaint = asked(bring_to(Status.CLOSED, bot, new_complaint, mobile="03001234567"))
    chat = Chat()
    chat.start()
    chat.tap("menu")  # they wrote again since the question: 1 chooses a service now
    Complaint.objects.filter(pk=complaint.pk).update(followup_asked_at=clock.now() - timedelta(days=1))
    chat.say("1")
    assert chat.state.startswith("lodge:")
    complaint.refresh_from_db()
    assert complaint.followup_answered_at is None
