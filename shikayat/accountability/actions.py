"""The enquiry chain of a complaint against police, one action per step.

initial enquiry (opened by marking the complaint, complaints.actions.assign)
→ its report → filing (reasons, a supervisor's approval) or a regular enquiry
(an officer of the SOP's enquiry rank, the allegations, a deadline) →
statements and evidence → the report → a finding per allegation → proceedings
recommended on what is proved → their outcome → the complainant told → then
the common closure (propose, approve, the citizen's feedback).

Each step is a transition of the complaint (workflow.TRANSITIONS) through
complaints.actions.perform: authorised, one transaction, one timeline event."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from shikayat.accounts.models import Posting, Role, User
from shikayat.complaints import permissions, routing
from shikayat.complaints.actions import perform
from shikayat.complaints.actions import required_text as text
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM, Actor
from shikayat.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from shikayat.deadlines.models import DelayEntry, Stage

from . import enquiries
from .accused import (
    AccusedInput,
    accused_rank,
    bar_paths,
    barred_reason,
    clean_accused,
    complaint_bars,
    hold_desk,
    is_pending,
    record_accused,
)
from .models import (
    PROVED_FINDINGS,
    Accused,
    Allegation,
    Bar,
    Decision,
    EnquiryEntry,
    EnquiryKind,
    EntryKind,
    Finding,
    Proceedings,
    ProceedingsKind,
    ProceedingsOutcome,
)

MAX_ALLEGATIONS = 20
STAGE_OF = {EnquiryKind.INITIAL: Stage.INITIAL_ENQUIRY, EnquiryKind.REGULAR: Stage.REGULAR_ENQUIRY}


def name_accused(complaint: Complaint, *, actor: Actor, accused, channel: str = "web",
                 now: datetime | None = None) -> Complaint:
    """Add accused officers named after registration. When the accountability branch (or a supervisor)
    names officers of the register for a complaint held because its accused was not identified, the hold
    ends: the provisional bars give way to the named officers' and it is routed per the SOP. An accused
    who is only described puts the complaint on hold again if nothing keeps them out. If the officer
    holding the complaint is now barred (accused, junior, in a barred unit), it is taken from them and
    rerouted away, in the same transaction."""
    sop = complaint.category.effective_sop()
    items = clean_accused(accused, sop, complaint.incident_unit)
    if not items:
        message = _("Name the accused officer or describe them (name, rank, police station).")
        raise InvalidInput(message, fields={"accused": [message]})
    moved: dict = {}

    def change(row: Complaint, target: str, at: datetime) -> dict:
        rows = record_accused(row, items, sop, at, str(actor), row.incident_unit)
        identified = [item for item in items if item.officer is not None]
        if row.accused_pending and len(identified) == len(items) and permissions.roles_for(actor, row) & ACCOUNTABLE:
            _identified(row, sop)
            moved["route"] = True
        elif not row.accused_pending and is_pending(sop, _standing(row) + items):
            row.accused_pending = True
            moved["route"] = True
        if row.assignee_id is not None and barred_reason(row.assignee, row):
            moved["barred"] = row.assignee_id
        return {"accused": [a.pk for a in rows], "accused_pending": row.accused_pending}

    with transaction.atomic():
        row = perform(complaint, "name_accused", actor=actor, channel=channel, now=now, change=change)
        if moved or _unit_barred(row):
            row = reroute(row, now=now)
    return row


ACCOUNTABLE = {Role.ACCOUNTABILITY, Role.SUPERVISOR}


def _standing(row: Complaint) -> list[AccusedInput]:
    """The identified accused already on record (described ones are judged again when named)."""
    return [AccusedInput(officer=a.officer, description=a.description)
            for a in row.accused.select_related("officer") if a.officer_id]


def _identified(row: Complaint, sop) -> None:
    """The branch has named the accused: their bars replace the provisional ones, their ranks set the bar on
    juniors, and the hold ends."""
    named = _standing(row)
    Bar.objects.filter(complaint=row).delete()
    Bar.objects.bulk_create([Bar(complaint=row, path=bar.path, subtree=bar.subtree) for bar in bar_paths(sop, named)])
    row.accused_rank = accused_rank(named)
    row.accused_pending = False
    row.__dict__.pop("_barred", None)


def accused_unidentified(complaint: Complaint, *, actor: Actor, reason: str, channel: str = "web",
                         now: datetime | None = None) -> Complaint:
    """The accountability branch records that the accused cannot be identified: the hold ends and the
    complaint stays with the branch (the provisional bars stay), which marks it from there."""
    reason = text(reason, "reason", _("Say why the accused officer cannot be identified."))

    def change(row: Complaint, target: str, at: datetime) -> dict:
        if not row.accused_pending:
            raise TransitionNotAllowed(_("The accused of this complaint are already identified."))
        row.accused_pending = False
        return {}

    return perform(complaint, "accused_unidentified", actor=actor, channel=channel, now=now, note=reason,
                   change=change)


def _unit_barred(complaint: Complaint) -> bool:
    from .accused import is_barred_path

    return is_barred_path(complaint.unit_path, complaint_bars(complaint))


def reroute(complaint: Complaint, *, actor: Actor = SYSTEM, now: datetime | None = None) -> Complaint:
    """Take the complaint from a barred holder to the accountability branch outside the barred units, or,
    while its accused is not identified, up to the branch that holds it (accused.desk_for)."""

    def change(row: Complaint, target: str, at: datetime) -> dict:
        sop = row.category.effective_sop()
        place = row.incident_unit
        if row.accused_pending:
            described = [AccusedInput(officer=None, description=a.description, rank=a.rank,
                                      stations=(a.unit_id,) if a.unit_id else ())
                         for a in row.accused.all() if not a.officer_id]
            unit = hold_desk(sop, _standing(row) + described, place, complaint_bars(row))
        else:
            accused_officers = [a.officer for a in row.accused.select_related("officer") if a.officer_id]
            unit = routing.find_desk_unit(sop, place or row.unit,
                                          min_rank=max(sop.min_rank, row.accused_rank or 0),
                                          barred_paths=complaint_bars(row), excluded_officers=accused_officers)
        previous = (row.unit.code, row.assignee_id)
        row.unit, row.unit_path, row.assignee = unit, unit.path, None
        return {"from_unit": previous[0], "previous_assignee": previous[1], "to_unit": unit.code,
                "held": row.accused_pending}

    return perform(complaint, "reroute", actor=actor, channel="system", now=now, change=change)


def submit_enquiry_report(complaint: Complaint, *, actor: Actor, report: str, channel: str = "web",
                          now: datetime | None = None) -> Complaint:
    """The running enquiry's report: the initial enquiry's findings, or the regular enquiry's report."""
    report = text(report, "report", _("Please write the enquiry report."))

    def change(row: Complaint, target: str, at: datetime) -> dict:
        enquiry = enquiries.require_running(row)
        enquiry.report, enquiry.reported_at = report, at
        enquiry.save(update_fields=["report", "reported_at"])
        if enquiry.breached_at is not None:
            DelayEntry.objects.filter(complaint_id=row.pk, stage=STAGE_OF[enquiry.kind],
                                      cycle_started_at=enquiry.ordered_at).update(completed_at=at)
        return {"enquiry": enquiry.pk, "kind": enquiry.kind}

    return perform(complaint, "submit_enquiry_report", actor=actor, channel=channel, now=now, note=report,
                   change=change)


def record_enquiry_entry(complaint: Complaint, *, actor: Actor, kind: str, person: str, text_: str,
                         channel: str = "web", now: datetime | None = None) -> EnquiryEntry:
    """A statement recorded or evidence examined in the running enquiry."""
    if kind not in EntryKind.values:
        raise InvalidInput(_("Choose statement or evidence."), fields={"kind": [_("Unknown kind.")]})
    body = text(text_, "text", _("Please write the statement or describe the evidence."))
    person = (person or "").strip()[:150]
    made: dict = {}

    def change(row: Complaint, target: str, at: datetime) -> dict:
        enquiry = enquiries.require_running(row)
        made["entry"] = EnquiryEntry.objects.create(enquiry=enquiry, kind=kind, person=person, text=body, at=at,
                                                    recorded_by=actor)
        return {"enquiry": enquiry.pk, "entry": made["entry"].pk, "kind": kind, "person": person}

    perform(complaint, "record_enquiry_entry", actor=actor, channel=channel, now=now, note=body, change=change)
    return made["entry"]


def request_filing(complaint: Complaint, *, actor: Actor, reasons: str, channel: str = "web",
                   now: datetime | None = None) -> Complaint:
    """Propose, after the initial enquiry, that the complaint be filed as having no substance."""
    reasons = text(reasons, "reasons", _("Filing needs reasons: say why the complaint has no substance."))

    def change(row: Complaint, target: str, at: datetime) -> dict:
        enquiry = enquiries.require_initial_reported(row)
        if enquiry.decision == Decision.FILE_REQUESTED:
            raise TransitionNotAllowed(_("Filing has already been proposed and awaits a supervisor's approval."),
                                       code="filing_pending")
        enquiry.decision, enquiry.decision_reasons = Decision.FILE_REQUESTED, reasons
        enquiry.filing_requested_by = row.proposed_by = actor if isinstance(actor, User) else None
        enquiry.save(update_fields=["decision", "decision_reasons", "filing_requested_by"])
        return {"enquiry": enquiry.pk}

    return perform(complaint, "request_filing", actor=actor, channel=channel, now=now, note=reasons, change=change)


def approve_filing(complaint: Complaint, *, actor: Actor, note: str = "", channel: str = "web",
                   now: datetime | None = None) -> Complaint:
    """A supervisor, not the officer who proposed it, files the complaint after the initial enquiry."""

    def change(row: Complaint, target: str, at: datetime) -> dict:
        enquiry = enquiries.current(row)
        if enquiry is None or enquiry.decision != Decision.FILE_REQUESTED:
            raise TransitionNotAllowed(_("Nobody has proposed filing this complaint (with reasons)."),
                                       code="no_filing_request")
        if enquiry.filing_requested_by_id == getattr(actor, "pk", None):
            raise PermissionDenied(_("Filing must be approved by a supervisor other than the officer who proposed "
                                     "it."), code="second_officer_required")
        enquiry.decision, enquiry.decided_by, enquiry.decided_at = Decision.FILED, actor, at
        enquiry.save(update_fields=["decision", "decided_by", "decided_at"])
        return {"enquiry": enquiry.pk, "reasons": enquiry.decision_reasons}

    return perform(complaint, "approve_filing", actor=actor, channel=channel, now=now, note=(note or "").strip(),
                   change=change)


def _enquiry_officer(actor: Actor, row: Complaint, officer: User) -> Posting:
    """Check a regular enquiry officer: of the SOP's enquiry rank, not barred, posted within the actor's reach."""
    sop = row.category.effective_sop()
    barred = barred_reason(officer, row)
    if barred:
        raise InvalidInput(barred, fields={"officer": [barred]}, code="accused_barred")
    needed = max(sop.enquiry_min_rank, row.accused_rank or 0)
    if not officer.is_active or (officer.rank or 0) < needed:
        message = _("%(officer)s cannot hold a regular enquiry: it needs an officer of rank %(rank)s or above.") % {
            "officer": officer, "rank": _rank_label(needed)}
        raise InvalidInput(message, fields={"officer": [message]})
    reach = [p.unit.path for p in permissions.active_postings(actor)] if isinstance(actor, User) else [""]
    posting = (Posting.objects.active().filter(user=officer, role__in=(Role.ENQUIRY_OFFICER, Role.SUPERVISOR,
                                                                        Role.ACCOUNTABILITY))
               .select_related("unit").order_by("-unit__path"))
    posting = next((p for p in posting if any(p.unit.path.startswith(path) for path in reach)), None)
    if posting is None:
        message = _("%(officer)s is not posted as an enquiry officer within your jurisdiction.") % {"officer": officer}
        raise InvalidInput(message, fields={"officer": [message]})
    return posting


def _rank_label(rank: int) -> str:
    from shikayat.accounts.models import Rank

    return str(Rank(rank).label) if rank in Rank.values else str(rank)


def order_regular_enquiry(complaint: Complaint, *, actor: Actor, officer: User, allegations: list[dict],
                          note: str = "", channel: str = "web", now: datetime | None = None) -> Complaint:
    """After the initial enquiry: a regular enquiry by `officer` into each
    allegation ({"accused": Accused id, "text": …}). The complaint moves to
    the enquiry officer. A pending proposal to file is thereby turned down."""
    if not isinstance(allegations, list) or not allegations:
        message = _("Frame at least one allegation against an accused officer.")
        raise InvalidInput(message, fields={"allegations": [message]})
    if len(allegations) > MAX_ALLEGATIONS:
        message = _("At most %(max)d allegations.") % {"max": MAX_ALLEGATIONS}
        raise InvalidInput(message, fields={"allegations": [message]})

    def change(row: Complaint, target: str, at: datetime) -> dict:
        initial = enquiries.require_initial_reported(row)
        posting = _enquiry_officer(actor, row, officer)
        accused = {a.pk: a for a in row.accused.all()}
        framed = []
        for item in allegations:
            try:
                accused_id = int((item or {}).get("accused"))
            except (TypeError, ValueError):
                accused_id = None
            if accused_id not in accused:
                message = _("Each allegation must name one of this complaint's accused officers.")
                raise InvalidInput(message, fields={"allegations": [message]})
            framed.append((accused[accused_id], text(item.get("text"), "allegations",
                                                     _("Write each allegation."), limit=2000)))
        initial.decision, initial.decided_by, initial.decided_at = Decision.REGULAR, actor, at
        initial.save(update_fields=["decision", "decided_by", "decided_at"])
        regular = enquiries.open_enquiry(row, EnquiryKind.REGULAR, officer, actor, at)
        Allegation.objects.bulk_create([Allegation(complaint=row, enquiry=regular, accused=who, text=body)
                                        for who, body in framed])
        row.assignee, row.unit, row.unit_path = officer, posting.unit, posting.unit.path
        return {"enquiry": regular.pk, "officer": officer.pk, "unit": posting.unit.code,
                "due": regular.due_at.isoformat(), "allegations": len(framed)}

    return perform(complaint, "order_regular_enquiry", actor=actor, channel=channel, now=now,
                   note=(note or "").strip(), change=change)


def _one(rows, pk, field: str, message: str):
    """The row of `rows` with primary key `pk` (as given by a form or the API), or InvalidInput on `field`."""
    try:
        found = rows.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise InvalidInput(message, fields={field: [message]})
    return found


def _allegation(row: Complaint, allegation_id) -> Allegation:
    return _one(Allegation.objects.select_related("accused").filter(complaint=row), allegation_id, "allegation",
                _("No such allegation on this complaint."))


def record_finding(complaint: Complaint, *, actor: Actor, allegation, finding: str, reasons: str,
                   channel: str = "web", now: datetime | None = None) -> Complaint:
    """Proved, partly proved or not proved, with reasons, on one allegation, once the enquiry report is in."""
    if finding not in (Finding.PROVED, Finding.PARTLY_PROVED, Finding.NOT_PROVED):
        message = _("The finding must be proved, partly proved or not proved.")
        raise InvalidInput(message, fields={"finding": [message]})
    reasons = text(reasons, "reasons", _("Give the reasons for the finding."))

    def change(row: Complaint, target: str, at: datetime) -> dict:
        enquiry = enquiries.require_regular_reported(row)
        found = _allegation(row, allegation)
        if found.enquiry_id != enquiry.pk:
            raise TransitionNotAllowed(_("This allegation belongs to an earlier enquiry."), code="old_allegation")
        if found.finding:
            raise TransitionNotAllowed(_("A finding on this allegation is already recorded: %(finding)s.")
                                       % {"finding": found.get_finding_display()}, code="finding_recorded")
        found.finding, found.finding_reasons = finding, reasons
        found.found_by, found.found_at = actor, at
        found.save(update_fields=["finding", "finding_reasons", "found_by", "found_at"])
        return {"allegation": found.pk, "accused": found.accused_id, "finding": finding}

    return perform(complaint, "record_finding", actor=actor, channel=channel, now=now, note=reasons, change=change)


def recommend_proceedings(complaint: Complaint, *, actor: Actor, allegation, kind: str, note: str = "",
                          accused=None, channel: str = "web", now: datetime | None = None) -> Proceedings:
    """Departmental proceedings on a proved (or partly proved) allegation, against its accused officer
    or another accused of the complaint."""
    if kind not in ProceedingsKind.values:
        message = _("Choose the kind of proceedings from the list.")
        raise InvalidInput(message, fields={"kind": [message]})
    made: dict = {}

    def change(row: Complaint, target: str, at: datetime) -> dict:
        found = _allegation(row, allegation)
        if found.finding not in PROVED_FINDINGS:
            message = _("Departmental proceedings are recommended only on a proved or partly proved allegation; "
                        "this one is “%(finding)s”.") % {"finding": found.get_finding_display()}
            raise TransitionNotAllowed(message, code="not_proved")
        against = found.accused
        if accused not in (None, ""):
            against = _accused_of(row, accused)
        made["proceedings"] = Proceedings.objects.create(
            allegation=found, accused=against, kind=kind, note=(note or "").strip()[:5000], recommended_by=actor,
            recommended_at=at)
        return {"proceedings": made["proceedings"].pk, "allegation": found.pk, "accused": against.pk, "kind": kind}

    perform(complaint, "recommend_proceedings", actor=actor, channel=channel, now=now, note=(note or "").strip(),
            change=change)
    return made["proceedings"]


def _accused_of(row: Complaint, accused_id) -> Accused:
    return _one(row.accused.all(), accused_id, "accused",
                _("Proceedings are recommended against one of this complaint's accused officers."))


def record_proceedings_outcome(complaint: Complaint, *, actor: Actor, proceedings, outcome: str, note: str = "",
                               channel: str = "web", now: datetime | None = None) -> Complaint:
    """What the departmental proceedings decided, recorded once."""
    if outcome not in ProceedingsOutcome.values or not outcome:
        message = _("Choose the outcome of the proceedings from the list.")
        raise InvalidInput(message, fields={"outcome": [message]})

    def change(row: Complaint, target: str, at: datetime) -> dict:
        found = _one(Proceedings.objects.filter(allegation__complaint=row), proceedings, "proceedings",
                     _("No such proceedings on this complaint."))
        if found.outcome:
            raise TransitionNotAllowed(_("The outcome of these proceedings is already recorded."),
                                       code="outcome_recorded")
        found.outcome, found.outcome_note, found.outcome_by, found.outcome_at = outcome, (note or "").strip(), actor, at
        found.save(update_fields=["outcome", "outcome_note", "outcome_by", "outcome_at"])
        return {"proceedings": found.pk, "outcome": outcome}

    return perform(complaint, "record_proceedings_outcome", actor=actor, channel=channel, now=now,
                   note=(note or "").strip(), change=change)


def inform_outcome(complaint: Complaint, *, actor: Actor, message: str, channel: str = "web",
                   now: datetime | None = None) -> Complaint:
    """Tell the complainant the outcome of the enquiry (in `message`, which
    shikayat.updates sends them); only once the enquiry chain has reached one."""
    message = text(message, "message", _("Write what the complainant is told."), limit=600)

    def change(row: Complaint, target: str, at: datetime) -> None:
        done, why = enquiries.concluded(row)
        if not done:
            raise TransitionNotAllowed(_("The complainant can be told the outcome only when the enquiry has "
                                         "reached one: %(why)s.") % {"why": why}, code="no_outcome_yet")

    return perform(complaint, "inform_outcome", actor=actor, channel=channel, now=now, note=message, change=change)
