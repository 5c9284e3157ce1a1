"""The citizen hears every step, end to end, once per channel they can come by (web, WhatsApp, SMS, email): three
complaints lodged through the real door; the first walked through every public step (marked, contact, field
visit, FIR, action reported, transfer, marked again, escalated, resolution proposed and approved, reopened by the
citizen on the web page from the link they were sent, marked, contact, visit, resolution again, closed by the
citizen), the second rejected with the office to go to and how to appeal, the third merged into the first. Every
message goes through the real outbox worker (delivery.deliver_due) and the real adapters: the SMS gateway and the
WhatsApp Cloud API are a local HTTP server (test_delivery_faults.FakeProviders), email is Django's mail outbox.

Each test asserts the exact messages the citizen receives, in order: text, language, channel, recipient, the link
(it acts for the complainant, naming the channel it went by), steps folded within five minutes, at most four a
day (the rest wait, folded, for the cap: the final close is not lost), SMS waiting out the night (21:00-08:00)
while WhatsApp and email do not, and STOP / START."""

import json
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from freezegun import freeze_time

from shikayat.accounts.models import Rank
from shikayat.channels.email_intake import process_message
from shikayat.complaints import actions
from shikayat.complaints import etag as etags
from shikayat.complaints.links import grant_from_token
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.complaints.workflow import Status
from shikayat.jurisdictions.models import Unit
from shikayat.notifications import delivery
from shikayat.notifications.messages import render, render_subject
from shikayat.notifications.models import OutboxMessage, WhatsAppContact
from shikayat.updates import stops
from shikayat.updates.models import UpdateStop

from .factories import category
from .test_bot import (
    Chat,
    bot,  # noqa: F401 (fixture)
)
from .test_citizen_pages import verify
from .test_delivery_faults import FakeProviders
from .test_updates import stop_line

KARACHI = ZoneInfo("Asia/Karachi")
LINK = "<link>"
LINK_IN_TEXT = re.compile(r"http://127\.0\.0\.1:8000/track/link/(\S+)/")
SMS_TOKEN = "gateway-secret-0123456789"
FIRST_RESOLUTION = "The motorcycle was traced to a scrap dealer and returned to you."
SECOND_RESOLUTION = "The thief was arrested and the motorcycle's papers were returned to you."


# Day 1 is the day after tomorrow: what was queued before the journey (real time) is due by then, and the links
# the citizen is sent (signed at the real time) are still young when they open them.
DAY_ONE = datetime.now(KARACHI).date() + timedelta(days=2)


def day(n: int, hour: int, minute: int = 0) -> datetime:
    """Local time on day n of the journey."""
    return datetime.combine(DAY_ONE + timedelta(days=n - 1), time(hour, minute), tzinfo=KARACHI)


def in_language(lang: str, message: str, **values) -> str:
    """`message` as the catalogue gives it in `lang` today (English until its translation is merged)."""
    with translation.override(lang):
        text = translation.gettext(message)
        return text % values if values else text


@dataclass(frozen=True)
class Got:
    """One message as it reached the citizen's phone or mailbox."""

    channel: str
    to: str
    text: str  # the link replaced by LINK; a WhatsApp template as "template <name>: <params joined by | >"
    link_credential: str = ""  # what the link lets its holder do
    link_etag: str = ""
    subject: str = ""
    link: str = ""


class Phone:
    """Everything the providers were asked to deliver, read in order: SMS and WhatsApp from the local HTTP
    server, email from Django's mail outbox."""

    def __init__(self, providers: FakeProviders):
        self.providers, self.seen_requests, self.seen_mails = providers, 0, 0

    def deliver(self, at: datetime) -> list[Got]:
        while delivery.deliver_due(now=at):
            pass
        return self.new()

    def new(self) -> list[Got]:
        requests, mails = self.providers.requests[self.seen_requests:], mail.outbox[self.seen_mails:]
        self.seen_requests, self.seen_mails = len(self.providers.requests), len(mail.outbox)
        got = [self._request(r) for r in requests] + [self._mail(m) for m in mails]
        return sorted(got, key=lambda g: ("sms", "whatsapp", "email").index(g.channel))

    def _request(self, request: dict) -> Got:
        body = json.loads(request["body"])
        if request["path"] == "/sms":
            return self._got("sms", body["to"], body["text"])
        if body["type"] == "text":
            return self._got("whatsapp", "+" + body["to"], body["text"]["body"])
        if body["type"] == "interactive":  # the bot's replies with buttons or lists
            return self._got("whatsapp", "+" + body["to"], body["interactive"]["body"]["text"])
        template = body["template"]
        params = [p["text"] for p in template["components"][0]["parameters"]] if template["components"] else []
        return self._got("whatsapp", "+" + body["to"], f"template {template['name']} ({template['language']['code']}"
                         f"): " + " | ".join(params))

    def _mail(self, email) -> Got:
        assert email.extra_headers["Auto-Submitted"] == "auto-generated"
        return self._got("email", email.to[0], email.body, subject=email.subject)

    @staticmethod
    def _got(channel: str, to: str, text: str, subject: str = "") -> Got:
        found = LINK_IN_TEXT.search(text)
        grant = grant_from_token(found.group(1)) if found else None
        return Got(channel, to, LINK_IN_TEXT.sub(LINK, text), grant.credential if grant else "",
                   grant.etag if grant else "", subject, found.group(0) if found else "")


class Words:
    """The citizen's words (updates/wording.py) in `lang`, composed from the catalogue as the citizen reads them."""

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, message: str, **values) -> str:
        return in_language(self.lang, message, **values)

    def unit(self, code: str) -> str:
        return Unit.objects.get(code=code).name_in(self.lang)

    def rank(self, rank: int) -> str:
        with translation.override(self.lang):
            return str(Rank(rank).label)

    def marked(self, rank: int, unit: str) -> str:
        return self("Your complaint was marked to %(officer)s at %(unit)s.", unit=self.unit(unit),
                    officer=self("an officer of rank %(rank)s", rank=self.rank(rank)))

    def approved(self, resolution: str) -> str:
        return self("The police proposed this resolution of your complaint: “%(resolution)s”", resolution=resolution)

    def answer(self) -> str:
        return self("Please tell us whether you are satisfied, at the link below; your complaint stays open until "
                    "you answer.")

    def message(self, etag: str, *steps: str) -> str:
        """The update as rendered for SMS, email and WhatsApp inside its 24-hour window."""
        text = steps[0] if len(steps) == 1 else "\n".join(f"• {step}" for step in steps)
        rendered = render("complaint_update", self.lang, {"etag": etag, "steps": text, "track_url": "http://link"})
        return rendered.replace("http://link", LINK)

    def template(self, etag: str, *steps: str) -> str:
        """The same update as an approved WhatsApp template (outside the window): its parameters on one line."""
        text = steps[0] if len(steps) == 1 else "\n".join(f"• {step}" for step in steps)
        return f"template complaint_update ({self.lang}): {etag} | {' '.join(text.split())} | {LINK}"


@pytest.fixture
def providers():
    server = FakeProviders()
    yield server
    server.stop()


@pytest.fixture
def service(force, settings, providers):
    """The real adapters against the local providers; the updates' defaults made explicit, appeals within 30 days."""
    category("OTHER-GENERAL")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SHIKAYAT = {
        **settings.SHIKAYAT,
        "MESSAGE_BACKENDS": {"sms": "sms-gateway", "whatsapp": "whatsapp", "email": "email"},
        "SMS_API": {"URL": providers.url + "/sms", "TOKEN": "out-token", "CONNECT_TIMEOUT": 2, "READ_TIMEOUT": 5},
        "WHATSAPP": {"BASE_URL": providers.url, "API_VERSION": "v21.0", "PHONE_NUMBER_ID": "1055", "TOKEN": "wa",
                     "LANGUAGE_CODES": {"en": "en", "ur": "ur", "hi": "hi"}, "READ_TIMEOUT": 5},
        "SMS_GATEWAY_TOKEN": SMS_TOKEN, "EMAIL_INTAKE_ADDRESS": "complaints@police.example.pk",
        "UPDATE_FOLD_MINUTES": 5, "UPDATES_PER_DAY": 4, "SMS_QUIET_HOURS": "21:00-08:00",
        "NAME_OFFICERS_TO_CITIZENS": False,
    }
    return Phone(providers)


# --- the journey every channel walks ---------------------------------------------------------------------------


@dataclass
class Journey:
    """The three complaints, the force and the citizen's phone."""

    force: object
    phone: Phone
    first: Complaint
    second: Complaint
    third: Complaint

    @property
    def o(self):
        return self.force.officers


def answer_on_the_web(link: str, at: datetime, **answer) -> None:
    """The citizen opens the link they were sent and answers on their complaint's page."""
    client = Client()
    with freeze_time(at):
        page = client.get(link.removeprefix("http://127.0.0.1:8000"), follow=True)
        assert page.status_code == 200
        etag = page.redirect_chain[-1][0].rstrip("/").rsplit("/", 1)[-1]
        client.post(f"/track/{etag}/feedback/", answer)


def walk_the_first(j: Journey, window_from: datetime | None = None) -> list[Got]:
    """Every public step of the first complaint, delivering as the worker would; returns what reached the citizen.
    `window_from`: the citizen wrote to us on WhatsApp then (a 24-hour session window opens)."""
    o, c, phone = j.o, j.first, j.phone
    got: list[Got] = []
    # Day 1: marked and called within minutes (one message), then one step an hour: four messages by 13:06.
    c = actions.assign(c, actor=o["cpo_cell"], officer=o["sho_A"], now=day(1, 10))
    c = actions.log_contact(c, actor=o["sho_A"], method="call", outcome="Took his statement.", now=day(1, 10, 2))
    got += phone.deliver(day(1, 10, 6))
    c = actions.log_field_visit(c, actor=o["sho_A"], findings="Two shopkeepers saw a man in a red cap.",
                                now=day(1, 11))
    got += phone.deliver(day(1, 11, 6))
    c = actions.link_fir(c, actor=o["sho_A"], fir_number="512/2031", police_station="Civil Lines", now=day(1, 12))
    got += phone.deliver(day(1, 12, 6))
    c = actions.report_action(c, actor=o["sho_A"], report="Raided Bilal Scrap, recovered the frame.", now=day(1, 13))
    got += phone.deliver(day(1, 13, 6))
    # The fifth message of the day waits for the cap, gathering three steps.
    c = actions.transfer(c, actor=o["cpo_cell"], unit=j.force.units["sA2"], reason="Recovered within SA2's area.",
                         now=day(1, 14))
    c = actions.assign(c, actor=o["cpo_cell"], officer=o["sdpo_A"], now=day(1, 14, 1))
    c = actions.log_contact(c, actor=o["sdpo_A"], method="visit", outcome="Met him at home.", now=day(1, 14, 30))
    assert phone.deliver(day(1, 15)) == [] and phone.deliver(day(2, 10, 5)) == []
    got += phone.deliver(day(2, 10, 7))  # 24 hours after the first of the day's four
    # Escalated at 22:00: WhatsApp and email at once, SMS in the morning.
    c = actions.escalate(c, actor=SYSTEM, officer=o["dpo_A"], stage="report", now=day(2, 22))
    got += phone.deliver(day(2, 22, 10))
    got += phone.deliver(day(3, 8, 1))
    # Day 3: a resolution, the citizen's "not satisfied" on the web from the link, the work again.
    if window_from:
        WhatsAppContact.objects.create(wa_id=c.complainant_mobile.lstrip("+"), phone=c.complainant_mobile,
                                       last_inbound_at=window_from)
    c = actions.propose_resolution(c, actor=o["sdpo_A"], resolution=FIRST_RESOLUTION, now=day(3, 10))
    c = actions.approve_resolution(c, actor=o["dpo_A"], now=day(3, 10, 3))
    asked = phone.deliver(day(3, 10, 6))
    got += asked
    answer_on_the_web(asked[0].link, day(3, 11), satisfied="no", comment="Only the frame came back, not the engine.")
    got += phone.deliver(day(3, 11, 6))
    c = Complaint.objects.get(pk=c.pk)
    assert c.status == Status.REOPENED and c.unit.code == "DA"
    c = actions.assign(c, actor=o["cpo_cell"], officer=o["sdpo_A"], now=day(3, 11, 30))
    c = actions.log_contact(c, actor=o["sdpo_A"], method="call", outcome="He explained.", now=day(3, 11, 32))
    c = actions.log_field_visit(c, actor=o["sdpo_A"], findings="The engine is at the workshop.", now=day(3, 11, 33))
    got += phone.deliver(day(3, 11, 36))
    # The fifth of day 3: resolution, approval and the citizen's "satisfied" (on the web, from the earlier link)
    # fold into one message that waits for the cap; the close is not lost.
    c = actions.propose_resolution(c, actor=o["sdpo_A"], resolution=SECOND_RESOLUTION, now=day(3, 12))
    c = actions.approve_resolution(c, actor=o["dpo_A"], now=day(3, 12, 1))
    answer_on_the_web(asked[0].link, day(3, 12, 2), satisfied="yes", rating="5", comment="Thank you.")
    assert Complaint.objects.get(pk=c.pk).status == Status.CLOSED
    got += phone.deliver(day(3, 22, 11))
    got += phone.deliver(day(4, 8, 2))
    assert phone.deliver(day(9, 12)) == []  # nothing more, ever
    return got


def first_messages(words: Words) -> list[list[str]]:
    """The ten messages about the first complaint, each the steps it tells."""
    w = words
    return [
        [w.marked(Rank.INSPECTOR, "SA1"), w("An officer spoke to you by phone.")],
        [w("An officer visited the place to verify the facts.")],
        [w("An FIR was registered on your complaint: number %(fir)s, police station %(station)s.",
           fir="512/2031", station="Civil Lines")],
        [w("The police reported action taken on your complaint.")],
        [w("Your complaint was transferred to %(unit)s, which will mark it to an officer.", unit=w.unit("SA2")),
         w.marked(Rank.SDPO, "CA"), w("An officer visited you.")],
        [w("Your complaint was not dealt with in time, so it was escalated to %(officer)s.",
           officer=w("a senior officer of rank %(rank)s", rank=w.rank(Rank.DPO)))],
        [w("The officer reported how your complaint was resolved; a senior officer is checking it."),
         w.approved(FIRST_RESOLUTION) + " " + w.answer()],
        [w("You were not satisfied, so your complaint was reopened and sent to %(unit)s.", unit=w.unit("DA"))],
        [w.marked(Rank.SDPO, "CA"), w("An officer spoke to you by phone."),
         w("An officer visited the place to verify the facts.")],
        [w("The officer reported how your complaint was resolved; a senior officer is checking it."),
         w.approved(SECOND_RESOLUTION), w("You said you were satisfied, and your complaint was closed. Thank you.")],
    ]


def rejected_and_merged(j: Journey, stop, start) -> list[Got]:
    """The second complaint: marked; the citizen says STOP; a call they hear nothing of; START; rejected. The third
    merged into the first. All on day 1 before the first is marked."""
    o, phone, got = j.o, j.phone, []
    second = actions.assign(j.second, actor=o["cpo_cell"], officer=o["sho_A"], now=day(1, 9))
    got += phone.deliver(day(1, 9, 6))
    stop()
    second = actions.log_contact(second, actor=o["sho_A"], method="call", outcome="He agreed it is about rent.",
                                 now=day(1, 9, 10))
    got += phone.deliver(day(1, 9, 16))
    start()
    second = actions.request_rejection(second, actor=o["sho_A"], reason="not_pertaining",
                                       explanation="A dispute over the rent of a shop.",
                                       refer_to="the Rent Controller, District Courts", now=day(1, 9, 20))
    actions.approve_rejection(second, actor=o["dpo_A"], now=day(1, 9, 21))
    got += phone.deliver(day(1, 9, 27))
    for minute in (28, 29, 29):  # not reached: internal steps, nothing sent; the merger may go ahead on them
        actions.record_contact_attempt(j.third, actor=o["cpo_cell"], outcome="switched_off", now=day(1, 9, minute))
    actions.mark_duplicate(j.third, actor=o["cpo_cell"], original_etag=j.first.etag, now=day(1, 9, 30))
    got += phone.deliver(day(1, 9, 36))
    return got


def how_to_appeal(w: Words, etag: str) -> str:
    return w("If you disagree, you may appeal within %(days)s days: on the web page below, on WhatsApp, by SMS "
             "“APPEAL %(etag)s” or through the call centre.", days=30, etag=etag)


def rejection_words(w: Words, etag: str) -> str:
    return " ".join([
        w("Your complaint was not taken forward: %(reason)s.", reason=w("it is not a matter for the police")),
        w("The officer wrote: “%(explanation)s”", explanation="A dispute over the rent of a shop."),
        w("You may take the matter to %(office)s.", office="the Rent Controller, District Courts"),
        how_to_appeal(w, etag)])


def merged_words(w: Words, original: str, etag: str) -> str:
    return " ".join([
        w("Your complaint was joined to complaint %(original)s about the same matter; follow it under that E-tag "
          "from now on.", original=original),
        how_to_appeal(w, etag)])


def assert_links(got: list[Got], complaint: Complaint, credential: str) -> None:
    for message in got:
        assert message.link_etag == complaint.etag and message.link_credential == credential, message


# --- the citizen's replies by email (STOP / START) ---------------------------------------------------------------


def reply_by_email(complaint: Complaint, text: str, message_id: str) -> None:
    """The complainant answers an update from their mailbox with one word."""
    raw = (f"From: Complainant <{complaint.complainant_email}>\r\nTo: complaints@police.example.pk\r\n"
           f"Subject: Re: {render_subject('complaint_update', complaint.language, {'etag': complaint.etag_display})}"
           f"\r\nMessage-ID: <{message_id}@mail.example.pk>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           f"{text}\r\n\r\n> {complaint.etag_display}\r\n")
    process_message(raw.encode())


def subjects_name_their_etag(got: list[Got], lang: str) -> bool:
    return all(g.subject == render_subject("complaint_update", lang, {"etag": etags.display(g.link_etag)})
               for g in got if g.channel == "email" and g.link_etag)


def when_they_went(got: list[Got]) -> list[str]:
    return [g.channel for g in got]


# --- web (Urdu): SMS to the mobile and email to the address given ------------------------------------------------


def lodge_on_the_web(client, submission: str, description: str, *, asked: bool = False) -> Complaint:
    """Lodge on the web in Urdu; `asked`: the page first shows the citizen their own similar open complaint (same
    mobile, same category), and they choose to lodge a new one."""
    form = {"submission": submission, "category": "THEFT", "unit": "SA1", "name": "علی رضا",
            "email": "ali.raza@example.pk", "description": description, "incident_address": "جامع مسجد"}
    with freeze_time(day(1, 8)):
        response = client.post("/lodge/", form, HTTP_ACCEPT_LANGUAGE="ur")
        if asked:
            assert response.status_code == 200 and 'id="similar-new"' in response.content.decode()
            response = client.post("/lodge/", {**form, "similar": "new"}, HTTP_ACCEPT_LANGUAGE="ur")
    assert response.status_code == 302, response.content.decode()[:2000]
    return Complaint.objects.get(etag=response["Location"].rstrip("/").rsplit("/", 1)[-1])


def test_web_urdu_complainant_hears_every_step_by_sms_and_email(client, force, service):
    with freeze_time(day(1, 8)):
        verify(client, next_url="/lodge/")
    first = lodge_on_the_web(client, "s1", "جمعہ کی نماز کے بعد مسجد کے باہر سے میری موٹر سائیکل چوری ہو گئی۔")
    second = lodge_on_the_web(client, "s2", "دکان کے مالک نے کرایہ بڑھا دیا اور سامان روک لیا ہے۔", asked=True)
    third = lodge_on_the_web(client, "s3", "میری موٹر سائیکل مسجد کے باہر سے چوری ہوئی، دوبارہ لکھ رہا ہوں۔",
                             asked=True)
    assert {(c.channel, c.language, c.complainant_mobile, c.complainant_email) for c in (first, second, third)} == {
        ("web", "ur", "+923001234567", "ali.raza@example.pk")}
    before = service.deliver(day(1, 8, 30))  # the one-time code and the acknowledgements: not updates
    assert len(before) == 7 and not any(g.text.endswith(stop_line("ur")) for g in before)
    j, w = Journey(force, service, first, second, third), Words("ur")

    # STOP by email, a reply to an update: the email address stops, the mobile goes on; START by email again.
    early = rejected_and_merged(j, stop=lambda: reply_by_email(second, "STOP", "stop-1"),
                                start=lambda: reply_by_email(second, "شروع", "start-1"))
    marked, rejected = w.marked(Rank.INSPECTOR, "SA1"), rejection_words(w, second.etag_display)
    mobile, address = "+923001234567", "ali.raza@example.pk"
    assert [(g.channel, g.to, g.text) for g in early] == [
        ("sms", mobile, w.message(second.etag_display, marked)),
        ("email", address, w.message(second.etag_display, marked)),
        ("sms", mobile, w.message(second.etag_display, w("An officer spoke to you by phone."))),
        ("email", address, render("updates_stopped", "ur", {})),
        ("sms", mobile, w.message(second.etag_display, rejected)),
        ("email", address, render("updates_started", "ur", {})),
        ("email", address, w.message(second.etag_display, rejected)),
        ("sms", mobile, w.message(third.etag_display, merged_words(w, first.etag_display, third.etag_display))),
        ("email", address, w.message(third.etag_display, merged_words(w, first.etag_display, third.etag_display))),
    ]
    assert subjects_name_their_etag(early, "ur")

    got = walk_the_first(j, window_from=None)
    expected = [w.message(first.etag_display, *steps) for steps in first_messages(w)]
    sms, email = [g for g in got if g.channel == "sms"], [g for g in got if g.channel == "email"]
    assert [g.text for g in sms] == expected and [g.text for g in email] == expected
    assert {g.to for g in sms} == {mobile} and {g.to for g in email} == {address}
    assert_links(sms, first, "sms_link")
    assert_links(email, first, "email_link")
    assert subjects_name_their_etag(email, "ur")
    # The escalation's SMS waited for the morning (email went at 22:10); the close waited for the cap.
    assert when_they_went(got) == ["sms", "email"] * 5 + ["email", "sms"] + ["sms", "email"] * 3 + ["email", "sms"]
    # The citizen's page tells the same steps in the same words.
    page = client.get(f"/track/{first.etag}/", HTTP_ACCEPT_LANGUAGE="ur").content.decode()
    assert w("An FIR was registered on your complaint: number %(fir)s, police station %(station)s.",
             fir="512/2031", station="Civil Lines") in unescape(page)


# --- WhatsApp (Urdu): by WhatsApp only, as free text inside the 24-hour window, else the approved template --------


def lodge_by_whatsapp(chat: Chat, description: str) -> Complaint:
    with freeze_time(day(1, 8)):
        chat.say("1")
        chat.tap("cat:THEFT")
        chat.say(description)
        chat.say("آگے")
        chat.share_location(31.501, 74.301)  # beside SA1
        chat.say("ہاں")
        return Complaint.objects.order_by("-pk").first()


@pytest.mark.usefixtures("bot")
def test_whatsapp_urdu_complainant_hears_every_step_on_whatsapp(force, service):
    chat = Chat()
    with freeze_time(day(1, 8)):
        chat.start("ur")
    first = lodge_by_whatsapp(chat, "کل رات میری موٹر سائیکل مسجد کے باہر سے چوری ہو گئی۔")
    second = lodge_by_whatsapp(chat, "دکان کے مالک نے کرایہ بڑھا دیا اور سامان روک لیا ہے۔")
    third = lodge_by_whatsapp(chat, "میری موٹر سائیکل مسجد کے باہر سے چوری ہوئی، دوبارہ لکھ رہا ہوں۔")
    assert {(c.channel, c.language, c.complainant_mobile) for c in (first, second, third)} == {
        ("whatsapp", "ur", "+923001234567")}
    service.deliver(day(1, 8, 30))  # the bot's replies and the acknowledgements
    j, w = Journey(force, service, first, second, third), Words("ur")

    def say(word):
        with freeze_time(day(1, 9, 8)):
            [answer] = chat.say(word)
        return answer

    answers = []
    early = rejected_and_merged(j, stop=lambda: answers.append(say("STOP")),
                                start=lambda: answers.append(say("START")))
    assert [a.context["text"] for a in answers] == [render("updates_stopped", "ur", {}),
                                                    render("updates_started", "ur", {})]
    mobile = "+923001234567"
    whatsapp = [(g.to, g.text) for g in early if g.text.startswith("template complaint_update")]
    assert whatsapp == [  # nothing of the call made while they had said STOP
        (mobile, w.template(second.etag_display, w.marked(Rank.INSPECTOR, "SA1"))),
        (mobile, w.template(second.etag_display, rejection_words(w, second.etag_display))),
        (mobile, w.template(third.etag_display, merged_words(w, first.etag_display, third.etag_display))),
    ]
    assert {g.channel for g in early} == {"whatsapp"}  # no SMS, no email: they came by WhatsApp

    # The citizen wrote to us at 09:00 on day 3: from then on for 24 hours the updates go as free text.
    got = walk_the_first(j, window_from=day(3, 9))
    steps = first_messages(w)
    expected = [w.template(first.etag_display, *s) for s in steps[:6]] + [
        w.message(first.etag_display, *s) for s in steps[6:]]
    assert [g.text for g in got] == expected
    assert {(g.channel, g.to) for g in got} == {("whatsapp", mobile)}
    assert_links(got, first, "whatsapp_link")
    # The status reply on WhatsApp tells the steps in the same words.
    with freeze_time(day(4, 9)):
        chat.say("2")  # Complaint status
        reply = "\n".join(r.context["text"] for r in chat.say(first.etag_display))
    assert w("You said you were satisfied, and your complaint was closed. Thank you.") in reply
    assert w.marked(Rank.SDPO, "CA") in reply and w("An officer visited you.") not in reply  # the latest eight
    with translation.override("ur"):
        assert translation.ngettext("(%(n)d earlier step is on the web page.)",
                                    "(%(n)d earlier steps are on the web page.)", 11) % {"n": 11} in reply


# --- SMS (Hindi): by SMS only; STOP and START as the SMS commands turn them -------------------------------------


def lodge_by_sms(text: str, message_id: str) -> Complaint:
    with freeze_time(day(1, 8)):
        response = Client().post("/api/v1/intake/sms/", {"from": "+919876543210", "text": text, "id": message_id},
                                 HTTP_AUTHORIZATION=f"Bearer {SMS_TOKEN}")
    assert response.json()["outcome"] == "complaint_created", response.content
    return Complaint.objects.get(etag=etags.normalise(response.json()["etag"]))


def test_sms_hindi_complainant_hears_every_step_by_sms(force, service):
    first = lodge_by_sms("शिकायत कल रात मस्जिद के बाहर से मेरी मोटरसाइकिल चोरी हो गई।", "gw-1")
    second = lodge_by_sms("शिकायत दुकान के मालिक ने किराया बढ़ा दिया और सामान रोक लिया।", "gw-2")
    third = lodge_by_sms("शिकायत मेरी मोटरसाइकिल मस्जिद के बाहर से चोरी हुई, फिर से लिख रहा हूँ।", "gw-3")
    assert {(c.channel, c.language, c.complainant_mobile, c.complainant_email) for c in (first, second, third)} == {
        ("sms", "hi", "+919876543210", "")}
    assert len(service.deliver(day(1, 8, 30))) == 3  # the acknowledgements
    j, w = Journey(force, service, first, second, third), Words("hi")
    # STOP and START by SMS are the SMS commands' (shikayat/channels/sms.py); they turn the same switch.
    early = rejected_and_merged(j, stop=lambda: stops.stop("+919876543210", "sms"),
                                start=lambda: stops.start("+919876543210"))
    assert [(g.channel, g.to, g.text) for g in early] == [
        ("sms", "+919876543210", w.message(second.etag_display, w.marked(Rank.INSPECTOR, "SA1"))),
        ("sms", "+919876543210", w.message(second.etag_display, rejection_words(w, second.etag_display))),
        ("sms", "+919876543210",
         w.message(third.etag_display, merged_words(w, first.etag_display, third.etag_display))),
    ]
    assert all(g.text.endswith("\n" + stop_line("hi")) for g in early)

    got = walk_the_first(j, window_from=None)
    assert [g.text for g in got] == [w.message(first.etag_display, *steps) for steps in first_messages(w)]
    assert when_they_went(got) == ["sms"] * 10 and {g.to for g in got} == {"+919876543210"}
    assert_links(got, first, "sms_link")
    assert not UpdateStop.objects.exists()


# --- email (English): by email, and SMS to the mobile written in it -------------------------------------------------


def lodge_by_email(subject: str, body: str, message_id: str) -> Complaint:
    raw = (f"From: Hina Akhtar <hina.akhtar@example.pk>\r\nTo: complaints@police.example.pk\r\nSubject: {subject}"
           f"\r\nMessage-ID: <{message_id}@mail.example.pk>\r\n\r\n{body}\r\n").encode()
    return process_message(raw, now=day(1, 8)).inbound.complaint


def test_email_english_complainant_hears_every_step_by_email_and_sms(force, service):
    first = lodge_by_email("Motorcycle stolen", "My motorcycle was stolen outside the mosque. Call 0300 1234567.",
                           "m1")
    second = lodge_by_email("Shop goods withheld", "My landlord raised the rent and locked my goods. 0300 1234567",
                            "m2")
    third = lodge_by_email("Motorcycle stolen again", "Writing again about my stolen motorcycle. 0300 1234567",
                           "m3")
    assert {(c.channel, c.language, c.complainant_mobile, c.complainant_email) for c in (first, second, third)} == {
        ("email", "en", "+923001234567", "hina.akhtar@example.pk")}
    assert len(service.deliver(day(1, 8, 30))) == 6  # the acknowledgements by email and SMS
    j, w = Journey(force, service, first, second, third), Words("en")
    early = rejected_and_merged(j, stop=lambda: reply_by_email(second, "Stop", "stop-1"),
                                start=lambda: reply_by_email(second, "START", "start-1"))
    address, mobile = "hina.akhtar@example.pk", "+923001234567"
    etag2, etag3 = second.etag_display, third.etag_display
    rejected = (f"Complaint {etag2}:\nYour complaint was not taken forward: it is not a matter for the police. The "
                "officer wrote: “A dispute over the rent of a shop.” You may take the matter to the Rent Controller, "
                "District Courts. If you disagree, you may appeal within 30 days: on the web page below, on WhatsApp, "
                f"by SMS “APPEAL {etag2}” or through the call centre.\nFollow it or answer: {LINK}\n"
                "Reply STOP to stop updates.")
    merged = (f"Complaint {etag3}:\nYour complaint was joined to complaint {first.etag_display} about the same "
              "matter; follow it under that E-tag from now on. If you disagree, you may appeal within 30 days: on the "
              f"web page below, on WhatsApp, by SMS “APPEAL {etag3}” or through the call centre.\nFollow it or "
              f"answer: {LINK}\nReply STOP to stop updates.")
    assert [(g.channel, g.to, g.text) for g in early] == [
        ("sms", mobile, f"Complaint {etag2}:\nYour complaint was marked to an officer of rank Inspector at Sa1.\n"
                        f"Follow it or answer: {LINK}\nReply STOP to stop updates."),
        ("email", address, f"Complaint {etag2}:\nYour complaint was marked to an officer of rank Inspector at Sa1."
                           f"\nFollow it or answer: {LINK}\nReply STOP to stop updates."),
        ("sms", mobile, f"Complaint {etag2}:\nAn officer spoke to you by phone.\nFollow it or answer: {LINK}\n"
                        "Reply STOP to stop updates."),
        ("email", address, "You will get no more updates about your complaints. Reply START to get them again."),
        ("sms", mobile, rejected),
        ("email", address, "You will get updates about your complaints again. Reply STOP to stop them."),
        ("email", address, rejected),
        ("sms", mobile, merged),
        ("email", address, merged),
    ]
    assert [g.subject for g in early if g.channel == "email"] == [
        f"Your complaint {etag2}", "Message from the police complaint service", "Message from the police complaint "
        "service", f"Your complaint {etag2}", f"Your complaint {etag3}"]

    got = walk_the_first(j, window_from=None)
    expected = [w.message(first.etag_display, *steps) for steps in first_messages(w)]
    email, sms = [g for g in got if g.channel == "email"], [g for g in got if g.channel == "sms"]
    assert [g.text for g in email] == expected and [g.text for g in sms] == expected
    assert expected[9] == (
        f"Complaint {first.etag_display}:\n• The officer reported how your complaint was resolved; a senior officer "
        f"is checking it.\n• The police proposed this resolution of your complaint: “{SECOND_RESOLUTION}”\n• You "
        f"said you were satisfied, and your complaint was closed. Thank you.\nFollow it or answer: {LINK}\n"
        "Reply STOP to stop updates.")
    assert expected[6].count("Please tell us whether you are satisfied") == 1
    assert_links(email, first, "email_link")
    assert_links(sms, first, "sms_link")
    assert {g.subject for g in email} == {f"Your complaint {first.etag_display}"}
    assert when_they_went(got) == ["sms", "email"] * 5 + ["email", "sms"] + ["sms", "email"] * 3 + ["email", "sms"]
    # Sent once each: the outbox holds one row per message, all sent.
    rows = OutboxMessage.objects.filter(complaint=first, template="complaint_update")
    assert rows.count() == 20 and set(rows.values_list("state", flat=True)) == {"sent"}
