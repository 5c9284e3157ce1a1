"""The menu's rows for the services of issue 25 open the real flows (not stand-ins), by number and by tap, in
the three languages: the lost-article report, the FIR copy, the public searches, and SOS (which raises an alert
at once, as typing SOS does)."""

import pytest

from shikayat.bot import menu
from shikayat.sos.models import SosAlert

from .test_bot import Chat, bot  # noqa: F401 (bot is a fixture)

LANGS = ("en", "ur", "hi")
FIRST_STATE = {"lost": "lost:kind", "fir": "fir:station", "searches": "search:choice"}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", sorted(FIRST_STATE))
def test_each_new_service_opens_its_flow_from_the_menu(bot, lang, key):  # noqa: F811
    for n, by in enumerate(("number", "tap")):
        # Given a citizen at the menu in their language
        chat = Chat(wa_id=f"92311{n}{len(key):06d}", phone=f"+9231100{n}{len(key):04d}")
        chat.start(lang)
        # When they choose the service by its numbers, or by tapping its rows
        path = menu.path_to(key)
        for step, number in enumerate(path):
            if by == "number":
                replies = chat.say(str(number))
            else:
                entry = menu.MENU[number - 1] if step == 0 else menu.MENU[path[0] - 1].rows[number - 1]
                replies = chat.tap(menu.ROW_PREFIX + entry.key)
        # Then the service's own first step asks its first question
        assert chat.state == FIRST_STATE[key], (key, lang, by, chat.state)
        assert replies and all(r.context.get("text") or r.context.get("interactive") for r in replies)


@pytest.mark.parametrize("lang", LANGS)
def test_the_sos_row_raises_the_alert_and_tells_the_citizen_the_helpline(bot, lang):  # noqa: F811
    chat = Chat(wa_id=f"sos-menu-{lang}", phone="+923004445566")
    chat.start(lang)
    [told] = chat.say(str(menu.path_to("sos")[0]))[-1:]
    alert = SosAlert.objects.get(wa_id=f"sos-menu-{lang}")
    assert alert.language == lang and alert.acknowledged_at is None
    assert "15" in told.context["text"] and chat.state == "menu"
