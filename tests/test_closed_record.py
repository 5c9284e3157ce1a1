"""The record stays (issue 18, part C): once a complaint is closed, the
citizen's page keeps the resolution, their rating and comment and the whole
public timeline; "My complaints" lists it with its final status and date;
the WhatsApp status reply gives the resolution and the rating."""

import re
from html import unescape

import pytest
from django.utils import formats, timezone

from shikayat.complaints import actions
from shikayat.complaints.workflow import Status, event_label

from .journey import bring_to, citizen_of
from .test_bot import (
    Chat,
    bot,  # noqa: F401 (fixture)
    reach,
)
from .test_citizen_pages import sent_link, verify

RESOLUTION = "Accused traced; property recovered."  # what bring_to proposes


def page_of(client, complaint) -> str:
    response = client.get(f"/track/{complaint.etag}/")
    assert response.status_code == 200
    return unescape(response.content.decode())


def outcome_card(page: str) -> str:
    found = re.search(r'<div class="card outcome"[^>]*>(.*?)</div>', page, re.S)
    return found.group(1) if found else ""


def timeline(page: str) -> list[str]:
    items = re.search(r'<ol class="timeline">(.*?)</ol>', page, re.S).group(1)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", li)).strip()
            for li in re.findall(r"<li>(.*?)</li>", items, re.S)]


def closed_by_the_citizen(force, new_complaint, *, rating=4, comment="My motorcycle is back. Thank you."):
    complaint = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    return actions.record_feedback(complaint, actor=citizen_of(complaint), satisfied=True, rating=rating,
                                   comment=comment)


# --- the citizen's page ------------------------------------------------------------------------------------------

def test_the_citizen_answers_on_the_web_and_the_page_keeps_the_resolution_rating_and_comment(client, force,
                                                                                           new_complaint):
    # Given a complaint awaiting the citizen's answer, opened from the link in their SMS
    complaint = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    client.get(sent_link(complaint))
    assert outcome_card(page_of(client, complaint)) == ""  # nothing final while it is open
    # When they say they are satisfied, rate it 4 and thank the police
    client.post(f"/track/{complaint.etag}/feedback/", {"satisfied": "yes", "rating": "4",
                                                        "comment": "My motorcycle is back. Thank you."})
    # Then the closed complaint's page still shows what the police did and the citizen's own answer
    complaint.refresh_from_db()
    page = page_of(client, complaint)
    card = outcome_card(page)
    assert complaint.status == Status.CLOSED
    assert RESOLUTION in card and "Your rating" in card and "★★★★☆" in card and "4/5" in card
    assert "My motorcycle is back. Thank you." in card and "Yes, I am satisfied" in card
    assert formats.date_format(timezone.localtime(complaint.closed_at), "DATETIME_FORMAT") in card
    # And no form to act on it any more
    assert "Send my answer" not in page and "Withdraw" not in page


def test_the_closed_page_keeps_every_public_step_and_no_internal_one(client, force, new_complaint):
    # Given a complaint closed by its citizen, with an officer's private note on the way
    complaint = bring_to(Status.IN_PROGRESS, force, new_complaint)
    actions.add_note(complaint, actor=force.officers["sho_A"], text="Suspect is the cousin")
    complaint = actions.log_field_visit(complaint, actor=force.officers["sho_A"], findings="Met two witnesses.")
    complaint = actions.propose_resolution(complaint, actor=force.officers["sho_A"], resolution=RESOLUTION)
    complaint = actions.approve_resolution(complaint, actor=force.officers["dpo_A"])
    complaint = actions.record_feedback(complaint, actor=citizen_of(complaint), satisfied=True, rating=5)
    # When the citizen tracks it with E-tag and mobile
    client.post("/track/", {"etag": complaint.etag, "mobile": "03001234567"})
    page = page_of(client, complaint)
    # Then every public step is listed, in order, up to the closing one, and the field visit without its findings
    public = list(complaint.events.filter(is_public=True).order_by("at", "id"))
    steps = timeline(page)
    assert [e.action for e in public] == ["register", "assign", "log_contact", "propose_resolution",
                                          "approve_resolution", "confirm_satisfied"]
    assert len(steps) == len(public) + 1
    # in the citizen's words (shikayat.updates.wording, as their messages said), not the officers' labels
    said = ["Your complaint was registered.", "Your complaint was marked to an officer of rank Inspector at Sa1.",
            "An officer spoke to you by phone.", "An officer visited the place to verify the facts.",
            "The officer reported how your complaint was resolved; a senior officer is checking it.",
            f"The police proposed this resolution of your complaint: “{RESOLUTION}”",
            "You said you were satisfied, and your complaint was closed. Thank you."]
    assert all(words in step for words, step in zip(said, steps, strict=True)), steps
    assert not any(str(event_label(e.action)) in step for e in public[1:] for step in steps)
    assert public[-1].action == "confirm_satisfied" and "Closed" in steps[-1]
    assert "Suspect is the cousin" not in page and "Met two witnesses" not in page
    assert "★★★★★" in outcome_card(page)


def test_a_complaint_closed_without_the_citizens_answer_keeps_the_resolution_and_says_so(client, force,
                                                                                       new_complaint, settings):
    # Given a complaint the citizen never answered about, closed by the supervisor after the call-backs
    complaint = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    for _attempt in range(settings.SHIKAYAT["FEEDBACK_ATTEMPTS_BEFORE_SUPERVISOR_CLOSE"]):
        complaint = actions.record_feedback_attempt(complaint, actor=force.officers["agent"])
    complaint = actions.close_without_confirmation(complaint, actor=force.officers["dpo_A"],
                                                   reasons="Three calls unanswered.")
    # When the citizen opens their page
    client.post("/track/", {"etag": complaint.etag, "mobile": "03001234567"})
    card = outcome_card(page_of(client, complaint))
    # Then the resolution is there, and no rating is claimed for them
    assert RESOLUTION in card and "closed the complaint without your answer" in card
    assert "Your rating" not in card and "★" not in card


def test_a_rejected_complaint_shows_its_final_status_and_date_but_no_resolution(client, force, new_complaint):
    # Given a rejected complaint
    complaint = bring_to(Status.REJECTED, force, new_complaint)
    # When the citizen opens it
    client.post("/track/", {"etag": complaint.etag, "mobile": "03001234567"})
    card = outcome_card(page_of(client, complaint))
    # Then the outcome says it was rejected and when
    assert "Rejected:" in card and formats.date_format(timezone.localtime(complaint.closed_at),
                                                       "DATETIME_FORMAT") in card
    assert "What the police report" not in card and "Your rating" not in card


# --- my complaints -----------------------------------------------------------------------------------------------

def test_my_complaints_lists_closed_complaints_with_their_final_status_and_date(client, force, new_complaint):
    # Given a citizen with one complaint closed, one rejected and one still open
    closed = closed_by_the_citizen(force, new_complaint)
    rejected = bring_to(Status.REJECTED, force, new_complaint)
    open_one = new_complaint()
    # When they verify their mobile and open "My complaints"
    verify(client, next_url="/my-complaints/")
    page = unescape(client.get("/my-complaints/").content.decode())
    rows = {etag: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for row in re.findall(r"<tr>(.*?)</tr>", page, re.S)
            for etag in re.findall(r"/track/([0-9A-Z]+)/", row)}
    # Then all three are listed, the finished ones with their final status and the date they ended
    assert set(rows) == {closed.etag, rejected.etag, open_one.etag}
    for complaint, label in ((closed, "Closed"), (rejected, "Rejected")):
        ended = formats.date_format(timezone.localtime(complaint.closed_at), "SHORT_DATE_FORMAT")
        assert rows[complaint.etag].endswith(f"{label} {ended}")
    assert rows[open_one.etag].endswith("Registered")


# --- WhatsApp ----------------------------------------------------------------------------------------------------

def test_whatsapp_status_of_a_closed_complaint_gives_the_resolution_the_rating_and_the_comment(bot,  # noqa: F811
                                                                                             new_complaint):
    # Given a complaint the citizen closed with a rating of 4 and a comment
    complaint = closed_by_the_citizen(bot, new_complaint)
    # When they ask its status on WhatsApp
    chat = Chat()
    reach(chat, "status:etag")
    [reply] = chat.say(complaint.etag_display)
    # Then the reply gives the status, the resolution, their rating and their comment
    text = reply.context["text"]
    assert "Closed" in text and f"The police's resolution: {RESOLUTION}" in text
    assert "Your rating: 4 out of 5" in text and "Your comment: My motorcycle is back. Thank you." in text
    assert chat.state == "menu"


def test_whatsapp_status_of_an_open_or_unanswered_complaint_claims_no_rating(bot, new_complaint,  # noqa: F811
                                                                            settings):
    # Given one open complaint and one a supervisor closed without the citizen's answer
    open_one = bring_to(Status.IN_PROGRESS, bot, new_complaint)
    unanswered = bring_to(Status.AWAITING_FEEDBACK, bot, new_complaint)
    for _attempt in range(settings.SHIKAYAT["FEEDBACK_ATTEMPTS_BEFORE_SUPERVISOR_CLOSE"]):
        unanswered = actions.record_feedback_attempt(unanswered, actor=bot.officers["agent"])
    unanswered = actions.close_without_confirmation(unanswered, actor=bot.officers["dpo_A"], reasons="No answer.")
    chat = Chat()
    reach(chat, "status:etag")
    [still_open] = chat.say(open_one.etag_display)
    chat.say("2")  # Complaint status
    [closed] = chat.say(unanswered.etag_display)
    # Then the open one has no outcome, the unanswered one its resolution and no rating
    assert "resolution" not in still_open.context["text"] and "rating" not in still_open.context["text"]
    assert RESOLUTION in closed.context["text"] and "Your rating" not in closed.context["text"]
    assert "without your answer" in closed.context["text"]


@pytest.mark.parametrize("status", [Status.MERGED, Status.WITHDRAWN])
def test_other_finished_complaints_show_their_final_status_and_no_feedback(client, force, new_complaint, status):
    complaint = bring_to(status, force, new_complaint)
    client.post("/track/", {"etag": complaint.etag, "mobile": "03001234567"})
    card = outcome_card(page_of(client, complaint))
    assert f"{Status(status).label}:" in card and "Your rating" not in card and "without your answer" not in card
