"""The conversation engine: shikayat.whatsapp calls handle(incoming) for every
citizen message, once per message, from its worker.

Each message is handled in one transaction holding the citizen's
conversation row (SELECT … FOR UPDATE), so two messages from the same
citizen are answered one after the other, each seeing the state the other
left. A message id already handled is skipped, so a redelivery changes
nothing. The replies are outbox rows written in the same transaction.

Before a step sees the message, the escapes every step shares are applied:
the language is chosen first (and can be changed with "language"), a flow
left idle longer than SHIKAYAT["BOT_IDLE_MINUTES"] starts again politely,
"0"/"menu" returns to the menu and "cancel" abandons the flow. STOP and START
(alone in a message) turn the citizen's updates off and on, whatever the step. Before all of them, an SOS
(bot/sos.py: "SOS", "مدد", "मदद" alone, or a live location) raises an alert at any step."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from shikayat.core import clock
from shikayat.core.i18n import LANGS
from shikayat.updates import replies as update_replies
from shikayat.updates import stops
from shikayat.whatsapp.types import Incoming

from . import appealing, applying, fir, info, lodging, lost, menu, searches, sos, tracking, words
from .models import Conversation
from .replies import buttons
from .turn import MENU_STATE, Turn

LANGUAGE_STATE = "language"
LANGUAGE_BUTTONS = [("lang:en", "English"), ("lang:ur", "اردو"), ("lang:hi", "हिन्दी")]
# Steps that are not a flow in progress: nothing to time out or cancel there.
RESTING = {"new", LANGUAGE_STATE, MENU_STATE}


def handle(incoming: Incoming) -> None:
    """Answer one message from a citizen (idempotent per message id, safe
    under concurrent calls for the same citizen)."""
    with transaction.atomic():
        conversation, _created = Conversation.objects.select_for_update().get_or_create(
            wa_id=incoming.wa_id, defaults={"phone": incoming.phone})
        if conversation.has_handled(incoming.message_id):
            return
        if incoming.phone:
            conversation.phone = incoming.phone
        turn = Turn(conversation, incoming, now=clock.now())
        with translation.override(conversation.language or "en"):
            respond(turn)
        conversation.mark_handled(incoming.message_id)
        if conversation.last_message_at is None or incoming.at > conversation.last_message_at:
            conversation.last_message_at = incoming.at
        conversation.save()
        turn.queue_replies()


def respond(turn: Turn) -> None:
    if sos.intercept(turn) or stop_or_start(turn):
        return
    if turn.choice.startswith("lang:") or (turn.state == LANGUAGE_STATE and not turn.conversation.language):
        choose_language(turn)
    elif not turn.conversation.language or turn.is_one_of(words.LANGUAGE):
        ask_language(turn)
    elif timed_out(turn):
        minutes = idle_minutes()
        turn.say(_("We started again because there was no reply for %(minutes)d minutes. Nothing was registered "
                   "from the unfinished steps.") % {"minutes": minutes})
        menu.show_menu(turn)
    elif turn.is_one_of(words.MENU) or turn.choice == "menu":
        menu.show_menu(turn)
    elif turn.is_one_of(words.CANCEL) or turn.choice == "cancel":
        if turn.state not in RESTING:
            turn.say(_("Cancelled. Nothing was registered."))
        menu.show_menu(turn)
    else:
        HANDLERS.get(turn.state, menu.choose_service)(turn)


def stop_or_start(turn: Turn) -> bool:
    """STOP (بند, बंद …) alone in a message turns off updates about the citizen's complaints, START turns them
    on again (shikayat.updates), answered in their language; the step they were at waits. START from a number
    that never stopped is a greeting like any other."""
    word = stops.keyword(turn.text) if turn.incoming.kind == "text" else None
    address = turn.incoming.phone  # the number Meta vouches for, never one typed in chat
    if word is None or not address or (word == "start" and not stops.stopped([address])):
        return False
    update_replies.switch(word, address, "whatsapp")
    lang = update_replies.language_for(address, turn.text, turn.conversation.language)
    with translation.override(lang):
        turn.say(update_replies.answer(word, lang))
    return True


def idle_minutes() -> int:
    return int(settings.SHIKAYAT.get("BOT_IDLE_MINUTES", 30))


def timed_out(turn: Turn) -> bool:
    last = turn.conversation.last_message_at
    return (turn.state not in RESTING and last is not None
            and turn.incoming.at - last > timedelta(minutes=idle_minutes()))


def ask_language(turn: Turn, again: bool = False) -> None:
    """The language question, in all three languages at once."""
    lines = []
    for lang in LANGS:
        with translation.override(lang):
            lines.append(_("Sorry, please reply 1, 2 or 3.") if again else
                         _("Welcome to the police complaint and information service. Please choose your language."))
    lines.append("1. English\n2. اردو (Urdu)\n3. हिन्दी (Hindi)")
    turn.say("\n\n".join(dict.fromkeys(lines)), buttons(LANGUAGE_BUTTONS))  # a line not yet translated: once
    turn.go(LANGUAGE_STATE)


def choose_language(turn: Turn) -> None:
    choice, number = turn.choice, turn.number
    lang = next((code for code in LANGS
                 if choice == f"lang:{code}" or choice in words.LANGUAGE_NAMES[code]
                 or number == LANGS.index(code) + 1), None)
    if lang is None:
        ask_language(turn, again=True)
        return
    turn.conversation.language = lang
    with translation.override(lang):
        menu.show_menu(turn, welcome=True, feedback=True)


HANDLERS = {LANGUAGE_STATE: choose_language, **applying.HANDLERS, **info.HANDLERS, **lodging.HANDLERS,
            **tracking.HANDLERS, **appealing.HANDLERS, **fir.HANDLERS, **searches.HANDLERS, **lost.HANDLERS}
