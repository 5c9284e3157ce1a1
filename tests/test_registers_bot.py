"""The public searches on WhatsApp (shikayat/bot/searches.py), started as the menu starts them: in English,
Urdu and Hindi, with the web's limits (minimum length, rate per sender) and the web's public fields only."""

import pytest
from django.utils import translation

from shikayat.bot import searches
from shikayat.bot.models import Conversation
from shikayat.bot.turn import Turn
from shikayat.notifications.adapters.whatsapp import TEXT_MAX, interactive_problems
from shikayat.registers.search import SEARCH_REFUSED

from .test_bot import Chat, in_language
from .test_registers import PNG, add_body, add_person, add_vehicle, name_stations


@pytest.fixture
def registers(force):
    return name_stations(force)


GULBERG = {"en": "Gulberg", "ur": "گلبرگ", "hi": "गुलबर्ग"}  # the station, in the reader's language


def begin(chat: Chat, lang: str) -> list:
    """The citizen, at the menu in `lang`, picks the searches (as menu.py calls start)."""
    conversation = Conversation.objects.create(wa_id=chat.wa_id, phone=chat.phone, language=lang, state="menu")
    incoming = chat.incoming(text="16")
    turn = Turn(conversation, incoming, now=incoming.at)
    with translation.override(lang):
        searches.start(turn)
    conversation.last_message_at = incoming.at
    conversation.save()
    turn.queue_replies()
    return list(chat.replies())


def text(rows) -> str:
    return "\n".join(row.context["text"] for row in rows)


def state(chat: Chat) -> str:
    return Conversation.objects.get(wa_id=chat.wa_id).state


def test_the_choice_fits_whatsapps_buttons(registers):
    chat = Chat()
    [choice] = begin(chat, "en")
    assert interactive_problems(choice.context["interactive"]) == []
    assert state(chat) == searches.CHOICE


@pytest.mark.parametrize("lang, query", [("en", "lea 1234"), ("ur", "ایل ای اے ۱۲۳۴"), ("hi", "एल ई ए १२३४")])
def test_a_vehicle_is_searched_in_each_language(registers, lang, query):
    # Given a stolen car, and a citizen writing in their language
    add_vehicle(registers)
    chat = Chat()
    begin(chat, lang)
    # When they choose vehicles and type the plate in their script
    asked = chat.tap("search:vehicle")
    answer = chat.say(query)
    # Then the car is shown in their language with its station, and nothing of its owner
    assert all(row.language == lang for row in asked + answer)
    reply = text(answer)
    assert "LEA-1234" in reply and f"{GULBERG[lang]} (+924299230001)" in reply
    assert "Rashid" not in reply and "4567890" not in reply
    assert in_language(lang, "Send another search, or 0 for the menu.") in reply
    assert state(chat) == searches.VEHICLE  # another search may follow


def test_a_too_short_plate_is_refused_and_asked_again(registers):
    add_vehicle(registers)
    chat = Chat()
    begin(chat, "en")
    chat.say("1")
    reply = text(chat.say("LE1"))
    assert "at least 4" in reply and "LEA-1234" not in reply and state(chat) == searches.VEHICLE


@pytest.mark.parametrize("lang, name", [("en", "Muhammad Aslam"), ("ur", "محمد اسلم"), ("hi", "मोहम्मद असलम")])
def test_a_missing_person_is_searched_by_name_in_each_script(registers, lang, name):
    add_person(registers)
    chat = Chat()
    begin(chat, lang)
    chat.say("2")
    answer = chat.say(name)
    reply = text(answer)
    assert all(row.language == lang for row in answer)
    assert "Muhammad Aslam" in reply and "+924299230001" in reply and "Nasreen" not in reply


def test_a_missing_person_is_found_by_the_area_typed_instead_of_a_name(registers):
    add_person(registers)
    chat = Chat()
    begin(chat, "en")
    chat.say("2")
    assert "Muhammad Aslam" in text(chat.say("Liberty Market"))


@pytest.mark.parametrize("lang", ["en", "ur", "hi"])
def test_a_body_is_described_without_its_photo(registers, lang):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = add_body(registers, photo=SimpleUploadedFile("b.png", PNG))
    chat = Chat()
    begin(chat, lang)
    chat.tap("search:body")
    answer = chat.say("canal")
    reply = text(answer)
    assert "Canal bank near Jail Road" in reply and "anchor" in reply
    assert in_language(lang, "To see the photo, ask at %(station)s police station.",
                       station=f"{GULBERG[lang]} (+924299230001)") in reply
    assert body.photo.name not in reply and "/photo" not in reply
    assert all("interactive" not in row.context or "header" not in row.context["interactive"] for row in answer)


def test_many_matches_fit_one_message_and_say_there_are_more(registers):
    for n in range(6):
        add_vehicle(registers, registration=f"LEA-1234{n}", chassis="", engine="")
    chat = Chat()
    begin(chat, "en")
    chat.say("1")
    [reply] = chat.say("LEA1234")
    assert reply.context["text"].count("LEA-1234") == searches.RESULTS
    assert "More entries match" in reply.context["text"] and len(reply.context["text"]) <= TEXT_MAX


def test_whatsapp_searches_are_rate_limited_per_sender(registers, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "REGISTER_SEARCH_RATE": "2/min"}
    add_vehicle(registers)
    chat = Chat()
    begin(chat, "ur")
    chat.say("1")
    assert "LEA-1234" in text(chat.say("LEA1234"))
    assert "LEA-1234" in text(chat.say("LEA1234"))
    refused = text(chat.say("LEA1234"))
    with translation.override("ur"):
        assert str(SEARCH_REFUSED) in refused
    assert "LEA-1234" not in refused and state(chat) == "menu"
    # Another sender is not held back.
    other = Chat(wa_id="923009999999", phone="+923009999999")
    begin(other, "en")
    other.say("1")
    assert "LEA-1234" in text(other.say("LEA1234"))


def test_an_unknown_choice_is_asked_again_and_0_returns_to_the_menu(registers):
    chat = Chat()
    begin(chat, "hi")
    assert in_language("hi", "Please reply 1, 2 or 3, or 0 for the menu.") in text(chat.say("7"))
    chat.say("0")
    assert state(chat) == "menu"
