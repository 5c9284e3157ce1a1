"""How complaints against police plug into the complaint core (complaints/hooks.py), registered in
AccountabilityConfig.ready(): the handling's rules (the accused read at intake, the desk they choose, the
bars that keep the accused and their chain out), the initial enquiry opened when a complaint is marked,
the access log of confidential reads, and the enquiry chain's named actions."""

from django.db.models import Q
from django.utils.translation import gettext as _

from shikayat.categories.models import Handling
from shikayat.complaints import handlers, hooks

from . import accused, enquiries
from . import actions as enquiry
from .access import log_reads
from .models import Accused, Bar


class AgainstPolice:
    """hooks.HandlingRules for Handling.AGAINST_POLICE."""

    input_field = "accused"

    def clean(self, raw, sop, place):
        return accused.clean_accused(raw, sop, place)

    def route(self, sop, description, extra, place) -> hooks.Routed:
        # Nobody named: whoever the complaint's own words identify, for the branch to confirm.
        found = extra or accused.accused_in_text(description, place)
        desk = accused.desk_for(sop, found, place)
        return hooks.Routed(unit=desk.unit, held=desk.pending, accused_rank=accused.accused_rank(found), extra=desk)

    def record(self, complaint, extra, sop, at, added_by, place) -> None:
        # `extra` is route()'s Desk: the accused and bars it found are written as they are, nothing read again.
        accused.record_new(complaint, extra, at, added_by)

    def bars(self, complaint):
        return accused.complaint_bars(complaint)

    def is_named(self, complaint, user) -> bool:
        return Accused.objects.filter(complaint_id=complaint.pk, officer_id=user.pk).exists()

    def named_or_barred_filter(self, user, paths, prefixes) -> Q:
        bars = Bar.objects.filter(Q(subtree=True, path__in=prefixes) | Q(subtree=False, path__in=paths))
        return (Q(pk__in=Accused.objects.filter(officer_id=user.pk).values("complaint_id"))
                | Q(pk__in=bars.values("complaint_id")))

    def barred_reason(self, officer, complaint):
        return accused.barred_reason(officer, complaint)

    def barred_officers(self, complaint, officers):
        return accused.barred_officers(complaint, officers)

    def resolution_missing(self, complaint) -> list[str]:
        return [] if enquiries.outcome_informed(complaint) else [_("the enquiry's outcome told to the complainant")]


def open_enquiry_on_assign(event: hooks.ActionEvent) -> dict | None:
    """Marking a complaint against police opens its initial enquiry (or hands the running one over); the
    enquiry is named in the assign event's data."""
    row = event.complaint
    if row.handling != Handling.AGAINST_POLICE:
        return None
    found = enquiries.enquiry_for_assignee(row, row.assignee, event.actor, event.at)
    return {"enquiry": found.pk, "enquiry_kind": found.kind, "enquiry_due": found.due_at.isoformat()}


def log_confidential_reads(event: hooks.Read) -> None:
    log_reads(event.actor, list(event.complaints), event.via)


NAMED_ACTIONS = {
    "reroute": lambda c, a, ch, p: enquiry.reroute(c, actor=a),
    "name_accused": lambda c, a, ch, p: enquiry.name_accused(c, actor=a, channel=ch, accused=p.get("accused")),
    "accused_unidentified": lambda c, a, ch, p: enquiry.accused_unidentified(c, actor=a, channel=ch,
                                                                             reason=p["reason"]),
    "submit_enquiry_report": lambda c, a, ch, p: enquiry.submit_enquiry_report(c, actor=a, channel=ch,
                                                                               report=p["report"]),
    "record_enquiry_entry": lambda c, a, ch, p: enquiry.record_enquiry_entry(
        c, actor=a, channel=ch, kind=p.get("kind", ""), person=p.get("person", ""), text_=p["text"]),
    "request_filing": lambda c, a, ch, p: enquiry.request_filing(c, actor=a, channel=ch, reasons=p["reasons"]),
    "approve_filing": lambda c, a, ch, p: enquiry.approve_filing(c, actor=a, channel=ch, note=p.get("note", "")),
    "order_regular_enquiry": lambda c, a, ch, p: enquiry.order_regular_enquiry(
        c, actor=a, channel=ch, officer=handlers.officer_named(p["officer"]), allegations=p.get("allegations") or [],
        note=p.get("note", "")),
    "record_finding": lambda c, a, ch, p: enquiry.record_finding(
        c, actor=a, channel=ch, allegation=p.get("allegation"), finding=p.get("finding", ""), reasons=p["reasons"]),
    "recommend_proceedings": lambda c, a, ch, p: enquiry.recommend_proceedings(
        c, actor=a, channel=ch, allegation=p.get("allegation"), kind=p.get("kind", ""), note=p.get("note", ""),
        accused=p.get("accused")),
    "record_proceedings_outcome": lambda c, a, ch, p: enquiry.record_proceedings_outcome(
        c, actor=a, channel=ch, proceedings=p.get("proceedings"), outcome=p.get("outcome", ""),
        note=p.get("note", "")),
    "inform_outcome": lambda c, a, ch, p: enquiry.inform_outcome(c, actor=a, channel=ch, message=p["message"]),
}


def register() -> None:
    hooks.provide_handling(Handling.AGAINST_POLICE, AgainstPolice())
    hooks.register(open_enquiry_on_assign, name="accountability.open_enquiry", order=100, on="changing",
                   actions={"assign"})
    hooks.register(log_confidential_reads, name="accountability.access_log", order=100, on="read")
    for name, handler in NAMED_ACTIONS.items():
        handlers.register(name, handler)
