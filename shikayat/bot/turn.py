"""One incoming message being answered: the conversation (locked), the
message, and the replies collected so far. Step handlers read the input
from here and answer through say()."""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

from shikayat.core.errors import InvalidInput
from shikayat.core.i18n import current_lang
from shikayat.core.phones import normalise_mobile
from shikayat.notifications import outbox
from shikayat.notifications.adapters import whatsapp as limits
from shikayat.whatsapp.types import Incoming

from . import words
from .models import Conversation
from .replies import Reply, fit, with_body

MENU_STATE = "menu"


@dataclass
class Turn:
    conversation: Conversation
    incoming: Incoming
    now: datetime
    replies: list[Reply] = field(default_factory=list)

    # --- the input -------------------------------------------------------------------------------------------

    @property
    def text(self) -> str:
        """What was typed (a media message's caption counts), as sent."""
        return (self.incoming.text or self.incoming.caption or "").strip()

    @property
    def choice(self) -> str:
        """The id of a tapped button or list row, else the folded text."""
        if self.incoming.kind == "interactive" and self.incoming.reply_id:
            return self.incoming.reply_id
        return words.clean(self.text)

    @property
    def number(self) -> int | None:
        return words.number(self.text) if self.incoming.kind == "text" else None

    def is_one_of(self, vocabulary: frozenset[str]) -> bool:
        return self.incoming.kind == "text" and words.clean(self.text) in vocabulary

    @property
    def mobile(self) -> str:
        """The number Meta gave, else the one the citizen typed ("" if neither)."""
        return self.incoming.phone or self.conversation.mobile

    def yes_or_no(self) -> bool | None:
        """A confirmation: True for yes (button, 1 or the word), False for no (2), None for anything else."""
        if self.choice == "yes" or self.number == 1 or self.is_one_of(words.YES):
            return True
        if self.choice == "no" or self.number == 2 or self.is_one_of(words.NO):
            return False
        return None

    def take_mobile(self) -> bool:
        """Keep the mobile number typed (self-declared) on the conversation; else say why it is not one."""
        try:
            self.conversation.mobile = normalise_mobile(self.text if self.incoming.kind == "text" else "")
        except InvalidInput as error:
            self.say(str(error.message))
            return False
        return True

    # --- the conversation ------------------------------------------------------------------------------------

    @property
    def state(self) -> str:
        return self.conversation.state

    @property
    def answers(self) -> dict:
        return self.conversation.answers

    def go(self, state: str, answers: dict | None = None) -> None:
        self.conversation.state = state
        if answers is not None:
            self.conversation.answers = answers

    def to_menu(self) -> None:
        self.go(MENU_STATE, {})

    # --- replies ---------------------------------------------------------------------------------------------

    def say(self, text: str, interactive: dict | None = None) -> None:
        """Queue a reply in the active language. Text too long for an
        interactive message goes first on its own, the choices after it."""
        lang = current_lang()
        text = fit(text, limits.TEXT_MAX)
        if interactive and len(text) > limits.BODY_MAX:
            self.replies.append(Reply(text, None, lang))
            text = _("Please choose:")
        self.replies.append(Reply(text, with_body(interactive, text) if interactive else None, lang))

    def queue_replies(self) -> None:
        """Write the replies to the outbox, keyed by the message they answer,
        so that handling the same message again cannot queue them twice."""
        message_id = self.incoming.message_id
        key = message_id if len(message_id) <= 100 else hashlib.sha256(message_id.encode()).hexdigest()[:40]
        outbox.enqueue_many([
            outbox.message(channel="whatsapp", recipient=self.incoming.wa_id, template="bot_reply",
                           language=reply.language, context=reply.context(), dedupe_key=f"bot:{key}:{n}")
            for n, reply in enumerate(self.replies, start=1)
        ])
