"""Named actions with plain parameters, for callers that speak in names
(the API, the officer pages, the WhatsApp bot): resolve references such as
an officer's username or a unit's code, then call the one action."""

from django.db import transaction
from django.utils.translation import gettext as _

from shikayat.accounts.models import User
from shikayat.core.errors import InvalidInput, NotFound
from shikayat.jurisdictions.models import Unit

from . import actions, versions
from .models import Complaint


def officer_named(username: str) -> User:
    officer = User.objects.filter(username=username, is_active=True).first()
    if officer is None:
        raise InvalidInput(_("No active officer with username “%(name)s”.") % {"name": username[:40]},
                           fields={"officer": [_("Choose an officer from the list.")]})
    return officer


def _unit(code: str) -> Unit:
    unit = Unit.objects.filter(code=code, is_active=True).first()
    if unit is None:
        raise InvalidInput(_("Unknown unit “%(code)s”.") % {"code": code[:32]},
                           fields={"unit": [_("Choose a unit from the list.")]})
    return unit


HANDLERS = {
    "assign": lambda c, a, ch, p: actions.assign(c, actor=a, channel=ch, officer=officer_named(p["officer"]),
                                                 note=p.get("note", "")),
    "transfer": lambda c, a, ch, p: actions.transfer(c, actor=a, channel=ch, unit=_unit(p["unit"]), reason=p["reason"]),
    "log_contact": lambda c, a, ch, p: actions.log_contact(c, actor=a, channel=ch, method=p["method"],
                                                           outcome=p["outcome"]),
    "record_contact_attempt": lambda c, a, ch, p: actions.record_contact_attempt(
        c, actor=a, channel=ch, method=p.get("method", "call"), outcome=p.get("outcome", "unreachable"),
        note=p.get("note", "")),
    "log_field_visit": lambda c, a, ch, p: actions.log_field_visit(c, actor=a, channel=ch, findings=p["findings"],
                                                                   photos=p.get("photos") or []),
    "report_action": lambda c, a, ch, p: actions.report_action(c, actor=a, channel=ch, report=p["report"]),
    "link_fir": lambda c, a, ch, p: actions.link_fir(c, actor=a, channel=ch, fir_number=p["fir_number"],
                                                     police_station=p.get("police_station", "")),
    "add_note": lambda c, a, ch, p: actions.add_note(c, actor=a, channel=ch, text=p["text"]),
    "propose_resolution": lambda c, a, ch, p: actions.propose_resolution(c, actor=a, channel=ch,
                                                                         resolution=p["resolution"]),
    "approve_resolution": lambda c, a, ch, p: actions.approve_resolution(c, actor=a, channel=ch,
                                                                         note=p.get("note", "")),
    "return_resolution": lambda c, a, ch, p: actions.return_resolution(c, actor=a, channel=ch, reason=p["reason"]),
    "feedback": lambda c, a, ch, p: actions.record_feedback(c, actor=a, channel=ch, satisfied=p["satisfied"],
                                                            rating=p.get("rating"), comment=p.get("comment", "")),
    "record_feedback_attempt": lambda c, a, ch, p: actions.record_feedback_attempt(
        c, actor=a, channel=ch, outcome=p.get("outcome", "unreachable"), note=p.get("note", "")),
    "close_without_confirmation": lambda c, a, ch, p: actions.close_without_confirmation(
        c, actor=a, channel=ch, reasons=p["reasons"]),
    "appeal": lambda c, a, ch, p: actions.appeal(c, actor=a, channel=ch, grounds=p["grounds"]),
    "followup": lambda c, a, ch, p: actions.record_followup(c, actor=a, channel=ch, held=p["held"],
                                                            note=p.get("note", "")),
    "request_rejection": lambda c, a, ch, p: actions.request_rejection(c, actor=a, channel=ch, reason=p["reason"],
                                                                       explanation=p["explanation"],
                                                                       refer_to=p.get("refer_to", "")),
    "approve_rejection": lambda c, a, ch, p: actions.approve_rejection(c, actor=a, channel=ch,
                                                                       note=p.get("note", "")),
    "deny_rejection": lambda c, a, ch, p: actions.deny_rejection(c, actor=a, channel=ch, note=p["note"]),
    "mark_duplicate": lambda c, a, ch, p: actions.mark_duplicate(c, actor=a, channel=ch,
                                                                 original_etag=p["original_etag"]),
    "add_information": lambda c, a, ch, p: actions.add_information(c, actor=a, channel=ch, text=p["text"]),
    "add_attachment": lambda c, a, ch, p: actions.add_attachment(c, actor=a, channel=ch, upload=p.get("file"),
                                                                 is_public=p.get("is_public", True)),
    "record_review_direction": lambda c, a, ch, p: actions.record_review_direction(c, actor=a, channel=ch,
                                                                                   direction=p["direction"]),
    "withdraw": lambda c, a, ch, p: actions.withdraw(c, actor=a, channel=ch, reason=p.get("reason", "")),
    # The deadline sweep's step up the ladder (SYSTEM only; shikayat/deadlines/sweep.py calls the action directly).
    "escalate": lambda c, a, ch, p: actions.escalate(c, actor=a, channel=ch, officer=officer_named(p["officer"]),
                                                     stage=p.get("stage", "report")),
}



def register(name: str, handler) -> None:
    """A feature's named action `handler(complaint, actor, channel, params)`, called from its AppConfig.ready()
    (shikayat.accountability: the enquiry chain). Registering a name again replaces it."""
    HANDLERS[name] = handler


# Transitions reached through a combined handler (the citizen's feedback; the follow-up question's "yes").
TRANSITION_TO_HANDLER = {"confirm_satisfied": "feedback", "reopen": "feedback", "record_followup": "followup"}


def run(complaint: Complaint, name: str, *, actor, params: dict, channel: str = "web",
        version: int | None = None) -> Complaint:
    """Run the named action. `version`: the complaint's version its author
    saw (versions.py); when given, the action is refused with 409 if anything
    they may see happened since."""
    handler = HANDLERS.get(name)
    if handler is None:
        raise NotFound(_("Unknown action “%(action)s”.") % {"action": name[:40]})
    with transaction.atomic():
        versions.unchanged_since(complaint, version, actor=actor)
        return handler(complaint, actor, channel, params)
