"""Complaint status by E-tag, and the citizen's feedback on a proposed
resolution.

Status is shown only for the complainant's own complaint: the E-tag must
belong to the mobile number WhatsApp gave us (selectors.public_status), and
any other E-tag gets the same "not found" as one that does not exist.
Feedback is recorded only for a number WhatsApp vouches for, never for a
number typed in chat."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from shikayat.citizens.record import outcome as citizen_outcome
from shikayat.complaints import actions, selectors, versions
from shikayat.complaints import etag as etags
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import CitizenActor
from shikayat.complaints.workflow import TERMINAL, Status
from shikayat.core import dates
from shikayat.core.errors import DomainError, InvalidInput, NotFound
from shikayat.core.i18n import current_lang
from shikayat.core.phones import normalise_mobile
from shikayat.core.ratelimit import RateLimited
from shikayat.notifications.messages import render
from shikayat.updates import wording

from . import appealing, info, menu, words
from .replies import buttons, choice_list, fit
from .turn import Turn

STATUS_MOBILE, STATUS_ETAG = "status:mobile", "status:etag"
STEPS_SHOWN = 8
FEEDBACK_CHOICE, FEEDBACK_RATING, FEEDBACK_REASON = "feedback:choice", "feedback:rating", "feedback:reason"
MIN_REASON = 10


def verified_mobile(turn: Turn) -> str:
    """The sender's number as WhatsApp gave it, in E.164 ("" if none)."""
    try:
        return normalise_mobile(turn.incoming.phone) if turn.incoming.phone else ""
    except InvalidInput:
        return ""


# --- status -----------------------------------------------------------------------------------------------------


def start(turn: Turn) -> None:
    if turn.mobile:
        ask_etag(turn)
        return
    turn.say(_("To find your complaint we need the mobile number you gave with it. Please type it, e.g. "
               "03001234567."))
    turn.go(STATUS_MOBILE, {})


def ask_etag(turn: Turn) -> None:
    turn.say(_("Please type the E-tag of your complaint, e.g. K7QM-4XZ2."))
    turn.go(STATUS_ETAG, {})


def take_mobile(turn: Turn) -> None:
    if turn.take_mobile():
        ask_etag(turn)


def take_etag(turn: Turn) -> None:
    try:
        code = etags.normalise(turn.text if turn.incoming.kind == "text" else "")
    except InvalidInput as error:  # says whether it is malformed or has a typing mistake
        turn.say(str(error.message) + "\n" + _("Send the E-tag again, or 0 for the menu."))
        return
    try:
        status = selectors.public_status(code, turn.mobile, client=f"wa:{turn.incoming.wa_id}")
    except RateLimited as error:
        turn.say(str(error.message) + "\n\n" + info.footer())
        turn.to_menu()
        return
    except NotFound as error:  # not theirs, or no such complaint: the same answer
        if service_status(turn, code):  # an application to a service centre has an E-tag too
            return
        turn.say(str(error.message) + "\n" + _("Check the E-tag and send it again, or 0 for the menu."))
        return
    received = dates.isolate(dates.date_only(status["received_at"]))
    text = _("Complaint %(etag)s (%(category)s): %(status)s. Office: %(unit)s. Registered on %(date)s.") % {
        "etag": status["etag"], "category": status["category"], "status": status["status_label"],
        "unit": status["unit"], "date": received}
    complaint = Complaint.objects.filter(etag=code).select_related("category").first()
    text = "\n\n".join([text, *steps_lines(complaint)])
    if status["status"] == Status.AWAITING_FEEDBACK and verified_mobile(turn) and complaint:
        turn.say(text)
        ask_feedback(turn, complaint)
    else:
        lines = [text, *closed_lines(complaint)]
        if status["status"] in TERMINAL and appealing.after_status(turn, complaint, lines):
            return  # the question asked after closing, or the appeal offered
        turn.say("\n\n".join([*lines, info.footer()]))
        turn.to_menu()


def steps_lines(complaint: Complaint | None) -> list[str]:
    """The complaint's public steps in the citizen's words (updates.wording, as their messages told them), the
    latest STEPS_SHOWN of them."""
    if complaint is None:
        return []
    steps = wording.timeline(complaint, current_lang())
    shown = [f"{dates.isolate(dates.stamp(step.at))} – {fit(step.text, 300)}" for step in steps[-STEPS_SHOWN:]]
    if len(steps) > STEPS_SHOWN:
        earlier = len(steps) - STEPS_SHOWN
        shown.insert(0, ngettext("(%(n)d earlier step is on the web page.)",
                                 "(%(n)d earlier steps are on the web page.)", earlier) % {"n": earlier})
    return ["\n".join([_("Every step:"), *shown])] if shown else []


def closed_lines(complaint: Complaint | None) -> list[str]:
    """A closed complaint's record, kept in its status reply: the resolution, and the citizen's own rating and
    comment (citizens/record.py)."""
    kept = citizen_outcome(complaint) if complaint is not None else None
    if kept is None or kept.status != Status.CLOSED:
        return []
    lines = [_("The police's resolution: %(resolution)s") % {"resolution": fit(kept.resolution, 500)}
             ] if kept.resolution else []
    if kept.rating:
        lines.append(_("Your rating: %(rating)s out of 5") % {"rating": kept.rating})
    if kept.comment:
        lines.append(_("Your comment: %(comment)s") % {"comment": fit(kept.comment, 300)})
    if not kept.answered:
        lines.append(_("A supervisor closed the complaint without your answer, after the police tried to reach you."))
    return ["\n".join(lines)] if lines else []


def service_status(turn: Turn, code: str) -> bool:
    """The status of the sender's own service application with this E-tag, if there is one."""
    from shikayat.services.models import ServiceRequest

    request = (ServiceRequest.objects.filter(etag=code, mobile=turn.mobile).select_related("service")
               .only("etag", "status", "received_at", "service__name_en", "service__name_ur", "service__name_hi")
               .first())
    if request is None:
        return False
    turn.say(_("Application %(etag)s (%(service)s): %(status)s. Applied on %(date)s.") % {
        "etag": request.etag_display, "service": request.service.name, "status": request.get_status_display(),
        "date": dates.isolate(dates.date_only(request.received_at))} + "\n\n" + info.footer())
    turn.to_menu()
    return True


# --- feedback ---------------------------------------------------------------------------------------------------


def ask_pending_feedback(turn: Turn) -> bool:
    """If one of the sender's complaints awaits their feedback, ask for it."""
    mobile = verified_mobile(turn)
    complaint = mobile and (Complaint.objects.filter(complainant_mobile=mobile, status=Status.AWAITING_FEEDBACK)
                            .order_by("resolution_proposed_at", "id").only("id", "etag", "resolution").first())
    if not complaint:
        return False
    ask_feedback(turn, complaint)
    return True


def ask_feedback(turn: Turn, complaint: Complaint) -> None:
    lines = [render("feedback_requested", current_lang(), {"etag": etags.display(complaint.etag)})]
    if complaint.resolution:
        lines.append(_("The police's resolution: %(resolution)s") % {"resolution": fit(complaint.resolution, 500)})
    lines.append(_("Reply 1 if you are satisfied, 2 if you are not, or 3 to answer later."))
    turn.say("\n\n".join(lines), buttons([("fb:yes", _("Satisfied")), ("fb:no", _("Not satisfied")),
                                          ("fb:later", _("Later"))]))
    # The version the citizen is answering about: a resolution proposed again meanwhile is shown before it counts.
    seen = versions.version_of(CitizenActor(mobile=verified_mobile(turn) or ""), complaint)
    turn.go(FEEDBACK_CHOICE, {"etag": complaint.etag, "version": seen})


RATINGS = {5: gettext_lazy("5 – very good"), 4: gettext_lazy("4 – good"), 3: gettext_lazy("3 – fair"),
           2: gettext_lazy("2 – poor"), 1: gettext_lazy("1 – very poor")}


def ask_rating(turn: Turn) -> None:
    rows = [(f"rate:{n}", str(RATINGS[n])) for n in sorted(RATINGS, reverse=True)]
    turn.say(_("Thank you. How would you rate the police's work on your complaint, from 1 (very poor) to 5 (very "
               "good)?"), choice_list(_("Rate"), rows))


def take_choice(turn: Turn) -> None:
    choice, number = turn.choice, turn.number
    if choice == "fb:yes" or number == 1 or turn.is_one_of(words.YES):
        ask_rating(turn)
        turn.go(FEEDBACK_RATING)
    elif choice == "fb:no" or number == 2 or turn.is_one_of(words.NO):
        turn.say(_("We are sorry. Please tell us why you are not satisfied; your complaint will go to a senior "
                   "officer."))
        turn.go(FEEDBACK_REASON)
    elif choice == "fb:later" or number == 3:
        menu.show_menu(turn)
    else:
        turn.say(_("Sorry, please reply 1 if you are satisfied, 2 if you are not, or 3 to answer later."),
                 buttons([("fb:yes", _("Satisfied")), ("fb:no", _("Not satisfied")), ("fb:later", _("Later"))]))


def take_rating(turn: Turn) -> None:
    choice, number = turn.choice, turn.number
    rating = int(choice.removeprefix("rate:")) if choice in {f"rate:{n}" for n in RATINGS} else number
    if rating not in RATINGS:
        turn.say(_("Sorry, please reply with a number from 1 to 5."))
        ask_rating(turn)
        return
    record(turn, satisfied=True, rating=rating)


def take_reason(turn: Turn) -> None:
    reason = turn.text if turn.incoming.kind == "text" else ""
    if len(reason) < MIN_REASON:
        turn.say(_("Please write in a few words why you are not satisfied (at least %(min)d characters).")
                 % {"min": MIN_REASON})
        return
    record(turn, satisfied=False, comment=reason)


def record(turn: Turn, *, satisfied: bool, rating: int | None = None, comment: str = "") -> None:
    mobile = verified_mobile(turn)
    complaint = Complaint.objects.filter(etag=turn.answers.get("etag", "")).first()
    try:
        if complaint is None or not mobile:
            raise NotFound()
        citizen = CitizenActor(mobile=mobile, credential="whatsapp")
        with transaction.atomic():
            versions.unchanged_since(complaint, turn.answers.get("version"), actor=citizen)
            actions.record_feedback(complaint, actor=citizen, satisfied=satisfied, rating=rating, comment=comment,
                                    channel="whatsapp", now=turn.now)
    except versions.StaleVersion as error:  # the police changed it meanwhile: say what, and ask again if still due
        turn.say(str(error.message))
        complaint.refresh_from_db()
        if complaint.status == Status.AWAITING_FEEDBACK:
            ask_feedback(turn, complaint)
        else:
            turn.to_menu()
        return
    except DomainError:
        turn.say(_("This complaint is no longer waiting for your feedback.") + "\n\n" + info.footer())
        turn.to_menu()
        return
    template = "complaint_closed" if satisfied else "complaint_reopened"
    turn.say(render(template, current_lang(), {"etag": complaint.etag_display}) + "\n\n" + info.footer())
    turn.to_menu()


HANDLERS = {STATUS_MOBILE: take_mobile, STATUS_ETAG: take_etag, FEEDBACK_CHOICE: take_choice,
            FEEDBACK_RATING: take_rating, FEEDBACK_REASON: take_reason}
