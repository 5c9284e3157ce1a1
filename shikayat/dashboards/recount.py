"""A recount of the rollups from the complaints and their timelines, written
independently of rollup.changes(): it replays each complaint's events. Used
by `rebuild_rollups` and by the tests that check the incremental figures."""

from collections import Counter, defaultdict

from shikayat.categories.models import Category
from shikayat.complaints import sla
from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.complaints.workflow import OPEN, TERMINAL
from shikayat.deadlines.calendar import working_calendar
from shikayat.jurisdictions.models import Unit

UNIT_MOVES = {"register": "unit", "assign": "unit", "transfer": "to_unit", "reopen": "to_unit"}


def _hours(start, end) -> int:
    return max(0, round((end - start).total_seconds() / 3600))


class _Replay:
    """One complaint's timeline, event by event."""

    def __init__(self, complaint: dict, sop, calendar, units: dict[str, int]):
        self.c, self.sop, self.calendar, self.units = complaint, sop, calendar, units
        self.unit_id = complaint["unit_id"]
        self.status = ""

    def _new_cycle(self, at) -> None:
        self.cycle_start, self.contacted, self.reported = at, False, False
        self.deadlines = sla.deadlines_for(self.sop, at, self.calendar)

    def step(self, event: dict, out: dict) -> None:
        from shikayat.dashboards.rollup import local_day

        action, at, data = event["action"], event["at"], event["data"] or {}
        if action in UNIT_MOVES and data.get(UNIT_MOVES[action]):
            self.unit_id = self.units[data[UNIT_MOVES[action]]]
        add = Counter()
        if action in ("register", "reopen"):
            self._new_cycle(at)
        if action == "register":
            add["received"] += 1
        if event["to_status"] in TERMINAL and self.status not in TERMINAL:
            add["disposed"] += 1
            add["resolve_hours_sum"] += _hours(self.c["received_at"], at)
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
        if action == "log_contact" and not self.contacted:
            self.contacted = True
            add["contacted_in_time" if at <= self.deadlines.contact_due_at else "contacted_late"] += 1
            add["contact_hours_sum"] += _hours(self.cycle_start, at)
        if action == "propose_resolution" and not self.reported:
            self.reported = True
            add["reported_in_time" if at <= self.deadlines.report_due_at else "reported_late"] += 1
        if event["to_status"]:
            self.status = event["to_status"]
        if add:
            out[(self.unit_id, local_day(at), self.c["category_id"], self.c["channel"])].update(add)


def recount_rows(progress=lambda done, total: None) -> tuple[dict, dict]:
    """(daily, open_now): counters keyed like DailyRollup and OpenCount rows."""
    from shikayat.dashboards.rollup import local_day

    units = dict(Unit.objects.values_list("code", "pk"))
    sops = {c.pk: c.effective_sop() for c in Category.objects.all()}
    calendar = working_calendar()
    daily, open_now = defaultdict(Counter), defaultdict(Counter)
    complaints = Complaint.objects.values("pk", "unit_id", "category_id", "channel", "received_at", "status")
    total = complaints.count()
    done, replay = 0, None
    info = {}
    for c in complaints.iterator(chunk_size=2000):
        info[c["pk"]] = c
        if c["status"] in OPEN:
            open_now[(c["unit_id"], c["category_id"], c["status"], local_day(c["received_at"]))]["count"] += 1
    events = ComplaintEvent.objects.order_by("complaint_id", "at", "id").values(
        "complaint_id", "action", "at", "data", "to_status")
    current = None
    for event in events.iterator(chunk_size=5000):
        if event["complaint_id"] != current:
            current = event["complaint_id"]
            c = info[current]
            replay = _Replay(c, sops[c["category_id"]], calendar, units)
            done += 1
            if done % 1000 == 0:
                progress(done, total)
        replay.step(event, daily)
    progress(total, total)
    return daily, open_now
