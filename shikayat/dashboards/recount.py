"""A recount of the rollups from the complaints, their timelines and the
delay ledger, written independently of rollup.changes(): it replays each
complaint's events. Used by `rebuild_rollups` and by the tests that check
the incremental figures."""

from collections import Counter

from shikayat.categories.models import Category
from shikayat.complaints import sla
from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.complaints.workflow import OPEN, TERMINAL
from shikayat.deadlines.calendar import working_calendar
from shikayat.deadlines.models import DelayEntry
from shikayat.jurisdictions.models import Unit

from .rollup import Batch, appeals, contacted, disposed, hours_between, local_day

# Every action that moves a complaint to another unit, and where its timeline event names the unit: the rollups
# count an action in the unit the complaint is in after it (rollup.apply uses the row as saved). Complaints
# against police move by "reroute" (their accused named or found unidentifiable) and "order_regular_enquiry".
UNIT_MOVES = {"register": "unit", "assign": "unit", "transfer": "to_unit", "reopen": "to_unit", "appeal": "to_unit",
              "reroute": "to_unit", "order_regular_enquiry": "unit"}
UNHOLDING = {"transfer", "reopen", "appeal", "reroute"}  # actions that take the complaint away from its officer
NEW_CYCLE = {"register", "reopen", "appeal"}


class _Replay:
    """One complaint's timeline, event by event."""

    def __init__(self, complaint: dict, sop, calendar, paths: dict[str, str]):
        self.c, self.sop, self.calendar, self.paths = complaint, sop, calendar, paths
        self.unit_path = complaint["unit_path"]
        self.status, self.assignee, self.appealed = "", None, False

    def _new_cycle(self, at) -> None:
        self.cycle_start, self.contacted, self.reported = at, False, False
        self.deadlines = sla.deadlines_for(self.sop, at, self.calendar)

    def step(self, event: dict, batch: Batch) -> None:
        action, at, data = event["action"], event["at"], event["data"] or {}
        if action in UNIT_MOVES and data.get(UNIT_MOVES[action]):
            self.unit_path = self.paths[data[UNIT_MOVES[action]]]
        holder = self.assignee
        if action == "assign":
            self.assignee = data["assignee"]
        elif action == "order_regular_enquiry":
            self.assignee = data["officer"]
        elif action in UNHOLDING:
            self.assignee = None
        holder = holder or self.assignee
        add = Counter()
        if action in NEW_CYCLE:
            self._new_cycle(at)
        self.appealed = self.appealed or action == "appeal"
        if action == "register":
            add["received"] += 1
        if event["to_status"] in TERMINAL and self.status not in TERMINAL:
            disposed(add, hours_between(self.c["received_at"], at))
        if action == "reopen":
            add["reopened"] += 1
            add["dissatisfied"] += 1
        if action == "confirm_satisfied":
            add["satisfied"] += 1
        if action in ("reopen", "confirm_satisfied") and data.get("rating"):
            add["rating_sum"] += data["rating"]
            add["rating_count"] += 1
        if action == "escalate":
            add["escalations"] += 1
        answered = action == "record_followup" or (action == "appeal" and data.get("via") == "questionnaire")
        appeals(add, action, self.appealed, answered=answered, held=action == "record_followup")
        if action == "log_contact" and not self.contacted:
            self.contacted = True
            contacted(add, at <= self.deadlines.contact_due_at, hours_between(self.cycle_start, at))
        if action == "propose_resolution" and not self.reported:
            self.reported = True
            add["reported_in_time" if at <= self.deadlines.report_due_at else "reported_late"] += 1
        if event["to_status"]:
            self.status = event["to_status"]
        if add:
            day = local_day(at)
            batch.flow(self.unit_path, day, self.c["category_id"], self.c["channel"], add)
            if action != "register":
                batch.officer(holder, day, add)


def recount(progress=lambda done, total: None) -> Batch:
    """Every rollup table's rows, recounted."""
    paths = dict(Unit.objects.values_list("code", "path"))
    sops = {c.pk: c.effective_sop() for c in Category.objects.all()}
    calendar = working_calendar()
    batch = Batch()
    complaints = Complaint.objects.values("pk", "unit_path", "category_id", "channel", "received_at", "status",
                                          "assignee_id", "report_due_at")
    total = complaints.count()
    done, replay = 0, None
    info = {}
    for c in complaints.iterator(chunk_size=2000):
        info[c["pk"]] = c
        if c["status"] in OPEN:
            batch.open(unit_path=c["unit_path"], status=c["status"], assignee_id=c["assignee_id"],
                       received_at=c["received_at"], due_at=c["report_due_at"], n=+1)
    events = ComplaintEvent.objects.order_by("complaint_id", "at", "id").values(
        "complaint_id", "action", "at", "data", "to_status")
    current = None
    for event in events.iterator(chunk_size=5000):
        if event["complaint_id"] != current:
            current = event["complaint_id"]
            c = info[current]
            replay = _Replay(c, sops[c["category_id"]], calendar, paths)
            done += 1
            if done % 1000 == 0:
                progress(done, total)
        replay.step(event, batch)
    for complaint_id, officer_id, unit_path, detected_at in DelayEntry.objects.values_list(
            "complaint_id", "officer_id", "unit_path", "detected_at").iterator(chunk_size=5000):
        c, day = info[complaint_id], local_day(detected_at)
        batch.flow(unit_path, day, c["category_id"], c["channel"], Counter(delays=1))
        batch.officer(officer_id, day, Counter(delays=1))
    progress(total, total)
    return batch
