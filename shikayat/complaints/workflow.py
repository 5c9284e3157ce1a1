"""States and the transition table: the single source the actions, the API
and the pages all read. A transition names the states it may start from,
where each leads, and which roles may take it.

Roles are posting roles (see accounts.Role) plus CITIZEN (the complainant,
after proving their mobile) and SYSTEM (the worker: deadlines, imports)."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from shikayat.accounts.models import Role

CITIZEN = "citizen"
SYSTEM = "system"


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ASSIGNED = "assigned", _("Marked to an officer")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLUTION_PROPOSED = "resolution_proposed", _("Resolution proposed")
    AWAITING_FEEDBACK = "awaiting_feedback", _("Awaiting your feedback")
    REOPENED = "reopened", _("Reopened")
    REJECTION_REQUESTED = "rejection_requested", _("Rejection under review")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged as duplicate")
    WITHDRAWN = "withdrawn", _("Withdrawn")


TERMINAL = frozenset({Status.CLOSED, Status.REJECTED, Status.MERGED, Status.WITHDRAWN})
OPEN = frozenset(set(Status) - TERMINAL)
WORKING = frozenset({Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS, Status.REOPENED})
# Waiting for a supervisor: a proposed resolution or a request to reject (the approvals list).
AWAITING_APPROVAL = (Status.RESOLUTION_PROPOSED, Status.REJECTION_REQUESTED)

# Decisions a citizen may appeal against, within the SOP's appeal_days (a closing only when the citizen did not
# confirm it; after a satisfied close the follow-up question is the way back: actions.record_followup).
APPEALABLE = (Status.REJECTED, Status.MERGED, Status.CLOSED)
# Who may lodge an appeal or answer the follow-up question: the citizen, or the helpline / front desk for them.
FOR_THE_CITIZEN = frozenset({CITIZEN, Role.CALL_CENTRE, Role.FRONT_DESK})
# An appeal the citizen made elsewhere — a letter, another grievance portal's re-opened notice — is lodged for
# them by the complaint cell too (still within the SOP's window, and it goes one level above the decider).
APPEAL_FOR_THE_CITIZEN = FOR_THE_CITIZEN | {Role.COMPLAINT_CELL}

# Target meaning "back to the status the complaint had before", used when a
# rejection request is turned down.
RESTORE = "restore"

OFFICE = frozenset({Role.COMPLAINT_CELL, Role.SUPERVISOR})
# The office plus the head of a police station (SHO): he marks his station's complaints to its officers and
# decides on their proposals, within the SOP's closing authority (CLOSING_DECISIONS).
STATION = OFFICE | {Role.STATION_HEAD}
# Every decision that approves a proposal or closes a complaint on an officer's word: taken only within the SOP's
# closing authority (rank and role: SOP.closing_authority) and never by the officer who proposed it or to whom
# the complaint is marked (permissions.closing_refusal).
CLOSING_DECISIONS = frozenset({"approve_resolution", "approve_rejection", "approve_filing",
                               "close_without_confirmation"})
# Who reaches the complainant: before a resolution the enquiry officer; before a rejection or a merger also the
# office that asks for it (nothing is disposed of without contact or documented attempts: actions._heard).
CONTACTING = frozenset({Role.ENQUIRY_OFFICER, Role.SUPERVISOR, Role.STATION_HEAD, Role.COMPLAINT_CELL})
AGAINST_POLICE = "against_police"  # categories.Handling
# Against police (shikayat/accountability): who orders and decides enquiries, and who conducts them.
ACCOUNTABLE = frozenset({Role.SUPERVISOR, Role.ACCOUNTABILITY})
ENQUIRING = frozenset({Role.ENQUIRY_OFFICER, Role.SUPERVISOR, Role.ACCOUNTABILITY})
# The enquiry's steps are taken while the complaint is being worked on; each checks the enquiry's own state.
ENQUIRY_STATES = {Status.ASSIGNED: Status.IN_PROGRESS, Status.IN_PROGRESS: Status.IN_PROGRESS}
# Against police, while the accused is not identified (Complaint.accused_pending), the complaint stays where it is held.
NOT_WHILE_ACCUSED_PENDING = frozenset({"assign", "transfer"})


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    targets: dict  # source status -> target status (or RESTORE)
    roles: frozenset
    # Enquiry officers may take this only on complaints marked to them.
    assignee_only_for_enquiry_officer: bool = False
    public: bool = True  # whether the citizen sees the timeline event
    # Only on complaints with this handling (Complaint.handling), e.g. the enquiry chain against police.
    handling: str | None = None

    def target_from(self, source: str) -> str | None:
        return self.targets.get(source)


def _same(states) -> dict:
    return {state: state for state in states}


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            "assign",
            _("Mark to officer"),
            {Status.REGISTERED: Status.ASSIGNED, Status.REOPENED: Status.ASSIGNED, Status.ASSIGNED: Status.ASSIGNED},
            # The accountability branch and the women officers' cell mark the confidential complaints they hold.
            STATION | {Role.ACCOUNTABILITY, Role.WOMEN_CELL, SYSTEM},
        ),
        Transition(
            "transfer",
            _("Transfer to another unit"),
            {s: Status.REGISTERED for s in WORKING},
            OFFICE,
        ),
        Transition(
            "log_contact",
            _("Log contact with complainant"),
            # Before it is marked, the office that would reject or merge it reaches the complainant first.
            {Status.REGISTERED: Status.REGISTERED, Status.REOPENED: Status.REOPENED,
             Status.ASSIGNED: Status.IN_PROGRESS, Status.IN_PROGRESS: Status.IN_PROGRESS},
            CONTACTING,
            assignee_only_for_enquiry_officer=True,
        ),
        Transition(
            "record_contact_attempt",
            _("Complainant could not be reached"),
            _same(WORKING),
            CONTACTING,
            assignee_only_for_enquiry_officer=True,
            public=False,
        ),
        Transition(
            "log_field_visit",
            _("Log field verification"),
            {Status.ASSIGNED: Status.IN_PROGRESS, Status.IN_PROGRESS: Status.IN_PROGRESS},
            frozenset({Role.ENQUIRY_OFFICER, Role.SUPERVISOR}),
            assignee_only_for_enquiry_officer=True,
        ),
        Transition(
            "report_action",
            _("Report action taken"),
            {Status.ASSIGNED: Status.IN_PROGRESS, Status.IN_PROGRESS: Status.IN_PROGRESS},
            frozenset({Role.ENQUIRY_OFFICER, Role.SUPERVISOR}),
            assignee_only_for_enquiry_officer=True,
        ),
        Transition(
            "link_fir",
            _("Link FIR"),
            _same(OPEN - {Status.REJECTION_REQUESTED}),
            frozenset({Role.ENQUIRY_OFFICER, Role.SUPERVISOR, Role.STATION_HEAD, Role.COMPLAINT_CELL}),
            assignee_only_for_enquiry_officer=True,
        ),
        Transition(
            # Ends the investigation that linking an FIR started (shikayat/deadlines/investigation.py); also after
            # the complaint is closed, since the case's investigation outlives it.
            "submit_final_report",
            _("Challan / final report submitted"),
            _same((OPEN - {Status.REJECTION_REQUESTED}) | {Status.CLOSED}),
            frozenset({Role.ENQUIRY_OFFICER, Role.SUPERVISOR, Role.STATION_HEAD}),
            assignee_only_for_enquiry_officer=True,
        ),
        Transition(
            "add_note",
            _("Add internal note"),
            _same(OPEN),
            # SYSTEM: the email channel notes evidence it had to refuse.
            (frozenset(Role) - {Role.INTEGRATION}) | {SYSTEM},
            public=False,
        ),
        Transition(
            "add_information",
            _("Complainant added information"),
            _same(OPEN),
            # SYSTEM: a machine channel (email) passing on the complainant's reply.
            frozenset({CITIZEN, Role.CALL_CENTRE, Role.FRONT_DESK, SYSTEM}),
        ),
        Transition(
            "add_attachment",
            _("Add attachment"),
            _same(OPEN),
            frozenset({CITIZEN, Role.FRONT_DESK, Role.CALL_CENTRE, Role.COMPLAINT_CELL, Role.ENQUIRY_OFFICER,
                       Role.STATION_HEAD, Role.SUPERVISOR, Role.ACCOUNTABILITY, SYSTEM}),
        ),
        Transition(
            "propose_resolution",
            _("Propose resolution"),
            {Status.IN_PROGRESS: Status.RESOLUTION_PROPOSED},
            frozenset({Role.ENQUIRY_OFFICER, Role.SUPERVISOR}),
            assignee_only_for_enquiry_officer=True,
        ),
        Transition(
            "approve_resolution",
            _("Approve resolution and ask the citizen"),
            {Status.RESOLUTION_PROPOSED: Status.AWAITING_FEEDBACK},
            STATION,
        ),
        Transition(
            "return_resolution",
            _("Return resolution for more work"),
            {Status.RESOLUTION_PROPOSED: Status.IN_PROGRESS},
            STATION,
        ),
        Transition(
            "confirm_satisfied",
            _("Citizen is satisfied"),
            {Status.AWAITING_FEEDBACK: Status.CLOSED},
            frozenset({CITIZEN, Role.CALL_CENTRE, Role.COMPLAINT_CELL}),
        ),
        Transition(
            "reopen",
            _("Citizen is not satisfied: reopen"),
            {Status.AWAITING_FEEDBACK: Status.REOPENED},
            frozenset({CITIZEN, Role.CALL_CENTRE, Role.COMPLAINT_CELL}),
        ),
        Transition(
            "record_feedback_attempt",
            _("Citizen could not be reached"),
            _same({Status.AWAITING_FEEDBACK}),
            frozenset({Role.CALL_CENTRE, Role.COMPLAINT_CELL, SYSTEM}),
            public=False,
        ),
        Transition(
            "close_without_confirmation",
            _("Close without the citizen's confirmation"),
            {Status.AWAITING_FEEDBACK: Status.CLOSED},
            frozenset({Role.SUPERVISOR}),
        ),
        Transition(
            "appeal",
            _("Appeal to the level above"),
            {status: Status.REOPENED for status in APPEALABLE},
            APPEAL_FOR_THE_CITIZEN,
        ),
        Transition(
            "record_followup",
            _("Citizen says the police action held"),
            _same({Status.CLOSED}),
            FOR_THE_CITIZEN,
        ),
        Transition(
            "request_rejection",
            _("Request rejection / not pertaining"),
            {s: Status.REJECTION_REQUESTED for s in (Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS)},
            frozenset({Role.ENQUIRY_OFFICER, Role.COMPLAINT_CELL, Role.SUPERVISOR}),
            assignee_only_for_enquiry_officer=True,
            public=False,
        ),
        Transition(
            "approve_rejection",
            _("Approve rejection"),
            {Status.REJECTION_REQUESTED: Status.REJECTED},
            STATION,
        ),
        Transition(
            "deny_rejection",
            _("Turn down rejection"),
            {Status.REJECTION_REQUESTED: RESTORE},
            STATION,
            public=False,
        ),
        Transition(
            "mark_duplicate",
            _("Merge as duplicate"),
            {s: Status.MERGED for s in WORKING},
            OFFICE,
        ),
        Transition(
            "escalate",
            _("Escalated to a senior officer"),
            _same(OPEN),
            # The deadline sweep only (shikayat/deadlines/sweep.py), when a missed deadline climbs the SOP's ladder.
            frozenset({SYSTEM}),
        ),
        Transition(
            "record_review_direction",
            _("Direction of the review meeting"),
            _same(OPEN),
            STATION,
            public=False,
        ),
        # -- complaints against police: the enquiry chain (shikayat/accountability/actions.py) --
        Transition(
            "name_accused",
            _("Name an accused officer"),
            _same(OPEN),
            frozenset({Role.COMPLAINT_CELL, Role.FRONT_DESK, Role.CALL_CENTRE}) | ACCOUNTABLE,
            public=False,
            handling=AGAINST_POLICE,
        ),
        Transition(
            "accused_unidentified",
            _("Accused cannot be identified: keep it with the branch"),
            _same(OPEN),
            ACCOUNTABLE,
            public=False,
            handling=AGAINST_POLICE,
        ),
        Transition(
            "reroute",
            _("Rerouted away from the accused"),
            {s: Status.REGISTERED for s in WORKING},
            # Only after an accused is named who holds the complaint or is barred from it.
            frozenset({SYSTEM}),
            public=False,
        ),
        Transition(
            "submit_enquiry_report",
            _("Submit enquiry report"),
            {Status.ASSIGNED: Status.IN_PROGRESS, Status.IN_PROGRESS: Status.IN_PROGRESS},
            ENQUIRING,
            assignee_only_for_enquiry_officer=True,
            public=False,
            handling=AGAINST_POLICE,
        ),
        Transition(
            "record_enquiry_entry",
            _("Record statement or evidence"),
            {Status.ASSIGNED: Status.IN_PROGRESS, Status.IN_PROGRESS: Status.IN_PROGRESS},
            ENQUIRING,
            assignee_only_for_enquiry_officer=True,
            public=False,
            handling=AGAINST_POLICE,
        ),
        Transition(
            "request_filing",
            _("Propose filing: no substance"),
            ENQUIRY_STATES,
            ENQUIRING,
            assignee_only_for_enquiry_officer=True,
            public=False,
            handling=AGAINST_POLICE,
        ),
        Transition(
            "approve_filing",
            _("Approve filing"),
            ENQUIRY_STATES,
            frozenset({Role.SUPERVISOR}),
            handling=AGAINST_POLICE,
        ),
        Transition(
            "order_regular_enquiry",
            _("Order a regular enquiry"),
            ENQUIRY_STATES,
            ACCOUNTABLE,
            handling=AGAINST_POLICE,
        ),
        Transition(
            "record_finding",
            _("Record finding on an allegation"),
            ENQUIRY_STATES,
            ENQUIRING,
            assignee_only_for_enquiry_officer=True,
            public=False,
            handling=AGAINST_POLICE,
        ),
        Transition(
            "recommend_proceedings",
            _("Recommend departmental proceedings"),
            ENQUIRY_STATES,
            ENQUIRING,
            assignee_only_for_enquiry_officer=True,
            public=False,
            handling=AGAINST_POLICE,
        ),
        Transition(
            "record_proceedings_outcome",
            _("Record outcome of proceedings"),
            ENQUIRY_STATES,
            ACCOUNTABLE,
            public=False,
            handling=AGAINST_POLICE,
        ),
        Transition(
            "inform_outcome",
            _("Inform the complainant of the outcome"),
            ENQUIRY_STATES,
            ENQUIRING,
            assignee_only_for_enquiry_officer=True,
            handling=AGAINST_POLICE,
        ),
        Transition(
            "withdraw",
            _("Withdraw complaint"),
            {s: Status.WITHDRAWN for s in OPEN},
            frozenset({CITIZEN, Role.CALL_CENTRE, Role.FRONT_DESK}),
        ),
    ]
}


STATUS_LABELS = dict(Status.choices)
# Officers read the status in their own words where the citizen's ("your feedback") would mislead them.
OFFICER_STATUS_LABELS = {**STATUS_LABELS, Status.AWAITING_FEEDBACK: _("Awaiting the complainant's feedback")}


def officer_status_label(status: str) -> str:
    return str(OFFICER_STATUS_LABELS.get(status, status))


def expected_next(complaint) -> str | None:
    """The action the SOP expects next on this complaint, whoever may take it: mark it to an officer, contact
    the complainant, verify in the field, propose a resolution, decide on it, hear the citizen. None when the
    next step is not one of these (closed, or an enquiry against police with its own chain)."""
    status = complaint.status
    if status in (Status.REGISTERED, Status.REOPENED):
        return "assign"
    if status in (Status.ASSIGNED, Status.IN_PROGRESS):
        cycle = complaint.cycle_started_at
        if not complaint.last_contacted_at or (cycle and complaint.last_contacted_at < cycle):
            return "log_contact"
        if not complaint.field_verified_at or (cycle and complaint.field_verified_at < cycle):
            return "log_field_visit"
        return "propose_resolution"
    return {Status.RESOLUTION_PROPOSED: "approve_resolution", Status.AWAITING_FEEDBACK: "feedback",
            Status.REJECTION_REQUESTED: "approve_rejection"}.get(status)


def event_label(action: str) -> str:
    """How a timeline step is named: its transition, or registration."""
    transition = TRANSITIONS.get(action)
    return str(transition.label) if transition else str(_("Complaint registered"))


def get_transition(action: str) -> Transition | None:
    return TRANSITIONS.get(action)


def actions_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.targets]
