"""The WhatsApp service bot, driven with parsed messages (the webhook's own
tests post real Cloud API payloads): whole conversations in Urdu and Hindi,
every escape at every step, timeouts, redeliveries, status, feedback and the
information services."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shikayat.accounts.models import Rank
from shikayat.bot import engine, lodging, menu, places
from shikayat.bot.models import Conversation
from shikayat.complaints import etag as etags
from shikayat.complaints.models import Complaint
from shikayat.complaints.workflow import Status
from shikayat.information.models import Helpline, InfoTopic, MissingChildAlert, MostWanted
from shikayat.jurisdictions.models import Unit
from shikayat.notifications.adapters.whatsapp import interactive_problems
from shikayat.notifications.models import OutboxMessage
from shikayat.whatsapp.types import Incoming

from .factories import category
from .journey import bring_to

PHONE = "+923001234567"
URDU, DEVANAGARI = ("\u0600", "\u06ff"), ("\u0900", "\u097f")


def has_script(text: str, script: tuple[str, str]) -> bool:
    return any(script[0] <= ch <= script[1] for ch in text)


def in_language(lang: str, message: str, **values) -> str:
    """What the bot says for `message` in `lang` (whatever the catalogue holds today)."""
    with translation.override(lang):
        text = _(message)
        return text % values if values else text


class Chat:
    """One citizen on WhatsApp. Each call sends a message through the engine
    and returns the replies it queued."""

    def __init__(self, wa_id: str = "923001234567", phone: str = PHONE, name: str = "Ali Raza"):
        self.wa_id, self.phone, self.name = wa_id, phone, name
        self.at = timezone.now() - timedelta(hours=2)
        self.sent = 0

    def incoming(self, kind: str = "text", **fields) -> Incoming:
        self.sent += 1
        self.at += timedelta(seconds=20)
        return Incoming(message_id=f"wamid.{self.wa_id}.{self.sent}", wa_id=self.wa_id, phone=self.phone,
                        profile_name=self.name, at=self.at, kind=kind, **fields)

    def deliver(self, incoming: Incoming) -> list[OutboxMessage]:
        seen = set(self.replies().values_list("pk", flat=True))
        engine.handle(incoming)
        return [row for row in self.replies() if row.pk not in seen]

    def replies(self):
        return OutboxMessage.objects.filter(recipient=self.wa_id, template="bot_reply").order_by("pk")

    def say(self, text: str) -> list[OutboxMessage]:
        return self.deliver(self.incoming(text=text))

    def tap(self, reply_id: str) -> list[OutboxMessage]:
        return self.deliver(self.incoming("interactive", reply_id=reply_id, reply_title=reply_id))

    def share_location(self, lat: float, lng: float) -> list[OutboxMessage]:
        return self.deliver(self.incoming("location", latitude=lat, longitude=lng))

    def send_media(self, kind: str, media_id: str, caption: str = "") -> list[OutboxMessage]:
        mime = {"image": "image/jpeg", "audio": "audio/ogg", "document": "application/pdf"}.get(kind, "video/mp4")
        return self.deliver(self.incoming(kind, media_id=media_id, media_mime=mime, caption=caption))

    @property
    def conversation(self) -> Conversation:
        return Conversation.objects.get(wa_id=self.wa_id)

    @property
    def state(self) -> str:
        return self.conversation.state

    def start(self, lang: str = "en") -> list[OutboxMessage]:
        self.say("hello")
        return self.tap(f"lang:{lang}")


def texts(rows) -> str:
    return "\n".join(row.context["text"] for row in rows)


@pytest.fixture
def bot(force, settings):
    """The test force plus what the bot's services need."""
    c = force.categories
    c["theft"].name_ur, c["theft"].name_hi = "چوری", "चोरी"
    c["theft"].save()
    c["wc_harassment"] = category("WC-HARASSMENT", contact_hours=4, report_hours=24, min_rank=Rank.SDPO,
                                  anonymous=True, confidential=True, allow_sealed_identity=True)
    c["missing"] = category("WC-MISSING-CHILD", contact_hours=1, report_hours=24)
    c["verification"] = category("SVC-VERIFICATION", report_hours=336)
    c["suggestion"] = category("OTHER-SUGGESTION", contact_hours=72, report_hours=336)
    settings.SHIKAYAT = {**settings.SHIKAYAT, "BOT_CATEGORIES": ["THEFT", "AGAINST-POLICE", "NOT-A-CATEGORY"],
                         "BOT_IDLE_MINUTES": 30, "BOT_MAX_DISTANCE_KM": 100}
    return force


@pytest.fixture
def attachments(monkeypatch):
    """The webhook side's media fetch, stubbed: what the bot asked to attach."""
    from shikayat.whatsapp import media

    calls = []
    monkeypatch.setattr(media, "request_attachment", lambda complaint, incoming: calls.append((complaint, incoming)))
    return calls


@pytest.fixture(autouse=True)
def replies_fit_whatsapp(db):
    """Whatever a test made the bot say must be sendable: text within 4,096
    characters, interactive payloads within Meta's limits."""
    yield
    for row in OutboxMessage.objects.filter(template="bot_reply"):
        assert 0 < len(row.context["text"]) <= 4096
        if "interactive" in row.context:
            assert interactive_problems(row.context["interactive"]) == [], row.context


# --- whole conversations -------------------------------------------------------------------------------------


def test_lodging_a_complaint_in_urdu(bot, attachments):
    chat = Chat()
    [welcome] = chat.say("السلام علیکم")
    assert chat.state == "language" and "اردو" in welcome.context["text"]
    assert [b["reply"]["id"] for b in welcome.context["interactive"]["action"]["buttons"]] == [
        "lang:en", "lang:ur", "lang:hi"]

    [menu_reply] = chat.tap("lang:ur")
    assert menu_reply.language == "ur" and "10. " in menu_reply.context["text"]
    assert menu_reply.context["interactive"]["type"] == "list"
    assert chat.conversation.language == "ur"

    [categories] = chat.say("۱")  # Urdu digit one: lodge a complaint
    rows = categories.context["interactive"]["action"]["sections"][0]["rows"]
    assert [r["id"] for r in rows] == ["cat:THEFT", "cat:AGAINST-POLICE"]  # unknown codes are skipped
    assert rows[0]["title"] == "چوری" and categories.language == "ur"

    [ask_description] = chat.tap("cat:THEFT")
    assert ask_description.context["text"] == in_language(
        "ur", "Please describe what happened: what, when and where (at least %(min)d characters).", min=10)
    chat.say("کل رات میری موٹر سائیکل مسجد کے باہر سے چوری ہو گئی۔")
    assert chat.state == "lodge:media"
    [received] = chat.send_media("image", "media-photo-1")
    assert received.context["interactive"]["type"] == "button"
    [ask_place] = chat.say("آگے")
    assert ask_place.context["interactive"] == {
        "type": "location_request_message", "body": {"text": ask_place.context["text"]},
        "action": {"name": "send_location"}}

    [summary] = chat.share_location(31.601, 74.402)  # beside station SA2
    assert "SA2 ur" in summary.context["text"] and "چوری" in summary.context["text"]
    [registered] = chat.say("ہاں")

    complaint = Complaint.objects.get()
    assert complaint.channel == "whatsapp" and complaint.category.code == "THEFT" and complaint.language == "ur"
    assert complaint.incident_unit.code == "SA2" and float(complaint.lat) == pytest.approx(31.601)
    assert complaint.complainant_mobile == PHONE and complaint.complainant_name == "Ali Raza"
    assert complaint.description.startswith("کل رات")
    assert complaint.etag_display in registered.context["text"] and registered.language == "ur"
    assert registered == chat.replies().last()
    [(attached_to, media)] = attachments
    assert attached_to == complaint and media.media_id == "media-photo-1" and media.kind == "image"
    assert chat.state == "menu" and chat.conversation.answers == {}
    assert {row.language for row in chat.replies()[1:]} == {"ur"}


def test_lodging_a_complaint_in_hindi(bot, attachments):
    chat = Chat(wa_id="919876543210", phone="+919876543210", name="")
    chat.say("नमस्ते")
    [menu_reply] = chat.say("3")
    assert menu_reply.language == "hi" and chat.conversation.language == "hi"
    [categories] = chat.say("१")  # Devanagari digit one
    assert categories.context["interactive"]["action"]["sections"][0]["rows"][0]["title"] == "चोरी"
    chat.say("1")
    chat.say("कल रात मस्जिद के बाहर से मेरी मोटरसाइकिल चोरी हो गई।")
    chat.send_media("audio", "voice-1")
    chat.send_media("image", "photo-2", caption="ताला टूटा हुआ")
    chat.say("आगे")
    [summary] = chat.share_location(31.501, 74.301)  # beside SA1
    assert in_language("hi", "Attachments: %(n)d", n=2) in summary.context["text"]
    [registered] = chat.tap("yes")

    complaint = Complaint.objects.get()
    assert (complaint.language, complaint.channel, complaint.category.code) == ("hi", "whatsapp", "THEFT")
    assert complaint.incident_unit.code == "SA1" and complaint.complainant_mobile == "+919876543210"
    assert complaint.complainant_name == in_language("hi", "WhatsApp citizen")  # no profile name
    assert complaint.etag_display in registered.context["text"] and registered.language == "hi"
    assert [m.media_id for _c, m in attachments] == ["voice-1", "photo-2"]


def test_a_police_station_may_be_typed_instead_of_a_location(bot, attachments):
    chat = Chat()
    chat.start()
    chat.say("1")
    chat.say("1")
    chat.say("Someone stole the battery of my car last night.")
    chat.say("skip")
    [which] = chat.say("Sb")  # matches SB1 and SB2
    assert [r["id"] for r in which.context["interactive"]["action"]["sections"][0]["rows"]] == ["unit:SB1",
                                                                                               "unit:SB2"]
    [summary] = chat.tap("unit:SB2")
    assert "Sb2" in summary.context["text"]
    chat.tap("yes")
    assert Complaint.objects.get().incident_unit.code == "SB2"


def test_a_business_scoped_user_without_a_number_is_asked_for_one(bot, attachments):
    chat = Chat(wa_id="PK.4f1c9e", phone="")
    chat.start()
    chat.say("1")
    chat.say("1")
    chat.say("My bicycle was stolen from the school gate.")
    chat.say("skip")
    [ask_mobile] = chat.say("skip")  # place not known
    assert chat.state == "lodge:mobile"
    [refused] = chat.say("12345")
    assert "not a valid mobile number" in refused.context["text"] and chat.state == "lodge:mobile"
    chat.say("0300 7654321")
    chat.tap("yes")
    complaint = Complaint.objects.get()
    assert complaint.complainant_mobile == "+923007654321" and complaint.incident_unit is None


def test_harassment_is_confidential_and_may_be_anonymous(bot, attachments):
    chat = Chat()
    chat.start()
    [ask] = chat.say("6")  # Gender harassment
    assert [b["reply"]["id"] for b in ask.context["interactive"]["action"]["buttons"]] == [
        "anon:no", "anon:seal", "anon:yes"]
    chat.tap("anon:yes")
    chat.say("A man follows me from the bus stop every evening and passes remarks.")
    chat.say("skip")
    chat.share_location(31.5, 74.3)
    [summary] = chat.say("yes")
    complaint = Complaint.objects.get()
    assert complaint.category.code == "WC-HARASSMENT" and complaint.is_confidential and complaint.is_anonymous
    assert complaint.complainant_name == "" and complaint.complainant_mobile == PHONE


def test_harassment_may_seal_the_name_from_the_officers_who_handle_it(bot, attachments):
    chat = Chat()
    chat.start("ur")
    [ask] = chat.say("6")  # Gender harassment
    titles = [b["reply"]["title"] for b in ask.context["interactive"]["action"]["buttons"]]
    assert len(titles) == 3 and all(has_script(t, URDU) and not t.endswith("…") for t in titles), titles
    assert chat.say("qq")[0].context["text"] == in_language("ur", "Sorry, please reply with a number from 1 to "
                                                                  "%(n)d.", n=3)
    chat.say("2")  # seal
    chat.say("ایک آدمی روز بس اسٹاپ سے میرا پیچھا کرتا ہے اور آوازیں کستا ہے۔")
    chat.say("skip")
    [summary] = chat.share_location(31.5, 74.3)
    assert "Ali Raza" in summary.context["text"] and summary.language == "ur"
    chat.tap("yes")
    complaint = Complaint.objects.get()
    assert complaint.identity_sealed and not complaint.is_anonymous and complaint.complainant_name == "Ali Raza"


def test_a_complaint_against_police_names_the_officer_or_skips(bot, attachments):
    from shikayat.accountability.models import Accused

    chat = Chat()
    chat.start()
    chat.say("1")
    chat.tap("cat:AGAINST-POLICE")
    [ask] = chat.say("The duty officer refused to register my FIR and abused me at the station.")
    assert chat.state == "lodge:accused" and "belt number" in ask.context["text"]
    assert "expected the officer's name" in texts(chat.say("x"))
    assert "at most 200 characters" in texts(chat.say("y" * 201))
    assert chat.state == "lodge:accused"
    chat.say("ASI Aslam, belt 4521, police station SA1")
    chat.say("skip")
    [summary] = chat.say("SA1")
    assert "Officer complained about: ASI Aslam, belt 4521" in summary.context["text"]
    chat.tap("yes")
    complaint = Complaint.objects.get()
    assert complaint.handling == "against_police" and complaint.is_confidential
    assert list(Accused.objects.filter(complaint=complaint).values_list("description", flat=True)) == [
        "ASI Aslam, belt 4521, police station SA1"]
    # A theft complaint is never asked about an officer; one against police may skip it.
    chat.say("1")
    chat.tap("cat:THEFT")
    chat.say("My motorcycle was stolen outside the mosque.")
    assert chat.state == "lodge:media"
    chat.say("0")
    chat.say("1")
    chat.tap("cat:AGAINST-POLICE")
    chat.say("The duty officer refused to register my FIR and abused me at the station.")
    chat.tap("skip")
    assert chat.state == "lodge:media"


@pytest.mark.parametrize("steps, code", [
    (["7", "2", "1"], "WC-MISSING-CHILD"),  # Search and alerts → Missing child → report
    (["5", "2"], "SVC-VERIFICATION"),  # Verification → report a delay
    (["9"], "OTHER-SUGGESTION"),  # Feedback and suggestions
])
def test_the_special_services_file_under_their_categories(bot, attachments, steps, code):
    chat = Chat()
    chat.start()
    for step in steps:
        chat.say(step)
    chat.say("Ahmed, 8 years, blue shirt, last seen near the park at 5 pm; or: please open a desk at night.")
    while chat.state != "lodge:confirm":
        chat.say("skip")
    chat.say("1")
    assert Complaint.objects.get().category.code == code


# --- escapes, gibberish, timeouts, redeliveries ----------------------------------------------------------------

# How to reach each step from the menu (English chat).
STEPS = {
    "menu": [],
    "lodge:category": ["1"],
    "lodge:anonymous": ["6"],
    "lodge:description": ["1", "1"],
    "lodge:media": ["1", "1", "My motorcycle was stolen outside the mosque."],
    "lodge:location": ["1", "1", "My motorcycle was stolen outside the mosque.", "skip"],
    "lodge:confirm": ["1", "1", "My motorcycle was stolen outside the mosque.", "skip", "SA1"],
    "status:etag": ["2"],
    "offices:location": ["8", "4"],
    "missing:choice": ["7", "2"],
    "verification:choice": ["5"],
}


def reach(chat: Chat, step: str, lang: str = "en") -> None:
    chat.start(lang)
    for text in STEPS[step]:
        chat.say(text)
    assert chat.state == step


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("lang", ["ur", "hi"])
def test_gibberish_at_every_step_is_answered_politely_in_the_users_language(bot, step, lang):
    chat = Chat()
    reach(chat, step, lang)
    answers = chat.conversation.answers
    replies = chat.say("qq ?")
    assert replies and {row.language for row in replies} == {lang}
    assert chat.state == step and chat.conversation.answers == answers  # nothing taken, nothing lost
    assert not Complaint.objects.exists()
    sorry = {"menu": "Sorry, we did not understand that. Please reply with a number from 1 to %(n)d.",
             "lodge:category": "Sorry, that is not one of the categories. Please reply with a number from 1 to %(n)d.",
             "lodge:description": "Sorry, that is too short to be a description.",
             "lodge:media": "Sorry, we expected a photo, a voice note or a document.",
             "lodge:confirm": "Sorry, please reply 1 to register the complaint or 2 to cancel it."}
    if step in sorry:
        expected = in_language(lang, sorry[step], n=10 if step == "menu" else 2)
        assert expected in texts(replies)


def test_gibberish_before_a_language_is_chosen_asks_again_in_all_three(bot):
    chat = Chat()
    chat.say("hi")
    [again] = chat.say("xyz")
    assert chat.state == "language"
    for lang in ("en", "ur", "hi"):
        assert in_language(lang, "Sorry, please reply 1, 2 or 3.") in again.context["text"]


@pytest.mark.parametrize("step", [s for s in STEPS if s != "menu"])
@pytest.mark.parametrize("word, cancels", [("0", False), ("menu", False), ("مینو", False), ("मेनू", False),
                                           ("cancel", True), ("منسوخ", True), ("रद्द", True)])
def test_menu_and_cancel_work_at_every_step(bot, step, word, cancels):
    chat = Chat()
    reach(chat, step)
    replies = chat.say(word)
    assert chat.state == "menu" and chat.conversation.answers == {}
    assert "10. " in replies[-1].context["text"]
    assert (in_language("en", "Cancelled. Nothing was registered.") in texts(replies)) == cancels
    assert not Complaint.objects.exists()


FEEDBACK_STEPS = {"feedback:choice": [], "feedback:rating": ["1"], "feedback:reason": ["2"]}


@pytest.mark.parametrize("step", FEEDBACK_STEPS)
@pytest.mark.parametrize("word", ["qq ?", "0", "रद्द", "cancel"])
def test_gibberish_and_escapes_in_the_feedback_steps(bot, new_complaint, step, word):
    complaint = bring_to(Status.AWAITING_FEEDBACK, bot, new_complaint, mobile="03001234567")
    chat = Chat()
    chat.start("hi")
    for text in FEEDBACK_STEPS[step]:
        chat.say(text)
    assert chat.state == step
    replies = chat.say(word)
    assert replies and {row.language for row in replies} == {"hi"}
    assert chat.state == (step if word == "qq ?" else "menu")
    complaint.refresh_from_db()
    assert complaint.status == Status.AWAITING_FEEDBACK


@pytest.mark.parametrize("step, texts_to_send", [
    ("lodge:mobile", ["1", "1", "My motorcycle was stolen outside the mosque.", "skip", "skip"]),
    ("status:mobile", ["2"]),
])
def test_gibberish_and_escapes_where_a_number_is_asked_for(bot, step, texts_to_send):
    chat = Chat(wa_id="PK.b5", phone="")
    chat.start("ur")
    for text in texts_to_send:
        chat.say(text)
    assert chat.state == step
    [sorry] = chat.say("qq ?")
    assert sorry.language == "ur" and chat.state == step
    chat.say("منسوخ")
    assert chat.state == "menu" and chat.conversation.mobile == ""


def test_the_menu_button_of_an_interactive_message_returns_to_the_menu(bot):
    chat = Chat()
    reach(chat, "missing:choice")
    chat.tap("menu")
    assert chat.state == "menu"


def test_an_idle_flow_starts_again_politely(bot):
    chat = Chat()
    reach(chat, "lodge:description", "ur")
    chat.at += timedelta(minutes=31)
    replies = chat.say("میری موٹر سائیکل چوری ہو گئی ہے، براہ مہربانی مدد کریں۔")
    assert in_language("ur", "We started again because there was no reply for %(minutes)d minutes. Nothing was "
                             "registered from the unfinished steps.", minutes=30) == replies[0].context["text"]
    assert chat.state == "menu" and chat.conversation.answers == {}
    assert not Complaint.objects.exists()


def test_a_flow_resumed_within_the_idle_time_goes_on(bot):
    chat = Chat()
    reach(chat, "lodge:description")
    chat.at += timedelta(minutes=29)
    chat.say("My motorcycle was stolen outside the mosque.")
    assert chat.state == "lodge:media"


def test_the_same_message_twice_is_handled_once(bot):
    chat = Chat()
    chat.start()
    message = chat.incoming(text="1")
    first = chat.deliver(message)
    again = chat.deliver(message)
    assert first and again == [] and chat.state == "lodge:category"
    assert chat.conversation.recent_message_ids[-1] == message.message_id


def test_greetings_in_every_script_open_the_menu(bot):
    chat = Chat()
    chat.start()
    for greeting in ["Salam", "AOA", "Assalam-o-Alaikum!", "سلام", "नमस्ते", "hello"]:
        [reply] = chat.say(greeting)
        assert "10. " in reply.context["text"], greeting
        assert in_language("en", "Sorry, we did not understand that. Please reply with a number from 1 to %(n)d.",
                           n=10) not in reply.context["text"]


def test_the_language_can_be_changed_later(bot):
    chat = Chat()
    chat.start("en")
    chat.say("زبان")
    [reply] = chat.tap("lang:hi")
    assert chat.conversation.language == "hi" and reply.language == "hi"
    chat.tap("lang:ur")  # the first message's buttons, tapped again later
    assert chat.conversation.language == "ur" and chat.state == "menu"


def test_a_location_far_outside_the_force_is_refused_and_asked_again(bot, attachments):
    chat = Chat()
    reach(chat, "lodge:location")
    [refused] = chat.share_location(51.5072, -0.1276)  # London
    assert chat.state == "lodge:location" and "100 km" in refused.context["text"]
    assert refused.context["interactive"]["type"] == "location_request_message"
    chat.share_location(30.21, 71.41)  # beside SB1
    assert chat.state == "lodge:confirm"
    chat.say("yes")
    assert Complaint.objects.get().incident_unit.code == "SB1"


def test_a_stale_button_from_an_earlier_step_is_not_taken(bot):
    chat = Chat()
    reach(chat, "lodge:description")
    chat.tap("cat:AGAINST-POLICE")  # the category list, tapped again
    assert chat.state == "lodge:description" and chat.conversation.answers["category"] == "THEFT"


# --- status and feedback -------------------------------------------------------------------------------------


def test_status_of_ones_own_complaint(bot, new_complaint):
    complaint = new_complaint(mobile="03001234567", unit="SA1")
    chat = Chat()
    reach(chat, "status:etag", "ur")
    [reply] = chat.say(complaint.etag_display.lower())
    assert complaint.etag_display in reply.context["text"] and reply.language == "ur"
    with translation.override("ur"):
        assert str(Status(complaint.status).label) in reply.context["text"]
    assert chat.state == "menu"


def test_someone_elses_etag_leaks_nothing(bot, new_complaint):
    theirs = new_complaint(mobile="03009999999", unit="SB1", description="Private matter about my neighbour's son.")
    chat = Chat()
    reach(chat, "status:etag")
    [not_theirs] = chat.say(theirs.etag_display)
    unknown = etags.encode(987654)
    [not_found] = chat.say(etags.display(unknown))
    assert not_theirs.context["text"] == not_found.context["text"]
    for secret in ("Sb1", "Theft", "neighbour", "Registered"):
        assert secret not in not_theirs.context["text"]
    assert chat.state == "status:etag"


def test_a_mistyped_etag_is_explained(bot, new_complaint):
    complaint = new_complaint(mobile="03001234567")
    code = complaint.etag
    swapped = code[:2] + code[3] + code[2] + code[4:]
    chat = Chat()
    reach(chat, "status:etag", "ur")
    [reply] = chat.say(swapped)
    with translation.override("ur"):
        try:
            etags.normalise(swapped)
        except Exception as error:  # noqa: BLE001 - the message the citizen must see
            expected = str(error.message)
    assert expected in reply.context["text"] and has_script(reply.context["text"], URDU)
    [malformed] = chat.say("ABC")
    assert "8" in malformed.context["text"] and chat.state == "status:etag"


def test_a_citizen_is_asked_for_feedback_and_a_satisfied_rating_closes_the_complaint(bot, new_complaint):
    complaint = bring_to(Status.AWAITING_FEEDBACK, bot, new_complaint, mobile="03001234567")
    chat = Chat()
    [ask] = chat.start("ur")  # choosing the language greets: the pending feedback comes first
    assert complaint.etag_display in ask.context["text"] and ask.language == "ur"
    titles = [b["reply"]["title"] for b in ask.context["interactive"]["action"]["buttons"]]
    assert titles[:2] == [in_language("ur", "Satisfied"), in_language("ur", "Not satisfied")]
    assert has_script(titles[0], URDU)

    [rate] = chat.tap("fb:yes")
    assert len(rate.context["interactive"]["action"]["sections"][0]["rows"]) == 5
    [closed] = chat.tap("rate:4")
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED and complaint.satisfaction_rating == 4
    event = complaint.events.order_by("-at", "-id").first()
    assert event.action == "confirm_satisfied" and event.channel == "whatsapp"
    assert event.data["credential"] == "whatsapp"  # the number WhatsApp vouched for
    assert complaint.etag_display in closed.context["text"] and chat.state == "menu"


def test_not_satisfied_with_a_reason_reopens_the_complaint(bot, new_complaint):
    complaint = bring_to(Status.AWAITING_FEEDBACK, bot, new_complaint, mobile="03001234567")
    chat = Chat()
    chat.start("hi")
    chat.say("2")
    [short] = chat.say("नहीं")
    assert chat.state == "feedback:reason" and short.language == "hi"
    chat.say("मेरा सामान अभी तक वापस नहीं मिला है।")
    complaint.refresh_from_db()
    assert complaint.status == Status.REOPENED and complaint.unit.code == "CA"  # one level up from SA1


def test_status_of_a_complaint_awaiting_feedback_asks_for_it(bot, new_complaint):
    complaint = bring_to(Status.AWAITING_FEEDBACK, bot, new_complaint, mobile="03001234567")
    chat = Chat()
    chat.start()
    chat.tap("fb:later")
    assert chat.state == "menu"
    chat.say("2")  # Complaint status
    chat.say(complaint.etag_display)
    assert chat.state == "feedback:choice"
    chat.say("yes")
    chat.say("5")
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED and complaint.satisfaction_rating == 5


def test_feedback_cannot_be_given_for_a_typed_number(bot, new_complaint):
    complaint = bring_to(Status.AWAITING_FEEDBACK, bot, new_complaint, mobile="03001234567")
    chat = Chat(wa_id="PK.77", phone="")
    chat.start()
    chat.say("2")  # Complaint status
    chat.say("03001234567")
    [status] = chat.say(complaint.etag_display)
    assert chat.state == "menu"  # status shown, but no feedback on an unverified number
    complaint.refresh_from_db()
    assert complaint.status == Status.AWAITING_FEEDBACK


# --- information services ------------------------------------------------------------------------------------


def test_information_comes_from_the_admins_data_in_the_chosen_language(bot):
    topic = InfoTopic.objects.create(code="overseas", title_en="Overseas Pakistanis", title_ur="سمندر پار پاکستانی",
                                     body_en="Call the overseas cell.", body_ur="اوورسیز سیل سے رابطہ کریں۔",
                                     body_hi="ओवरसीज़ सेल से संपर्क करें।")
    chat = Chat()
    chat.start("ur")
    chat.say("8")  # Police information
    [reply] = chat.say("6")  # Overseas citizens
    assert "سمندر پار پاکستانی" in reply.context["text"] and "اوورسیز سیل" in reply.context["text"]
    topic.body_ur = "نیا نمبر: 042-111"
    topic.save()
    [changed] = chat.say("6")  # still in the group's list
    assert "نیا نمبر: 042-111" in changed.context["text"] and "اوورسیز سیل" not in changed.context["text"]
    topic.is_active = False
    topic.save()
    [gone] = chat.say("6")
    assert "042-111" not in gone.context["text"]


def test_hindi_falls_back_to_english_where_the_admin_left_it_empty(bot):
    InfoTopic.objects.create(code="website", title_en="Police website", body_en="https://police.example")
    chat = Chat()
    chat.start("hi")
    chat.say("8")  # Police information
    [reply] = chat.say("8")  # Police website
    assert "https://police.example" in reply.context["text"]


def test_helplines_most_wanted_and_missing_child_alerts(bot):
    Helpline.objects.create(number="15", name_en="Police emergency", name_ur="پولیس ایمرجنسی")
    MostWanted.objects.create(name_en="Bashir Ahmad", name_ur="بشیر احمد", details_en="Wanted for robbery.",
                              details_ur="ڈکیتی میں مطلوب۔", reward="Rs 500,000")
    MostWanted.objects.create(name_en="Retired Person", details_en="Caught.", is_active=False)
    MissingChildAlert.objects.create(name="Sana", age=7, last_seen_place="Anarkali", details_ur="گلابی فراک",
                                     last_seen_at=timezone.now())
    chat = Chat()
    chat.start("ur")
    chat.say("8")  # Police information
    assert "پولیس ایمرجنسی" in chat.say("3")[0].context["text"]  # Helpline numbers
    chat.say("0")
    chat.say("7")  # Search and alerts
    wanted = chat.say("3")[0].context["text"]  # Most wanted
    assert "بشیر احمد" in wanted and "Rs 500,000" in wanted and "Retired Person" not in wanted
    chat.say("2")  # Missing child, in the same list
    alerts = chat.tap("mc:alerts")[0].context["text"]
    assert "Sana" in alerts and "گلابی فراک" in alerts and chat.state == "menu"


def test_nearest_police_offices_by_shared_location(bot):
    station = bot.units["sB2"]
    station.phone, station.address = "061-1234567", "Near the clock tower"
    station.save()
    chat = Chat()
    chat.start()
    chat.say("8")  # Police information
    [ask] = chat.say("4")  # Police offices near you
    assert ask.context["interactive"]["type"] == "location_request_message"
    [far] = chat.share_location(24.86, 67.0)  # Karachi
    assert chat.state == "offices:location" and "100 km" in far.context["text"]
    [near] = chat.share_location(30.31, 71.51)
    first = near.context["text"].split("\n\n")[0]
    assert "Sb2" in first and "061-1234567" in first and "km" in first and chat.state == "menu"


@pytest.mark.parametrize("profile, lang, script", [("punjab", "ur", URDU), ("rampur", "hi", DEVANAGARI)])
def test_the_demo_force_answers_every_service_in_the_citizens_language(db, settings, attachments, profile, lang,
                                                                        script):
    from django.core.management import call_command

    if profile == "rampur":
        settings.SHIKAYAT = {**settings.SHIKAYAT, "DEFAULT_REGION": "IN"}
    call_command("load_demo", profile=profile, complaints=0, verbosity=0)
    phone = "+923001234567" if profile == "punjab" else "+919876543210"
    chat = Chat(wa_id=phone.lstrip("+"), phone=phone)
    chat.start(lang)
    chat.say("8")  # Police information: about the force, IG cell, helplines, centres, overseas, social, web, portal
    for number in (1, 2, 3, 5, 6, 7, 8, 9):
        [reply] = chat.say(str(number))
        assert has_script(reply.context["text"], script), (number, reply.context["text"])
        assert chat.state == "menu"
    chat.say("0")
    chat.say("7")  # Search and alerts
    assert has_script(chat.say("3")[0].context["text"], script)  # Most wanted
    chat.say("2")  # Missing child
    alerts = chat.tap("mc:alerts")[0].context["text"]
    assert ("ڈیمو:" if lang == "ur" else "डेमो:") in alerts and "Demo:" not in alerts  # the alert's name too
    [categories] = chat.say("1")
    rows = categories.context["interactive"]["action"]["sections"][0]["rows"]
    assert rows[0]["id"] == "cat:CRIME-THEFT" and len(rows) == 10 and has_script(rows[0]["title"], script)
    chat.say("0")
    for service in ("6", "9"):  # Gender harassment, feedback and suggestions
        chat.say(service)
        assert chat.state in ("lodge:anonymous", "lodge:description"), service
        chat.say("0")
    station = Unit.objects.filter(children__isnull=True, lat__isnull=False).first()
    chat.say("1")
    chat.tap("cat:CRIME-THEFT")
    chat.say("My motorcycle was stolen outside the mosque after prayers.")
    chat.say("skip")
    chat.share_location(float(station.lat), float(station.lng))
    chat.tap("yes")
    complaint = Complaint.objects.get(channel="whatsapp")
    assert complaint.incident_unit == station and complaint.language == lang


# --- Meta's limits ---------------------------------------------------------------------------------------------


def test_long_category_names_are_cut_to_fit_a_list_row(bot, settings):
    long = category("LONG", parent=None)
    long.name_en = "Negligence of the police in registering a first information report"
    long.save()
    settings.SHIKAYAT = {**settings.SHIKAYAT, "BOT_CATEGORIES": ["LONG"]}
    chat = Chat()
    chat.start()
    [reply] = chat.say("1")
    [row] = reply.context["interactive"]["action"]["sections"][0]["rows"]
    assert len(row["title"]) == 24 and row["title"].endswith("…") and len(row["description"]) <= 72
    [ask] = chat.tap("cat:LONG")
    assert chat.state == "lodge:description"


def test_a_long_text_with_choices_is_sent_as_text_then_the_choices(bot):
    InfoTopic.objects.create(code="verification", title_en="Verification", body_en="Bring your CNIC. " * 100)
    chat = Chat()
    chat.start()
    text, choices = chat.say("5")  # Verification
    assert "interactive" not in text.context and len(text.context["text"]) > 1024
    assert choices.context["interactive"]["type"] == "button"
    assert len(choices.context["interactive"]["body"]["text"]) <= 1024


def test_the_menu_keeps_the_fifteen_services_within_ten_rows(bot):
    chat = Chat()
    [reply] = chat.start()
    for number, entry in enumerate(menu.MENU, start=1):
        assert f"\n{number}. {entry.title}" in reply.context["text"]
    the_fifteen = {"complaint", "ig_cell", "service_centre", "helplines", "harassment", "offices", "overseas",
                   "social_media", "website", "missing_child", "most_wanted", "citizen_portal", "verification",
                   "suggestion", "status"}
    assert the_fifteen <= {entry.key for entry in menu.all_entries()}
    assert len(menu.MENU) == 10 and len(lodging.FLOWS) == 5
    assert places.max_distance_km() == 100


# --- concurrency (PostgreSQL) ----------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_messages_of_one_citizen_are_handled_one_after_the_other(settings):
    from .factories import build_force

    build_force()
    settings.SHIKAYAT = {**settings.SHIKAYAT, "BOT_CATEGORIES": ["THEFT"]}
    chat = Chat()
    chat.start()
    first, second = chat.incoming(text="1"), chat.incoming(text="1")
    # Two messages at once, and the first delivered twice. Handled in turn, "1" opens the complaint
    # flow and the next "1" picks the first category; handled side by side, both would open the flow.
    barrier = threading.Barrier(3)
    errors = []

    def deliver(message):
        try:
            barrier.wait()
            engine.handle(message)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver, args=(message,)) for message in (first, second, first)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert chat.state == "lodge:description" and chat.conversation.answers["category"] == "THEFT"
    assert chat.conversation.recent_message_ids[-2:] in ([first.message_id, second.message_id],
                                                         [second.message_id, first.message_id])


def test_an_applicant_follows_a_service_application_by_its_etag(bot):
    from shikayat.complaints.permissions import CitizenActor
    from shikayat.services import actions as services
    from shikayat.services.models import Service

    Service.objects.create(code="tenant-registration", name_en="Tenant registration", name_ur="کرایہ دار کا اندراج",
                           needs_record_check=False)
    data = {"name": "Bilal Ahmed", "id_number": "35202-1234567-1", "mobile": "03001234567", "station": "SA1",
            "address": "House 12, Model Town"}
    mine = services.apply(actor=CitizenActor(mobile="+923001234567"), channel="web",
                          service_code="tenant-registration", data=data)
    theirs = services.apply(actor=CitizenActor(mobile="+923009999999"), channel="web",
                            service_code="tenant-registration", data={**data, "mobile": "03009999999"})
    chat = Chat()
    reach(chat, "status:etag", "ur")
    [reply] = chat.say(mine.etag_display)
    assert mine.etag_display in reply.context["text"] and "کرایہ دار کا اندراج" in reply.context["text"]
    assert chat.state == "menu"
    reach(chat, "status:etag")
    [not_theirs] = chat.say(theirs.etag_display)
    assert theirs.etag_display not in not_theirs.context["text"] and "Tenant" not in not_theirs.context["text"]
