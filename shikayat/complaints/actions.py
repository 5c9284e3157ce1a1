"""Every state change of a complaint, one function each.

Each action takes the acting user as `actor=`, checks the actor's right and
the transition table, runs in one transaction, writes the timeline event and
hands it to the features' listeners (hooks.py; shikayat.updates tells the
complainant). On any error nothing is written. Registration lives in intake.py."""

import copy
import dataclasses
import uuid
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from shikayat.accounts.models import Posting, Role, User
from shikayat.core import clock
from shikayat.core.errors import InvalidInput, NotFound, PermissionDenied, TransitionNotAllowed
from shikayat.jurisdictions.models import Unit

from . import appeals, hooks, permissions, sla, workflow
from . import etag as etags
from .attachments import check_upload
from .events import record_event
from .hooks import working_calendar
from .models import Attachment, Complaint
from .permissions import Actor, CitizenActor, is_barred_path
from .workflow import RESTORE, Status

MAX_TEXT = 5000
# The API's serializers give these their labels.
CONTACT_METHODS = ("call", "visit", "message", "in_person")
REJECTION_REASONS = ("not_pertaining", "false_or_frivolous", "civil_matter", "sub_judice", "no_contact", "other")
ATTEMPT_OUTCOMES = ("unreachable", "switched_off", "wrong_number", "call_back_later")


def required_text(value: str | None, field: str, message: str, limit: int = MAX_TEXT) -> str:
    """`value` stripped; InvalidInput on `field` with `message` if empty, or if longer than `limit`."""
    text = (value or "").strip()
    if not text:
        raise InvalidInput(message, fields={field: [message]})
    if len(text) > limit:
        too_long = _("Too long (at most %(max)d characters).") % {"max": limit}
        raise InvalidInput(too_long, fields={field: [too_long]})
    return text



def _authorise(actor: Actor, complaint: Complaint, transition: workflow.Transition) -> str:
    """Return the target status or raise: 404 if the actor may not even see
    the complaint, 403 for the wrong role, 409 for the wrong state."""
    if not permissions.can_view(actor, complaint):
        raise NotFound(_("No complaint with this E-tag in your jurisdiction."))
    if not permissions.can_take(actor, complaint, transition):
        refusal = permissions.closing_refusal(actor, complaint, transition)
        if refusal is not None:  # the SOP's closing authority, or his own proposal: say which
            raise PermissionDenied(refusal.message, code=refusal.code)
        raise PermissionDenied(_("Your role does not allow “%(action)s” on this complaint.")
                               % {"action": transition.label})
    target = transition.target_from(complaint.status)
    if target is None:
        raise TransitionNotAllowed(
            _("“%(action)s” is not possible while the complaint is “%(status)s”.")
            % {"action": transition.label, "status": complaint.get_status_display()}
        )
    return complaint.held_status if target == RESTORE else target


def _role_of(actor: Actor, complaint: Complaint, transition: workflow.Transition) -> str:
    roles = sorted(permissions.roles_for(actor, complaint) & transition.roles)
    return roles[0] if roles else ""


def perform(complaint: Complaint, action: str, *, actor: Actor, channel: str = "web", now: datetime | None = None,
            note: str = "", data: dict | None = None, is_public: bool | None = None,
            change: Callable[[Complaint, str, datetime], dict | None] | None = None) -> Complaint:
    """Apply one transition: lock, authorise, let `change` edit the row, save,
    write the event. `change(complaint, target, now)` may raise to abort and
    may return extra data for the event. The features' listeners (hooks.py)
    hear it before the save ("changing") and after the event ("action"), in
    this transaction: any of them raising rolls it all back."""
    transition = workflow.TRANSITIONS[action]
    now = now or clock.now()
    with transaction.atomic():
        # Lock the complaint's row only: FOR UPDATE without OF would also lock the category and unit rows read
        # with it, serialising every action on the same category or unit and deadlocking two transactions
        # that act on several complaints (two deadline sweeps at once) in different orders. The holder is read
        # with it: the listeners that tell officers name them (one query less per escalation, mark, reminder).
        locked = (Complaint.objects.select_for_update(of=("self",)).select_related("category", "unit", "assignee")
                  .get(pk=complaint.pk))
        target = _authorise(actor, locked, transition)
        source = locked.status
        role = _role_of(actor, locked, transition)
        before = copy.copy(locked)  # the row as it was, for listeners that compare (dashboards' rollup)
        event_data = {**(data or {}), **((change(locked, target, now) if change else None) or {})}
        event = hooks.ActionEvent(complaint=locked, before=before, action=action, from_status=source,
                                  to_status=target, actor=actor, channel=channel, at=now, data=event_data)
        event_data.update(hooks.emit("changing", event))
        locked.status = target
        # Write what the action changed, and updated_at: the row is locked, so nothing else changed it meanwhile,
        # and rewriting all ~70 columns cost every action the SQL and parameters of all of them.
        locked.save(update_fields=[*_changed(before, locked), "updated_at"])
        written = record_event(locked, action, actor=actor, channel=channel, at=now, from_status=source,
                               to_status=target, note=note, data=event_data, actor_role=role,
                               is_public=transition.public if is_public is None else is_public)
        hooks.emit("action", dataclasses.replace(event, timeline=written))
    return locked


def _changed(before: Complaint, after: Complaint) -> list[str]:
    """The names of the fields whose values differ (every field of a complaint holds an immutable value)."""
    return [field.name for field in Complaint._meta.concrete_fields
            if not field.primary_key and getattr(before, field.attname) != getattr(after, field.attname)]


def _barred_reason(officer: User, row: Complaint) -> str | None:
    rules = permissions.handling_rules(row.handling)
    return rules.barred_reason(officer, row) if rules is not None else None


def _not_while_held(row: Complaint) -> None:
    """A complaint against police held until its accused is named goes nowhere before that (fail closed;
    workflow.NOT_WHILE_ACCUSED_PENDING keeps the buttons off the page too)."""
    if row.accused_pending:
        raise TransitionNotAllowed(_("The accused officer of this complaint is not identified yet. Name the accused "
                                     "(or record that they cannot be identified) before marking or transferring it."),
                                   code="accused_pending")


def _officer_may_take(officer: User, complaint: Complaint) -> Posting | None:
    sop = complaint.category.effective_sop()
    if not officer.is_active or (officer.rank or 0) < sop.min_rank:
        return None
    roles = [Role.ENQUIRY_OFFICER, Role.SUPERVISOR, *([sop.desk_role] if sop.desk_role else [])]
    return (
        Posting.objects.active()
        .filter(user=officer, role__in=roles)
        .select_related("unit")
        .order_by("-unit__path")
        .first()
    )


def assign(complaint: Complaint, *, actor: Actor, officer: User, note: str = "", channel: str = "web",
           now: datetime | None = None) -> Complaint:
    """Mark the complaint to an enquiry officer of at least the SOP's rank
    within the actor's jurisdiction; the complaint moves to that officer's unit."""

    def change(row: Complaint, target: str, at: datetime) -> dict:
        _not_while_held(row)
        barred = _barred_reason(officer, row)
        if barred:
            raise InvalidInput(_("%(reason)s A complaint against police is never marked to the accused officer, "
                                 "anyone junior to them or their barred units.") % {"reason": barred},
                               fields={"officer": [barred]}, code="accused_barred")
        posting = _officer_may_take(officer, row)
        if posting is None:
            sop = row.category.effective_sop()
            raise InvalidInput(_("%(officer)s cannot take this complaint: it needs an enquiry officer of rank "
                                 "%(rank)s or above.") % {"officer": officer, "rank": sop.get_min_rank_display()},
                               fields={"officer": [_("Officer not eligible.")]})
        if isinstance(actor, User) and not any(
            posting.unit.path.startswith(p.unit.path) for p in permissions.active_postings(actor)
        ):
            raise InvalidInput(_("%(officer)s is not posted within your jurisdiction.") % {"officer": officer},
                               fields={"officer": [_("Officer outside your jurisdiction.")]})
        previous = row.assignee_id
        row.assignee, row.unit, row.unit_path = officer, posting.unit, posting.unit.path
        # Against police, the initial enquiry opens here (shikayat.accountability listens to "changing").
        return {"assignee": officer.pk, "previous_assignee": previous, "unit": posting.unit.code}

    return perform(complaint, "assign", actor=actor, channel=channel, now=now, note=note, change=change)


def transfer(complaint: Complaint, *, actor: Actor, unit: Unit, reason: str, channel: str = "web",
             now: datetime | None = None) -> Complaint:
    """Send the complaint to another unit, whose complaint cell marks it again.
    Deadlines run on from the original registration."""
    reason = required_text(reason, "reason", _("Please say why the complaint is transferred."))

    def change(row: Complaint, target: str, at: datetime) -> dict:
        _not_while_held(row)
        if not unit.is_active or unit.pk == row.unit_id:
            raise InvalidInput(_("Choose a different, active unit."), fields={"unit": [_("Not a valid unit.")]})
        rules = permissions.handling_rules(row.handling)
        if rules is not None and is_barred_path(unit.path, rules.bars(row)):
            message = _("%(unit)s is the accused officer's unit or chain, which the SOP bars from this complaint.") % {
                "unit": unit}
            raise InvalidInput(message, fields={"unit": [message]}, code="accused_barred")
        old = row.unit.code
        row.unit, row.unit_path, row.assignee = unit, unit.path, None
        return {"from_unit": old, "to_unit": unit.code}

    return perform(complaint, "transfer", actor=actor, channel=channel, now=now, note=reason, change=change)


def log_contact(complaint: Complaint, *, actor: Actor, method: str, outcome: str, channel: str = "web",
                now: datetime | None = None) -> Complaint:
    """Record that the officer reached the complainant (call, visit, message)."""
    if method not in CONTACT_METHODS:
        raise InvalidInput(_("Contact method must be one of: call, visit, message, in person."),
                           fields={"method": [_("Unknown contact method.")]})
    outcome = required_text(outcome, "outcome", _("Please record what was discussed with the complainant."))

    def change(row: Complaint, target: str, at: datetime) -> None:
        # A late first contact stops the delay ledger's hours (shikayat.deadlines listens).
        row.first_contacted_at = row.first_contacted_at or at
        row.last_contacted_at = at

    return perform(complaint, "log_contact", actor=actor, channel=channel, now=now, note=outcome,
                   data={"method": method}, change=change)


def record_contact_attempt(complaint: Complaint, *, actor: Actor, method: str = "call", outcome: str = "unreachable",
                           note: str = "", channel: str = "web", now: datetime | None = None) -> Complaint:
    """An attempt to reach the complainant that failed. Enough of them in this cycle (as many as a supervisor's
    closing needs) let a rejection or a merger go ahead without a contact (_refuse_unheard); internal."""
    if method not in CONTACT_METHODS:
        raise InvalidInput(_("Contact method must be one of: call, visit, message, in person."),
                           fields={"method": [_("Unknown contact method.")]})
    if outcome not in ATTEMPT_OUTCOMES:
        raise InvalidInput(_("Choose what happened from the list."), fields={"outcome": [_("Unknown outcome.")]})

    def change(row: Complaint, target: str, at: datetime) -> dict:
        row.contact_attempts += 1
        return {"method": method, "outcome": outcome, "attempt": row.contact_attempts}

    return perform(complaint, "record_contact_attempt", actor=actor, channel=channel, now=now,
                   note=(note or "").strip()[:MAX_TEXT], change=change)


def _refuse_unheard(row: Complaint) -> None:
    """Nothing is disposed of without the complainant: a rejection or a merger needs a contact logged in this
    cycle, or as many failed attempts to reach them as a supervisor's closing without confirmation needs."""
    needed = settings.SHIKAYAT["FEEDBACK_ATTEMPTS_BEFORE_SUPERVISOR_CLOSE"]
    if row.last_contacted_at and row.last_contacted_at >= row.cycle_started_at or row.contact_attempts >= needed:
        return
    raise TransitionNotAllowed(
        _("A complaint is not rejected or merged without hearing the complainant: log the contact with them, or "
          "record at least %(needed)d attempts to reach them that failed (%(done)d recorded so far).")
        % {"needed": needed, "done": row.contact_attempts},
        code="contact_required",
    )


def log_field_visit(complaint: Complaint, *, actor: Actor, findings: str, photos: list | None = None,
                    channel: str = "web", now: datetime | None = None) -> Complaint:
    """Record the field verification (visit to the place, witnesses, evidence),
    with any photos taken there as internal attachments, all or nothing."""
    findings = required_text(findings, "findings", _("Please record what the field verification found."))
    photos = [photo for photo in (photos or []) if photo]
    for photo in photos:
        check_upload(photo)  # refuse a bad file before anything is written
    stored: list[Attachment] = []

    def change(row: Complaint, target: str, at: datetime) -> dict:
        row.field_verified_at = at
        return {"photos": len(photos)}

    try:
        with transaction.atomic():
            row = perform(complaint, "log_field_visit", actor=actor, channel=channel, now=now, note=findings,
                          is_public=False, change=change)
            for photo in photos:
                stored.append(add_attachment(row, actor=actor, upload=photo, is_public=False, channel=channel,
                                             now=now))
    except Exception:
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return Complaint.objects.get(pk=row.pk)


def report_action(complaint: Complaint, *, actor: Actor, report: str, channel: str = "web",
                  now: datetime | None = None) -> Complaint:
    """An interim report of action taken (raid, arrest, recovery, summons),
    before the final resolution; the citizen sees that action was reported."""
    report = required_text(report, "report", _("Please describe the action taken."))
    return perform(complaint, "report_action", actor=actor, channel=channel, now=now, note=report)


def link_fir(complaint: Complaint, *, actor: Actor, fir_number: str, police_station: str = "", channel: str = "web",
             now: datetime | None = None) -> Complaint:
    """Record the FIR registered on this complaint (number / year, station)."""
    number = required_text(fir_number, "fir_number", _("Please give the FIR number, e.g. 512/2026."))
    if len(number) > 40:
        too_long = _("Too long (at most %(max)d characters).") % {"max": 40}
        raise InvalidInput(too_long, fields={"fir_number": [too_long]})

    def change(row: Complaint, target: str, at: datetime) -> dict:
        previous = row.fir_number
        row.fir_number = number
        return {"fir_number": number, "previous": previous, "police_station": (police_station or "").strip()[:150]}

    return perform(complaint, "link_fir", actor=actor, channel=channel, now=now, change=change,
                   note=(police_station or "").strip()[:150])


def add_note(complaint: Complaint, *, actor: Actor, text: str, channel: str = "web",
             now: datetime | None = None) -> Complaint:
    """An internal note, never shown to the citizen."""
    text = required_text(text, "text", _("Please write the note."))
    return perform(complaint, "add_note", actor=actor, channel=channel, now=now, note=text)


def record_review_direction(complaint: Complaint, *, actor: Actor, direction: str, channel: str = "web",
                            now: datetime | None = None) -> Complaint:
    """The direction a periodic review meeting gave on a pending complaint
    (shikayat/reports/review.py); internal, on the timeline only."""
    direction = required_text(direction, "direction", _("Write the direction of the review meeting."))
    return perform(complaint, "record_review_direction", actor=actor, channel=channel, now=now, note=direction)


def add_information(complaint: Complaint, *, actor: Actor, text: str, channel: str = "web",
                    now: datetime | None = None) -> Complaint:
    """More details from the complainant (themselves, or through the helpline
    or the front desk); shown to the officer and on the citizen's timeline."""
    text = required_text(text, "text", _("Please write the information you want to add."))
    return perform(complaint, "add_information", actor=actor, channel=channel, now=now, note=text)


def propose_resolution(complaint: Complaint, *, actor: Actor, resolution: str, channel: str = "web",
                       now: datetime | None = None) -> Complaint:
    """Propose how the complaint was resolved. Refused until contact with the
    complainant and a field verification are logged in this cycle: no paper disposal."""
    resolution = required_text(resolution, "resolution", _("Please describe the action taken."))

    def change(row: Complaint, target: str, at: datetime) -> None:
        missing = []
        if not row.last_contacted_at or row.last_contacted_at < row.cycle_started_at:
            missing.append(_("contact with the complainant"))
        if not row.field_verified_at or row.field_verified_at < row.cycle_started_at:
            missing.append(_("field verification"))
        rules = permissions.handling_rules(row.handling)
        if rules is not None:
            missing.extend(rules.resolution_missing(row))
        if missing:
            raise TransitionNotAllowed(
                _("A resolution cannot be proposed before %(missing)s is logged.")
                % {"missing": _(" and ").join(missing)},
                code="paper_disposal",
            )
        row.resolution, row.resolution_proposed_at = resolution, at  # a late report: the ledger's listener
        row.proposed_by = actor if isinstance(actor, User) else None  # never its approver (permissions)

    return perform(complaint, "propose_resolution", actor=actor, channel=channel, now=now, note=resolution,
                   change=change)


def approve_resolution(complaint: Complaint, *, actor: Actor, note: str = "", channel: str = "web",
                       now: datetime | None = None) -> Complaint:
    """Supervisor accepts the proposed resolution; the citizen is asked for feedback."""

    def change(row: Complaint, target: str, at: datetime) -> None:
        row.feedback_due_at = sla.feedback_due(row.category.effective_sop(), at, working_calendar())
        row.feedback_attempts = 0
        row.feedback_lapsed_at = row.callback_due_at = row.callback_checked_at = None

    return perform(complaint, "approve_resolution", actor=actor, channel=channel, now=now, note=note,
                   is_public=True, change=change)


def return_resolution(complaint: Complaint, *, actor: Actor, reason: str, channel: str = "web",
                      now: datetime | None = None) -> Complaint:
    reason = required_text(reason, "reason", _("Please say what more is needed."))

    def change(row: Complaint, target: str, at: datetime) -> None:
        row.resolution_proposed_at = row.proposed_by = None

    return perform(complaint, "return_resolution", actor=actor, channel=channel, now=now, note=reason,
                   is_public=False, change=change)


def _new_cycle(row: Complaint, unit: Unit, at: datetime) -> None:
    """Reopened (not satisfied, or on appeal): the complaint goes to `unit`, unmarked, with fresh contact and
    report deadlines counted from `at` (sla.py), as if given in now."""
    deadlines = sla.deadlines_for(row.category.effective_sop(), at, working_calendar(), row.priority)
    row.unit, row.unit_path, row.assignee = unit, unit.path, None
    row.cycle_started_at = at
    row.contact_due_at, row.report_due_at = deadlines.contact_due_at, deadlines.report_due_at
    # A new cycle: contact is due again, and its deadlines are watched afresh. This is the only
    # place the sweep's markers are cleared; the missed deadlines of the last cycle stay in the ledger.
    row.first_contacted_at, row.contact_attempts, row.proposed_by = None, 0, None
    row.contact_reminded_at = row.report_reminded_at = None
    row.contact_breached_at = row.report_breached_at = None
    row.escalation_level, row.escalated_to, row.escalated_at, row.next_escalation_at = 0, None, None, None
    row.resolution_proposed_at = row.feedback_due_at = None
    row.feedback_lapsed_at = row.callback_due_at = row.callback_checked_at = None


def record_feedback(complaint: Complaint, *, actor: Actor, satisfied: bool, rating: int | None = None,
                    comment: str = "", channel: str = "web", now: datetime | None = None) -> Complaint:
    """The citizen's answer to a proposed resolution: satisfied closes it;
    not satisfied reopens it one level up with fresh deadlines."""
    if rating is not None and (not isinstance(rating, int) or not 1 <= rating <= 5):
        raise InvalidInput(_("The rating must be a whole number from 1 to 5."), fields={"rating": [_("1 to 5.")]})
    comment = (comment or "").strip()[:MAX_TEXT]
    if satisfied:
        def close(row: Complaint, target: str, at: datetime) -> dict:
            row.closed_at, row.satisfaction_rating = at, rating
            return {"rating": rating}

        return perform(complaint, "confirm_satisfied", actor=actor, channel=channel, now=now, note=comment,
                       change=close)

    if not comment:
        raise InvalidInput(_("Please tell us why you are not satisfied."), fields={"comment": [_("Required.")]})

    def reopen(row: Complaint, target: str, at: datetime) -> dict:
        old_unit = row.unit
        upper = old_unit.parent or old_unit
        _new_cycle(row, upper, at)
        row.reopen_count += 1
        row.satisfaction_rating = rating
        return {"from_unit": old_unit.code, "to_unit": upper.code, "rating": rating}

    return perform(complaint, "reopen", actor=actor, channel=channel, now=now, note=comment, change=reopen)


def record_feedback_attempt(complaint: Complaint, *, actor: Actor, outcome: str = "unreachable", note: str = "",
                            channel: str = "call_centre", now: datetime | None = None) -> Complaint:
    """A call-back to the citizen that did not get an answer."""

    def change(row: Complaint, target: str, at: datetime) -> dict:
        row.feedback_attempts += 1
        return {"outcome": outcome, "attempt": row.feedback_attempts}

    return perform(complaint, "record_feedback_attempt", actor=actor, channel=channel, now=now, note=note,
                   change=change)


def close_without_confirmation(complaint: Complaint, *, actor: Actor, reasons: str, channel: str = "web",
                               now: datetime | None = None) -> Complaint:
    """Supervisor closes a complaint the citizen never answered about, with
    reasons, only after the required number of recorded attempts."""
    reasons = required_text(reasons, "reasons", _("Please record the reasons for closing."))
    needed = settings.SHIKAYAT["FEEDBACK_ATTEMPTS_BEFORE_SUPERVISOR_CLOSE"]

    def change(row: Complaint, target: str, at: datetime) -> None:
        if row.feedback_attempts < needed:
            raise TransitionNotAllowed(
                _("The citizen must be tried at least %(needed)d times first (%(done)d recorded).")
                % {"needed": needed, "done": row.feedback_attempts},
                code="attempts_required",
            )
        row.closed_at = at

    return perform(complaint, "close_without_confirmation", actor=actor, channel=channel, now=now, note=reasons,
                   change=change)


def appeal_window(complaint: Complaint, now: datetime | None = None) -> appeals.AppealWindow:
    """(open, until, reason): whether the complaint may be appealed at `now`, until when, and if not why (a
    translated sentence). For every door that offers the appeal: the citizen's page, the bot, the desk, SMS."""
    return appeals.window(complaint, now or clock.now())


def appeal(complaint: Complaint, *, actor: Actor, grounds: str, channel: str = "web",
           now: datetime | None = None) -> Complaint:
    """The citizen (or the helpline or front desk for them) appeals a rejection, a merger or a closing without
    their confirmation, within the SOP's appeal_days (appeal_window). The complaint reopens one level above
    whoever decided, unmarked, with fresh deadlines (appeals.py)."""
    grounds = required_text(grounds, "grounds", _("Please say why you appeal against the decision."))
    return _appeal(complaint, actor=actor, grounds=grounds, channel=channel, now=now, via="appeal")


def record_followup(complaint: Complaint, *, held: bool, note: str = "", actor: Actor, channel: str = "web",
                    now: datetime | None = None) -> Complaint:
    """The citizen's answer to the question asked some days after closing, "did the police action hold?"
    (asked once by the deadline sweep; answered once). Yes is recorded; no is an appeal (via the questionnaire,
    whenever it is answered: the question is its own permission), one level above whoever decided."""
    note = (note or "").strip()[:MAX_TEXT]
    if not held:
        grounds = note or _("The police action did not hold (the citizen's answer to the follow-up question).")
        return _appeal(complaint, actor=actor, grounds=grounds, channel=channel, now=now, via="questionnaire")

    def change(row: Complaint, target: str, at: datetime) -> dict:
        appeals.refuse_unless_followup_open(row)
        row.followup_answered_at, row.followup_held = at, True
        return {"held": True}

    return perform(complaint, "record_followup", actor=actor, channel=channel, now=now, note=note, change=change)


def _appeal(complaint: Complaint, *, actor: Actor, grounds: str, channel: str, now: datetime | None,
            via: str) -> Complaint:
    def change(row: Complaint, target: str, at: datetime) -> dict:
        if via == "questionnaire":
            appeals.refuse_unless_followup_open(row)
            row.followup_answered_at, row.followup_held = at, False
        else:
            appeals.refuse_outside(row, at)
        upper, decided = appeals.appeal_unit(row)
        old_unit, original = row.unit, row.duplicate_of
        _new_cycle(row, upper, at)
        row.appealed_at, row.closed_at = at, None
        row.duplicate_of, row.held_status, row.rejection_requested_by = None, "", None
        return {"unit": upper.name_en, "unit_id": upper.pk, "from_unit": old_unit.code, "to_unit": upper.code,
                "grounds": grounds, "decided_by_action": decided.action if decided else "",
                "decided_by": decided.actor_id if decided else None, "decided_status": row.status, "via": via,
                **({"original": original.etag} if original else {})}

    return perform(complaint, "appeal", actor=actor, channel=channel, now=now, note=grounds, change=change)


def request_rejection(complaint: Complaint, *, actor: Actor, reason: str, explanation: str, refer_to: str = "",
                      channel: str = "web", now: datetime | None = None) -> Complaint:
    """Ask for the complaint to be rejected as not pertaining / false etc.
    A second officer must approve. `refer_to`: the office the citizen should
    take the matter to instead, if any (the complainant is told it)."""
    if reason not in REJECTION_REASONS:
        raise InvalidInput(_("Choose a rejection reason from the list."), fields={"reason": [_("Unknown reason.")]})
    explanation = required_text(explanation, "explanation", _("Please explain the rejection."))
    refer_to = " ".join((refer_to or "").split())
    if len(refer_to) > 150:
        too_long = _("Too long (at most %(max)d characters).") % {"max": 150}
        raise InvalidInput(too_long, fields={"refer_to": [too_long]})

    def change(row: Complaint, target: str, at: datetime) -> dict:
        _refuse_unheard(row)
        row.held_status = row.status
        row.rejection_requested_by = row.proposed_by = actor if isinstance(actor, User) else None
        return {"reason": reason, **({"refer_to": refer_to} if refer_to else {})}

    return perform(complaint, "request_rejection", actor=actor, channel=channel, now=now, note=explanation,
                   change=change)


def approve_rejection(complaint: Complaint, *, actor: Actor, note: str = "", channel: str = "web",
                      now: datetime | None = None) -> Complaint:
    """A second officer, within the SOP's closing authority, rejects the complaint (permissions.closing_refusal);
    still only once the complainant was contacted or tried enough times."""

    def change(row: Complaint, target: str, at: datetime) -> None:
        _refuse_unheard(row)
        row.closed_at, row.held_status = at, ""

    return perform(complaint, "approve_rejection", actor=actor, channel=channel, now=now, note=note, change=change)


def deny_rejection(complaint: Complaint, *, actor: Actor, note: str, channel: str = "web",
                   now: datetime | None = None) -> Complaint:
    note = required_text(note, "note", _("Please say why the rejection is turned down."))

    def change(row: Complaint, target: str, at: datetime) -> None:
        row.held_status, row.rejection_requested_by, row.proposed_by = "", None, None

    return perform(complaint, "deny_rejection", actor=actor, channel=channel, now=now, note=note, change=change)


def mark_duplicate(complaint: Complaint, *, actor: Actor, original_etag: str, channel: str = "web",
                   now: datetime | None = None) -> Complaint:
    """Merge this complaint into an earlier one about the same matter, once the complainant was contacted (or
    tried enough times) in this cycle."""

    def change(row: Complaint, target: str, at: datetime) -> dict:
        _refuse_unheard(row)
        code = etags.normalise(original_etag)
        original = Complaint.objects.filter(etag=code).first()
        if original is None or not permissions.can_view(actor, original):
            raise InvalidInput(_("No complaint with E-tag %(etag)s in your jurisdiction.")
                               % {"etag": etags.display(code)}, fields={"original_etag": [_("Not found.")]})
        if original.pk == row.pk or original.status == Status.MERGED:
            raise InvalidInput(_("A complaint can only be merged into a different complaint that is not itself "
                                 "merged."), fields={"original_etag": [_("Not a valid original.")]})
        row.duplicate_of, row.closed_at = original, at
        return {"original": original.etag}

    return perform(complaint, "mark_duplicate", actor=actor, channel=channel, now=now, change=change)


def withdraw(complaint: Complaint, *, actor: Actor, reason: str = "", channel: str = "web",
             now: datetime | None = None) -> Complaint:
    """The citizen withdraws the complaint (themselves, or through the helpline / front desk)."""

    def change(row: Complaint, target: str, at: datetime) -> None:
        row.closed_at = at

    return perform(complaint, "withdraw", actor=actor, channel=channel, now=now,
                   note=(reason or "").strip()[:MAX_TEXT], change=change)


def escalate(complaint: Complaint, *, actor: Actor, officer: User | None, stage: str, level: int | None = None,
             next_at: datetime | None = None, channel: str = "system", now: datetime | None = None) -> Complaint:
    """Up the SOP's escalation ladder after a missed deadline (the deadline
    sweep takes it, as the system), to step `level` (default: the next one).
    The complaint stays with its unit and officer; `officer`, a supervisor
    up the chain, now answers for it and is told through the outbox, and so
    is the complainant (by the features' listeners). Without an officer (nobody more senior up to the
    top) the step is only recorded. `next_at` schedules the next step (None:
    the ladder ends here)."""
    if officer is not None and not (isinstance(officer, User) and officer.is_active):
        raise InvalidInput(_("Escalate to an active officer."), fields={"officer": [_("Officer not eligible.")]})

    def change(row: Complaint, target: str, at: datetime) -> dict:
        row.escalation_level = level if level is not None else row.escalation_level + 1
        row.next_escalation_at = next_at
        data = {"level": row.escalation_level, "stage": stage}
        if officer is not None:
            row.escalated_to, row.escalated_at = officer, at
            data["officer"] = officer.pk  # told, with the complainant, by shikayat.deadlines' listener
        return data

    return perform(complaint, "escalate", actor=actor, channel=channel, now=now,
                   note=str(officer) if officer is not None else "", is_public=officer is not None, change=change)


def add_attachment(complaint: Complaint, *, actor: Actor, upload, is_public: bool = True, channel: str = "web",
                   now: datetime | None = None) -> Attachment:
    """Attach a photo, document or voice note. Citizens' attachments are
    always visible to them; officers may mark theirs internal. If the
    database write fails, the stored file is removed again."""
    content_type, extension = check_upload(upload)
    original_name = (getattr(upload, "name", "") or f"attachment.{extension}")[-200:]
    attachment = Attachment(complaint=complaint, original_name=original_name, content_type=content_type,
                            size=upload.size, is_public=is_public or isinstance(actor, CitizenActor),
                            uploaded_by=str(actor)[:150])
    # Stored before perform() locks the complaint's row: with object storage (SHIKAYAT_STORAGE=s3) the upload
    # is a network transfer, which must not hold the lock every other action on this complaint waits for.
    attachment.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)

    def change(row: Complaint, target: str, at: datetime) -> dict:
        attachment.complaint = row
        attachment.save()
        return {"attachment": attachment.pk, "name": original_name, "content_type": content_type}

    try:
        perform(complaint, "add_attachment", actor=actor, channel=channel, now=now, change=change,
                is_public=is_public or isinstance(actor, CitizenActor))
    except BaseException:
        attachment.file.delete(save=False)  # refused, or the database write failed: no orphan left stored
        raise
    return attachment
