"""Reporting a lost document on WhatsApp: the menu's entry (bot.lost.start) through the real engine, in English,
Urdu and Hindi, to the same receipt the web gives (its number and the link to its PDF at once); bad answers are
asked again in the citizen's language and nothing is written until they confirm."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone, translation

from shikayat.bot import info, lost
from shikayat.bot.models import Conversation
from shikayat.bot.turn import Turn
from shikayat.core import clock
from shikayat.lost.models import LostReport
from shikayat.notifications.adapters.whatsapp import interactive_problems

from .test_bot import PHONE, Chat, bot, has_script, in_language, texts  # noqa: F401  (fixtures)

IMEI = "490154203237518"
URDU, DEVANAGARI = ("\u0600", "\u06ff"), ("\u0900", "\u097f")


def begin(chat: Chat):
    """What the menu does when the citizen chooses "report a lost document": call lost.start."""
    incoming = chat.incoming(text="lost")
    before = set(chat.replies().values_list("pk", flat=True))
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(wa_id=chat.wa_id)
        turn = Turn(conversation, incoming, now=clock.now())
        with translation.override(conversation.language):
            lost.start(turn)
        conversation.mark_handled(incoming.message_id)
        conversation.last_message_at = incoming.at
        conversation.save()
        turn.queue_replies()
    return [row for row in chat.replies() if row.pk not in before]


@pytest.fixture(autouse=True)
def no_limits(settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "LOST_MOBILE_RATE": "off", "LOST_CLIENT_RATE": "off"}


@pytest.mark.parametrize("lang, script", [("en", None), ("ur", URDU), ("hi", DEVANAGARI)])
def test_a_lost_phone_reported_on_whatsapp_gets_its_receipt_at_once(bot, lang, script):  # noqa: F811
    chat = Chat()
    chat.start(lang)
    [kinds] = begin(chat)
    assert chat.state == "lost:kind" and kinds.language == lang
    assert interactive_problems({"body": {"text": "x"}, **kinds.context["interactive"]}) == []
    chat.tap("kind:phone")
    chat.say(IMEI)
    chat.tap("yesterday")
    chat.say("SA1")
    chat.say("Bilal Ahmed")
    [summary] = chat.say("35202-1234567-1")
    assert chat.state == "lost:confirm" and IMEI in summary.context["text"]
    assert not LostReport.objects.exists()  # nothing before the citizen confirms
    [done] = chat.tap("yes")
    report = LostReport.objects.get()
    assert (report.channel, report.mobile, report.language, report.kind) == ("whatsapp", PHONE, lang, "phone")
    assert report.lost_on == timezone.localdate() - timedelta(days=1) and report.station.code == "SA1"
    text = done.context["text"]
    assert report.number in text and done.language == lang and in_language(lang, info.footer()) in text
    if script:
        assert has_script(text, script)
    link = next(word for word in text.split() if "/lost/receipt/" in word).removeprefix("http://127.0.0.1:8000")
    pdf = Client().get(link)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert chat.state == "menu"


@pytest.mark.parametrize("lang", ["en", "ur", "hi"])
def test_bad_answers_are_asked_again_in_the_citizens_language(bot, lang):  # noqa: F811
    chat = Chat()
    chat.start(lang)
    begin(chat)
    chat.tap("kind:phone")
    [bad_imei] = chat.say("490154203237519")
    assert bad_imei.context["text"] == in_language(lang, "This IMEI is not valid: please check the digits.")
    assert chat.state == "lost:identifier"
    chat.say(IMEI)
    [future] = chat.say("01-01-2999")
    assert future.context["text"] == in_language(lang, "The date of the loss cannot be in the future.")
    [not_a_date] = chat.say("tomorrow")
    assert chat.state == "lost:when" and not_a_date.language == lang
    assert not LostReport.objects.exists()


def test_cancel_writes_nothing(bot):  # noqa: F811
    chat = Chat()
    chat.start("en")
    begin(chat)
    chat.tap("kind:id_card")
    chat.say("35202-7654321-3")
    chat.tap("today")
    chat.say("SA1")
    chat.say("Bilal Ahmed")
    chat.say("35202-1234567-1")
    replies = chat.tap("no")
    assert "Nothing was registered" in texts(replies) and not LostReport.objects.exists()


def test_a_shared_location_chooses_the_nearest_station(bot):  # noqa: F811
    chat = Chat()
    chat.start("en")
    begin(chat)
    chat.tap("kind:passport")
    chat.say("AB1234567")
    chat.say("15-03-" + str(timezone.localdate().year if timezone.localdate().month > 3 else
                            timezone.localdate().year - 1))
    chat.share_location(31.601, 74.401)
    assert chat.conversation.answers["station"] == "SA2"
    chat.say("Bilal Ahmed")
    chat.say("35202-1234567-1")
    chat.tap("yes")
    report = LostReport.objects.get()
    assert report.station.code == "SA2" and report.lat is not None
