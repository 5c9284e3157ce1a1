"""The WhatsApp menu, regrouped within WhatsApp's list limits: every row and
group row reachable by number and by tap in the three languages, every list
the bot sends within Meta's limits, the numbered fallback, unknown input,
the E-tag shortcut, flows other modules provide (and one not installed), and
"About <the force>" named from data."""

import sys
import types

import pytest
from django.utils import translation

from shikayat.bot import menu
from shikayat.complaints.workflow import Status
from shikayat.demo import about
from shikayat.information.models import InfoTopic
from shikayat.notifications.adapters import whatsapp as limits
from shikayat.notifications.adapters.whatsapp import interactive_problems

from .journey import bring_to
from .test_bot import Chat, bot, in_language  # noqa: F401 (bot is a fixture)

LANGS = ("en", "ur", "hi")
TOPICS = {"ig_cell": "ig-cell", "service_centre": "service-centre", "overseas": "overseas",
          "social_media": "social-media", "website": "website", "citizen_portal": "citizen-portal"}
# The flows other modules write, opened by dotted name.
ELSEWHERE = {"lost": "shikayat.bot.lost", "fir": "shikayat.bot.fir", "searches": "shikayat.bot.searches",
             "sos": "shikayat.bot.sos"}


@pytest.fixture
def topics(bot):  # noqa: F811
    """The information topics, with a title in each language that says which one it is."""
    for code in TOPICS.values():
        InfoTopic.objects.create(code=code, title_en=f"EN {code}", title_ur=f"UR {code}", title_hi=f"HI {code}",
                                 body_en=f"Body {code}", body_ur=f"متن {code}", body_hi=f"पाठ {code}")
    about.load_about("punjab")
    return bot


@pytest.fixture
def flows_elsewhere(monkeypatch):
    """Stand-ins for the flow modules other branches provide: each start(turn) says which one ran."""
    for key, name in ELSEWHERE.items():
        module = types.ModuleType(name)
        module.start = lambda turn, key=key: turn.say(f"started {key}")
        monkeypatch.setitem(sys.modules, name, module)


def rows_of(reply) -> list[dict]:
    return [row for section in reply.context["interactive"]["action"]["sections"] for row in section["rows"]]


def assert_within_limits(reply) -> None:
    interactive = reply.context["interactive"]
    action = interactive["action"]
    rows = rows_of(reply)
    assert interactive["type"] == "list" and 1 <= len(rows) <= limits.LIST_ROWS_MAX == 10
    assert 1 <= len(action["button"]) <= limits.LIST_BUTTON_MAX == 20
    assert all(len(section.get("title", "")) <= limits.SECTION_TITLE_MAX for section in action["sections"])
    assert all(1 <= len(row["title"]) <= limits.ROW_TITLE_MAX == 24 for row in rows)
    assert all(len(row.get("description", "")) <= limits.ROW_DESCRIPTION_MAX == 72 for row in rows)
    assert len(interactive["body"]["text"]) <= limits.BODY_MAX
    assert interactive_problems(interactive) == []


def expected(key: str, lang: str, chat: Chat, text: str) -> bool:
    """Whether what the chat shows is the service `key` opened."""
    if key in TOPICS:
        return f"{lang.upper()} {TOPICS[key]}" in text
    if key == "about":
        return about.titles("punjab")[("en", "ur", "hi").index(lang)] in text
    if key in ("complaint", "harassment", "suggestion"):
        return chat.state.startswith("lodge:")
    if key in {"lost", "fir", "searches", "sos"}:
        return f"started {key}" in text
    states = {"status": "status:etag", "verification": "verification:choice", "offices": "offices:location",
              "missing_child": "missing:choice"}
    if key in states:
        return chat.state == states[key]
    headings = {"helplines": "*Helpline numbers*", "most_wanted": "No one is on the most wanted list at the moment."}
    return in_language(lang, headings[key]) in text


@pytest.mark.parametrize("lang", LANGS)
def test_every_list_the_menu_sends_fits_whatsapp(topics, lang):
    # Given a citizen who chose their language
    chat = Chat()
    # When the menu and each group's list are shown
    [top] = chat.start(lang)[-1:]
    sent = [top]
    for group in menu.GROUPS:
        chat.say("0")
        sent += chat.say(str(menu.path_to(group)[0]))
    # Then every list is a real interactive list within Meta's limits, at most ten rows
    assert len(sent) == 1 + len(menu.GROUPS) == 3
    for reply in sent:
        assert reply.language == lang
        assert_within_limits(reply)
    assert len(rows_of(top)) == 10 and len(menu.MENU) <= 10
    assert all(len(group.rows) <= 10 for group in menu.GROUPS.values())


@pytest.mark.parametrize("lang", LANGS)
def test_every_row_is_reachable_by_number(topics, flows_elsewhere, lang):
    for n, entry in enumerate(e for e in menu.all_entries() if not e.rows):
        # Given a citizen at the menu in their language
        chat = Chat(wa_id=f"92300{n:07d}", phone=f"+92300{n:07d}")
        chat.start(lang)
        # When they type the row's numbers (its group's, then its own)
        replies = []
        for number in menu.path_to(entry.key):
            replies = chat.say(str(number))
        # Then that service opens
        text = "\n".join(r.context["text"] for r in replies)
        assert expected(entry.key, lang, chat, text), (entry.key, lang, chat.state, text)


@pytest.mark.parametrize("lang", LANGS)
def test_every_row_is_reachable_by_tapping_it(topics, flows_elsewhere, lang):
    for n, entry in enumerate(e for e in menu.all_entries() if not e.rows):
        chat = Chat(wa_id=f"92301{n:07d}", phone=f"+92301{n:07d}")
        chat.start(lang)
        path = menu.path_to(entry.key)
        if len(path) == 2:  # the group's list first: its rows are what the citizen sees
            [group_list] = chat.tap(menu.ROW_PREFIX + menu.MENU[path[0] - 1].key)
            assert menu.ROW_PREFIX + entry.key in [row["id"] for row in rows_of(group_list)]
        replies = chat.tap(menu.ROW_PREFIX + entry.key)
        text = "\n".join(r.context["text"] for r in replies)
        assert expected(entry.key, lang, chat, text), (entry.key, lang, chat.state, text)


def test_typed_numbers_in_urdu_and_hindi_digits_open_a_group_row(topics):
    # Given a citizen at the menu in Urdu
    chat = Chat()
    chat.start("ur")
    information = menu.path_to("ig_cell")
    # When they type the group's number and the row's number in Urdu digits
    [group_list] = chat.say("۰۱۲۳۴۵۶۷۸۹"[information[0]])
    [answer] = chat.say("۰۱۲۳۴۵۶۷۸۹"[information[1]])
    # Then the IG complaint cell topic is shown in Urdu
    assert information == [8, 2] and "UR ig-cell" in answer.context["text"]
    assert chat.conversation.answers == {"group": "information"}
    # And the same in Hindi digits from the top again
    chat.say("0")
    assert chat.conversation.answers == {}
    chat.say("भाषा")
    chat.tap("lang:hi")
    chat.say("८")
    assert "HI ig-cell" in chat.say("२")[0].context["text"]


def test_one_at_the_menu_still_lodges_a_complaint(topics):
    chat = Chat()
    chat.start()
    chat.say("1")
    assert chat.state.startswith("lodge:")


def test_unknown_input_at_the_menu_and_in_a_group(topics):
    chat = Chat()
    chat.start()
    # When the citizen types something that is no choice at the menu
    sorry, again = chat.say("what is this")
    # Then they are told the numbers and shown the menu again
    assert sorry.context["text"] == in_language("en", "Sorry, we did not understand that. Please reply with a "
                                                      "number from 1 to %(n)d.", n=10)
    assert_within_limits(again) and len(rows_of(again)) == 10
    # And in a group, a number beyond it is refused with the group's range, and the group's list shown again
    chat.say("8")
    sorry, group_again = chat.say("12")
    assert sorry.context["text"] == in_language("en", "Sorry, we did not understand that. Please reply with a "
                                                      "number from 1 to %(n)d.", n=len(menu.INFORMATION))
    assert [row["id"] for row in rows_of(group_again)] == [menu.ROW_PREFIX + e.key for e in menu.INFORMATION]
    # And "0" leaves the group: 1 is the complaint again
    chat.say("0")
    chat.say("1")
    assert chat.state.startswith("lodge:")


def test_a_group_left_idle_answers_numbers_as_the_menu(topics, settings):
    chat = Chat()
    chat.start()
    chat.say("8")
    chat.at += menu.timedelta(minutes=settings.SHIKAYAT["BOT_IDLE_MINUTES"] + 1)
    chat.say("1")
    assert chat.state.startswith("lodge:")  # not "About Punjab Police", the group's first row


def test_a_flow_not_installed_answers_politely_and_shows_the_menu(topics, flows_elsewhere, monkeypatch):
    # Given the lost-article flow is not installed (no such module)
    monkeypatch.delitem(sys.modules, "shikayat.bot.lost")
    monkeypatch.setattr(menu, "MENU", tuple(
        menu.Entry(e.key, e.title, e.description, "shikayat.bot.not_written_yet.start") if e.key == "lost" else e
        for e in menu.MENU))
    for lang in LANGS:
        chat = Chat(wa_id=f"lost-{lang}", phone="+923001112233")
        chat.start(lang)
        # When the citizen chooses it
        sorry, again = chat.say(str(menu.path_to("lost")[0]))
        # Then they are told it is not available yet, in their language, and the menu is shown
        with translation.override(lang):
            title = str(menu.MENU[2].title)
        assert sorry.context["text"] == in_language(
            lang, "Sorry, “%(service)s” is not available here yet. Please choose another service.", service=title)
        assert chat.state == "menu" and len(rows_of(again)) == 10


def test_sos_typed_at_the_menu_raises_the_alert(topics):
    from shikayat.sos.models import SosAlert

    for n, word in enumerate(("SOS", "مدد", "मदद")):
        chat = Chat(wa_id=f"sos-{n}")
        chat.start()
        told = chat.say(word)[0].context["text"]
        assert SosAlert.objects.filter(wa_id=f"sos-{n}").count() == 1 and "15" in told


def test_an_etag_typed_at_the_menu_shows_its_status(bot, new_complaint):  # noqa: F811
    complaint = bring_to(Status.ASSIGNED, bot, new_complaint, mobile="03001234567")
    chat = Chat()
    chat.start()
    [status] = chat.say(complaint.etag_display)
    assert complaint.etag_display in status.context["text"] and chat.state == "menu"


def test_about_the_force_is_named_from_the_profiles_data(topics):
    chat = Chat()
    chat.start()
    [information] = chat.say("8")
    assert rows_of(information)[0]["title"] == "About Punjab Police"
    [answer] = chat.say("1")
    assert "*About Punjab Police*" in answer.context["text"] and "8787" in answer.context["text"]
    # The UP profile names its own force: too long for a row, so whole in the row's description
    about.load_about("rampur")
    chat.say("0")
    [information] = chat.say("8")
    row = rows_of(information)[0]
    assert row["title"] == "About Uttar Pradesh Pol…" and row["description"] == "About Uttar Pradesh Police"
    assert_within_limits(information)
    chat.say("भाषा")
    chat.tap("lang:hi")
    [information] = chat.say("8")
    assert "उत्तर प्रदेश पुलिस के बारे में" in information.context["text"]
