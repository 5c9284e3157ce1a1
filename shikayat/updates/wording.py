"""How a complaint's steps read to its complainant: past tense, in their language, with no internal labels.

One wording for the messages to the complainant (citizen.py), their page (/track/) and the WhatsApp status
reply; officers keep the transition labels (workflow.event_label). An officer is named by rank and unit only,
unless SHIKAYAT["NAME_OFFICERS_TO_CITIZENS"] allows their name. Nothing internal is ever worded: no officer's
note (except the outcome an enquiry officer writes for the complainant), no accused, no enquiry detail, and on
a complaint against police not even the explanation of a rejection."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shikayat.accounts.models import Rank, User
from shikayat.complaints import appeals, workflow
from shikayat.complaints import etag as etags
from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.complaints.permissions import AGAINST_POLICE
from shikayat.core import dates
from shikayat.jurisdictions.models import Unit
from shikayat.jurisdictions.selectors import unit_table

from . import config

RESOLUTION_MAX, OUTCOME_MAX, EXPLANATION_MAX = 400, 600, 300
# Steps told to the citizen although their timeline event is internal (its note is): only that it happened.
TOLD_WITHOUT_NOTE = frozenset({"log_field_visit"})
CONTACT = {
    "call": gettext_lazy("An officer spoke to you by phone."),
    "visit": gettext_lazy("An officer visited you."),
    "message": gettext_lazy("An officer sent you a message."),
    "in_person": gettext_lazy("An officer met you at the police station."),
}
REJECTION_REASONS = {
    "not_pertaining": gettext_lazy("it is not a matter for the police"),
    "false_or_frivolous": gettext_lazy("the enquiry found it to be without substance"),
    "civil_matter": gettext_lazy("it is a civil matter for the courts"),
    "sub_judice": gettext_lazy("the matter is already before a court"),
    "no_contact": gettext_lazy("the police could not reach you"),
}
# Where the matter may go instead when the officer named no office (request_rejection's refer_to): the citizen is
# always told why, where to go and how to appeal.
REFER_BY_REASON = {
    "not_pertaining": gettext_lazy("Ask the call centre or your police station which office deals with it."),
    "civil_matter": gettext_lazy("You may take the matter to a civil court."),
    "sub_judice": gettext_lazy("You may raise the matter before the court hearing it."),
    "no_contact": gettext_lazy("If you still need the police, give us a number where we can reach you when you "
                               "appeal."),
}


@dataclass(frozen=True)
class Line:
    """One step as the citizen reads it: what happened, and (in a message only) what they may do now."""

    at: datetime
    action: str
    text: str
    next: str = ""
    status: str = ""  # the complaint's status after the step: what to do now holds only while it lasts


def told(event: ComplaintEvent) -> bool:
    """Whether the complainant hears of this step."""
    return event.is_public or event.action in TOLD_WITHOUT_NOTE


def line(event: ComplaintEvent, complaint: Complaint, lang: str) -> Line | None:
    """The step in the citizen's words and `lang`, or None if it is not theirs to hear."""
    if not told(event):
        return None
    with translation.override(lang):
        writer = WRITERS.get(event.action)
        text = writer(event, complaint, lang) if writer else _("Your complaint's record was updated: %(step)s.") % {
            "step": workflow.event_label(event.action)}
        then = NEXT.get(event.action)
        return Line(at=event.at, action=event.action, text=text, next=then(event, complaint) if then else "",
                    status=event.to_status)


def timeline(complaint: Complaint, lang: str) -> list[Line]:
    """The citizen's own timeline: every step they were told about, oldest first, in their words."""
    events = complaint.events.filter(Q(is_public=True) | Q(action__in=TOLD_WITHOUT_NOTE)).order_by("at", "id")
    return [found for found in (line(event, complaint, lang) for event in events) if found is not None]


# --- the officers, units and texts a step refers to ------------------------------------------------------------


def _unit(value, lang: str) -> str:
    """A unit's name from an event's data (its code, or id); "" if unknown."""
    if value in (None, ""):
        return ""
    # From the cached unit tree (no query per step: lists of complaints word many); a retired unit's code is read.
    table = unit_table()
    unit = table.by_id.get(value) if isinstance(value, int) else table.active_by_code.get(str(value))
    if unit is None and not isinstance(value, int):
        unit = Unit.objects.filter(code=str(value)).first()
    return unit.name_in(lang) if unit else ""


def _read(row, relation: str):
    """The related object when the row already holds it (an action just set it), else None (no query)."""
    descriptor = getattr(type(row), relation, None)
    return getattr(row, relation) if descriptor is not None and descriptor.is_cached(row) else None


def _officer(pk, *, senior: bool = False, known: User | None = None) -> str:
    """How the citizen hears of officer `pk` (`known`: that officer, already read)."""
    if known is None or known.pk != pk:
        known = User.objects.filter(pk=pk).only("first_name", "last_name", "username", "rank").first() if pk else None
    officer = known
    rank = str(Rank(officer.rank).label) if officer and officer.rank in Rank.values else ""
    if officer and config.read("NAME_OFFICERS_TO_CITIZENS"):
        name = officer.get_full_name() or officer.username
        return _("%(name)s (%(rank)s)") % {"name": name, "rank": rank} if rank else name
    if senior:
        return _("a senior officer of rank %(rank)s") % {"rank": rank} if rank else _("a senior officer")
    return _("an officer of rank %(rank)s") % {"rank": rank} if rank else _("an officer")


def _fit(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _earlier(event: ComplaintEvent, action: str) -> ComplaintEvent | None:
    """The latest `action` step before `event` (the resolution approved, the rejection asked for)."""
    return (ComplaintEvent.objects.filter(complaint_id=event.complaint_id, action=action, id__lt=event.id)
            .order_by("-id").first())


def _by_complainant(event: ComplaintEvent) -> bool:
    return "credential" in (event.data or {})  # events.event_row records a citizen's proof


# --- the steps -------------------------------------------------------------------------------------------------


def _register(event, complaint, lang):
    return _("Your complaint was registered.")


def _assign(event, complaint, lang):
    data = event.data or {}
    officer, unit = _officer(data.get("assignee"), known=_read(complaint, "assignee")), _unit(data.get("unit"), lang)
    if unit:
        return _("Your complaint was marked to %(officer)s at %(unit)s.") % {"officer": officer, "unit": unit}
    return _("Your complaint was marked to %(officer)s.") % {"officer": officer}


def _transfer(event, complaint, lang):
    return _("Your complaint was transferred to %(unit)s, which will mark it to an officer.") % {
        "unit": _unit((event.data or {}).get("to_unit"), lang) or _("another police office")}


def _contact(event, complaint, lang):
    method = (event.data or {}).get("method")
    return str(CONTACT[method]) if method in CONTACT else _("An officer contacted you.")


def _field_visit(event, complaint, lang):
    return _("An officer visited the place to verify the facts.")


def _fir(event, complaint, lang):
    data = event.data or {}
    values = {"fir": data.get("fir_number", ""), "station": _fit(data.get("police_station", ""), 150)}
    # The investigation it starts and its deadline are on the complainant's page (shikayat/deadlines/investigation.py).
    if values["station"]:
        return _("An FIR was registered on your complaint: number %(fir)s, police station %(station)s.") % values
    return _("An FIR was registered on your complaint: number %(fir)s.") % values


def _final_report(event, complaint, lang):
    data = event.data or {}
    values = {"fir": _fit(data.get("fir_number", ""), 40), "number": _fit(data.get("number", ""), 40),
              "date": dates.date_only(_day(data.get("date")))}
    if data.get("kind") == "challan":
        return _("The investigation of your case (FIR %(fir)s) is complete: the police submitted the challan "
                 "(charge sheet) number %(number)s to the court on %(date)s.") % values
    return _("The investigation of your case (FIR %(fir)s) is complete: the police submitted the final report "
             "number %(number)s to the court on %(date)s.") % values


def _day(value) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _action_reported(event, complaint, lang):
    return _("The police reported action taken on your complaint.")


def _escalate(event, complaint, lang):
    if (event.data or {}).get("stage") == "investigation":
        return _("The investigation of your case was not completed in time, so it was escalated to %(officer)s.") % {
            "officer": _officer((event.data or {}).get("officer"), senior=True,
                                known=_read(complaint, "escalated_to"))}
    return _("Your complaint was not dealt with in time, so it was escalated to %(officer)s.") % {
        "officer": _officer((event.data or {}).get("officer"), senior=True, known=_read(complaint, "escalated_to"))}


def _proposed(event, complaint, lang):
    return _("The officer reported how your complaint was resolved; a senior officer is checking it.")


def _approved(event, complaint, lang):
    proposed = _earlier(event, "propose_resolution")
    resolution = _fit(proposed.note if proposed else complaint.resolution, RESOLUTION_MAX)
    return _("The police proposed this resolution of your complaint: “%(resolution)s”") % {"resolution": resolution}


def _satisfied(event, complaint, lang):
    return _("You said you were satisfied, and your complaint was closed. Thank you.")


def _closed_unanswered(event, complaint, lang):
    return _("Your complaint was closed by a senior officer after the police could not reach you for your answer.")


def _reopened(event, complaint, lang):
    unit = _unit((event.data or {}).get("to_unit"), lang)
    if unit:
        return _("You were not satisfied, so your complaint was reopened and sent to %(unit)s.") % {"unit": unit}
    return _("You were not satisfied, so your complaint was reopened.")


def _rejected(event, complaint, lang):
    asked = _earlier(event, "request_rejection")
    data = (asked.data if asked else None) or {}
    reason = REJECTION_REASONS.get(data.get("reason"))
    parts = [_("Your complaint was not taken forward: %(reason)s.") % {"reason": reason} if reason
             else _("Your complaint was not taken forward.")]
    # Against police the officer's explanation may name officers the complainant did not: it stays inside.
    if asked and asked.note and complaint.handling != AGAINST_POLICE:
        parts.append(_("The officer wrote: “%(explanation)s”") % {"explanation": _fit(asked.note, EXPLANATION_MAX)})
    if data.get("refer_to"):
        parts.append(_("You may take the matter to %(office)s.") % {"office": _fit(data["refer_to"], 150)})
    elif data.get("reason") in REFER_BY_REASON:
        parts.append(str(REFER_BY_REASON[data["reason"]]))
    return " ".join(parts)


def _merged(event, complaint, lang):
    original = (event.data or {}).get("original", "")
    return _("Your complaint was joined to complaint %(original)s about the same matter; follow it under that "
             "E-tag from now on.") % {"original": etags.display(original) if original else ""}


def _withdrawn(event, complaint, lang):
    return _("Your complaint was withdrawn as you asked.")


def _information(event, complaint, lang):
    return _("Your additional information was added to the complaint.")


def _attachment(event, complaint, lang):
    if _by_complainant(event):
        return _("Your file was added to the complaint.")
    return _("The police added a document to your complaint.")


def _appeal(event, complaint, lang):
    unit = _unit((event.data or {}).get("unit"), lang)
    if unit:
        return _("Your appeal was received and sent to %(unit)s.") % {"unit": unit}
    return _("Your appeal was received.")


def _filed(event, complaint, lang):
    return _("The initial enquiry into your complaint was completed.")


def _regular_enquiry(event, complaint, lang):
    return _("A regular enquiry was ordered into your complaint.")


def _outcome(event, complaint, lang):
    # The one note written for the complainant: the enquiry officer's words to them.
    return _("The enquiry into your complaint is complete: %(outcome)s") % {"outcome": _fit(event.note, OUTCOME_MAX)}


WRITERS = {
    "register": _register, "assign": _assign, "transfer": _transfer, "log_contact": _contact,
    "log_field_visit": _field_visit, "link_fir": _fir, "report_action": _action_reported, "escalate": _escalate,
    "propose_resolution": _proposed, "approve_resolution": _approved, "confirm_satisfied": _satisfied,
    "close_without_confirmation": _closed_unanswered, "reopen": _reopened, "approve_rejection": _rejected,
    "mark_duplicate": _merged, "withdraw": _withdrawn, "add_information": _information, "add_attachment": _attachment,
    "appeal": _appeal, "approve_filing": _filed, "order_regular_enquiry": _regular_enquiry,
    "inform_outcome": _outcome, "submit_final_report": _final_report,
}


# --- what the citizen may do now (messages only) ----------------------------------------------------------------


def appeal_days(complaint: Complaint) -> int:
    """The SOP's appeal window in days (complaints/appeals.py counts it from the decision)."""
    sop = complaint.category.effective_sop()
    return sop.appeal_days if sop is not None else appeals.DEFAULT_APPEAL_DAYS


def _answer(event, complaint) -> str:
    return _("Please tell us whether you are satisfied, at the link below; your complaint stays open until you "
             "answer.")


def _how_to_appeal(event, complaint) -> str:
    values = {"etag": complaint.etag_display, "days": appeal_days(complaint)}
    return _("If you disagree, you may appeal within %(days)s days: on the web page below, on WhatsApp, by SMS "
             "“APPEAL %(etag)s” or through the call centre.") % values


# Every decision complaints/appeals.py lets the citizen appeal says how.
NEXT = {"approve_resolution": _answer, "approve_rejection": _how_to_appeal, "mark_duplicate": _how_to_appeal,
        "close_without_confirmation": _how_to_appeal}
