"""A large, realistic data set for benchmarks and demos, written straight to
the tables: complaints over the last years, each with the timeline the real
actions would have written, the delay-ledger entries the deadline sweep would
have charged, its escalations, and the rollups the dashboards read.

Each complaint's life is simulated as a state machine with the same
attributes as a Complaint row, and its rollup counters come from
rollup.changes() on snapshots of that state — the code the actions run — so
the data set's rollups equal a recount of its timelines (tests/test_generate.py).

Complaints are made day by day in order of receipt; an event never happens
before its complaint was received, so once a day's complaints are made no
later complaint can touch an earlier day's rollup rows, and those rows are
written and forgotten (memory stays bounded at ten million complaints).
PostgreSQL is written with COPY; SQLite (tests, small demos) with executemany."""

import json
import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from shikayat.accounts.models import Posting, Role, User
from shikayat.categories.models import Category
from shikayat.complaints import sla
from shikayat.complaints.etag import encode
from shikayat.complaints.models import Complaint
from shikayat.complaints.workflow import OPEN, TERMINAL, Status
from shikayat.dashboards import rollup
from shikayat.deadlines.calendar import working_calendar
from shikayat.deadlines.models import DelayEntry, Outcome
from shikayat.jurisdictions.models import Unit

from . import force
from .data import people
from .data.categories import SAMPLE_DESCRIPTIONS

CHANNELS = {"web": 22, "whatsapp": 24, "call_centre": 24, "front_desk": 14, "email": 2, "sms": 4, "post": 2,
            "portal_import": 6, "open311": 2}
# Relative volume of a category's complaints (by code prefix; others weigh 1).
CATEGORY_WEIGHT = {"CRIME-THEFT": 9, "CRIME-VEHICLE-THEFT": 8, "CRIME-ROBBERY": 6, "CRIME-FRAUD": 5,
                   "CRIME-CYBER": 4, "CRIME-ASSAULT": 5, "CRIME-LAND": 5, "CRIME-BURGLARY": 4, "POL-MISCONDUCT": 3,
                   "POL-NO-FIR": 3, "SVC-TRAFFIC": 4, "SVC-NO-RESPONSE": 3, "SVC-INVESTIGATION": 3}
BIG_DISTRICTS = {"LHR": 6, "FSD": 3, "RWP": 3, "MUL": 3, "GRW": 2.5, "SGD": 1.5, "BWP": 1.5, "SKT": 1.5}
WEEKDAY = (1.15, 1.1, 1.05, 1.05, 0.9, 0.85, 0.75)  # Monday … Sunday
HOURS = (0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.5, 3, 4.5, 5.5, 6, 6, 5.5, 5, 5, 4.5, 4, 3.5, 3, 2.5, 2, 1.2, 0.6)
RATINGS = ((5, 44), (4, 29), (3, 12), (2, 8), (1, 7))
COPY_ROWS = 5000
SWEEP_LAG = (30, 150)  # seconds between a deadline and the sweep run that finds it missed

COMPLAINT_COLUMNS = (
    "id", "etag", "channel", "external_ref", "status", "citizen_id", "is_anonymous", "complainant_name",
    "complainant_mobile", "complainant_email", "complainant_id_number", "complainant_address", "is_overseas",
    "language", "category_id", "description", "incident_at", "incident_unit_id", "incident_address", "lat", "lng",
    "fir_number", "unit_id", "unit_path", "assignee_id", "is_confidential", "escalation_level",
    "contact_reminded_at", "report_reminded_at", "contact_breached_at", "report_breached_at", "escalated_to_id",
    "escalated_at", "next_escalation_at", "reopen_count", "feedback_attempts", "held_status",
    "rejection_requested_by_id", "duplicate_of_id", "received_at", "contact_due_at", "report_due_at",
    "feedback_due_at", "cycle_started_at", "first_contacted_at", "last_contacted_at", "field_verified_at",
    "resolution_proposed_at", "closed_at", "resolution", "satisfaction_rating", "updated_at", "handling",
    "contact_attempts", "proposed_by_id")
EVENT_COLUMNS = ("complaint_id", "at", "action", "actor_id", "actor_label", "actor_role", "channel", "from_status",
                 "to_status", "is_public", "note", "data")
DELAY_COLUMNS = ("complaint_id", "stage", "cycle_started_at", "due_at", "detected_at", "officer_id", "unit_id",
                 "unit_path", "completed_at", "explanation", "outcome")


class NotEmpty(Exception):
    """The database already holds complaints; the generator only fills an empty one."""


@dataclass
class Totals:
    complaints: int = 0
    events: int = 0
    delays: int = 0
    rollup_rows: Counter = field(default_factory=Counter)  # by table
    statuses: Counter = field(default_factory=Counter)
    seconds: float = 0.0


@dataclass(frozen=True)
class Officer:
    pk: int
    rank: int
    label: str


class Force:
    """The units, categories and officers a complaint's life needs, read once."""

    def __init__(self, profile: str, rng: random.Random):
        units = force.load_units(profile)
        force.load_categories()
        first, last = ((people.PK_FIRST_NAMES, people.PK_LAST_NAMES) if profile == "punjab"
                       else (people.IN_FIRST_NAMES, people.IN_LAST_NAMES))
        force.load_officers(units, [(g[0], f[0]) for g, f in zip(first, last * 3, strict=False)])
        self.first, self.last = [g[0] for g in first], [f[0] for f in last]
        self.units = {u.pk: u for u in Unit.objects.filter(is_active=True).select_related("level")}
        self.by_code = {u.code: u for u in self.units.values()}
        self.parent = {u.pk: u.parent_id for u in self.units.values()}
        self.depth = {u.pk: u.level.depth for u in self.units.values()}
        self.categories = [c for c in Category.objects.filter(parent__isnull=False, is_active=True)]
        self.sops = {c.pk: c.effective_sop() for c in self.categories}
        self.ladders = {pk: [(step.rank, step.hours_after_breach) for step in sop.escalation_steps.order_by("step")]
                        if sop.pk else [] for pk, sop in self.sops.items()}
        self.texts = {c.pk: [t for lang in ("en", "ur") for t in SAMPLE_DESCRIPTIONS.get(c.code, {}).get(lang, [])]
                      or [c.name_en] for c in self.categories}
        users = {u.pk: u for u in User.objects.filter(is_active=True)}
        self.handlers, self.supervisors, self.cells, self.desks = (defaultdict(list), defaultdict(list), {}, {})
        for user_id, unit_id, role in Posting.objects.active().values_list("user_id", "unit_id", "role"):
            user = users.get(user_id)
            if user is None or unit_id not in self.units:
                continue
            officer = Officer(user.pk, user.rank or 0, str(user)[:150])
            if role in (Role.ENQUIRY_OFFICER, Role.SUPERVISOR) and officer not in self.handlers[unit_id]:
                self.handlers[unit_id].append(officer)
            if role == Role.SUPERVISOR:
                self.supervisors[unit_id].append(officer)
            if role == Role.COMPLAINT_CELL:
                self.cells[unit_id] = officer
            if role == Role.FRONT_DESK:
                self.desks[unit_id] = officer
            if role == Role.CALL_CENTRE:
                self.desks.setdefault("call_centre", officer)
        self.stations = [u for u in self.units.values() if u.level.depth == max(self.depth.values())]
        self.station_weights = [rng.lognormvariate(0, 0.6) * self._district_weight(u) for u in self.stations]
        self.category_weights = [CATEGORY_WEIGHT.get(c.code, 1) for c in self.categories]
        self._routes: dict = {}

    def _district_weight(self, unit: Unit) -> float:
        for unit_id in rollup.lineage(unit.path):
            code = self.units[unit_id].code
            if code in BIG_DISTRICTS:
                return BIG_DISTRICTS[code]
        return 1.0

    def route(self, station: Unit, category_pk: int) -> Unit:
        """As routing.find_unit: the lowest unit at or above the station with an officer of the SOP's rank."""
        key = (station.pk, category_pk)
        if key not in self._routes:
            need = self.sops[category_pk].min_rank
            chain = rollup.lineage(station.path)
            found = next((u for u in reversed(chain) if any(o.rank >= need for o in self.handlers[u])), chain[0])
            self._routes[key] = self.units[found]
        return self._routes[key]

    def cell_over(self, unit_id: int) -> Officer | None:
        """The complaint cell nearest above (or at) the unit, which marks its complaints."""
        for pk in reversed(rollup.lineage(self.units[unit_id].path)):
            if pk in self.cells:
                return self.cells[pk]
        return None

    def supervisor_over(self, unit_id: int, rank: int = 0, above: bool = False) -> Officer | None:
        chain = rollup.lineage(self.units[unit_id].path)
        for pk in reversed(chain[:-1] if above else chain):
            for officer in self.supervisors.get(pk, ()):
                if officer.rank >= rank:
                    return officer
        return None


class Life:
    """One complaint as it goes through the workflow: the attributes of a
    Complaint row that the rollups read, its timeline and ledger entries."""

    def __init__(self, gen: "Generator", pk: int, at: datetime, station: Unit, category_pk: int, channel: str):
        self.gen, self.pk, self.etag = gen, pk, encode(pk)
        self.received_at, self.station, self.category_id, self.channel = at, station, category_pk, channel
        self.sop, self.ladder = gen.force.sops[category_pk], gen.force.ladders[category_pk]
        self.status, self.assignee_id, self.satisfaction_rating = "", None, None
        self.unit_id, self.unit_path = None, ""
        self.events, self.delays = [], []
        self.reopen_count = self.feedback_attempts = 0
        self.held_status, self.rejection_requested_by, self.duplicate_of = "", None, None
        self.feedback_due_at = self.closed_at = self.last_contacted_at = self.field_verified_at = None
        self.resolution = ""
        self.appealed_at = self.followup_held = None  # the generator's lives are never appealed nor asked after
        self.mobile = f"+923{gen.rng.randrange(5)}{gen.rng.randrange(10**8):08d}"
        self.lag = timedelta(seconds=gen.rng.randint(*SWEEP_LAG))  # how long after a deadline the sweep notices
        self._new_cycle(at)

    def _new_cycle(self, at: datetime) -> None:
        deadlines = sla.deadlines_for(self.sop, at, self.gen.calendar)
        self.cycle_started_at, self.contact_due_at, self.report_due_at = at, deadlines.contact_due_at, \
            deadlines.report_due_at
        self.first_contacted_at = self.resolution_proposed_at = self.feedback_due_at = None
        self.contact_breached_at = self.report_breached_at = None
        self.escalation_level, self.escalated_to, self.escalated_at, self.next_escalation_at = 0, None, None, None

    def move(self, unit: Unit) -> None:
        self.unit_id, self.unit_path = unit.pk, unit.path

    # -- the deadline sweep, run "every minute" up to each action -----------------------------------

    def sweep(self, until: datetime) -> None:
        """What the sweep would have done before `until`: charge missed deadlines, climb the ladder."""
        while self.status in OPEN:
            steps = []
            for stage, due, done, breached in (("contact", self.contact_due_at, self.first_contacted_at,
                                                self.contact_breached_at),
                                               ("report", self.report_due_at, self.resolution_proposed_at,
                                                self.report_breached_at)):
                if done is None and breached is None:
                    steps.append((due + self.lag, stage, due))
            if self.next_escalation_at is not None:
                steps.append((self.next_escalation_at, "escalate", None))
            steps = [s for s in steps if s[0] < until]
            if not steps:
                return
            at, what, due = min(steps)
            if what == "escalate":
                self._escalate(at)
            else:
                self._breach(at, what, due)

    def _breach(self, at: datetime, stage: str, due: datetime) -> None:
        self.delays.append((self.pk, stage, self.cycle_started_at, due, at, self.assignee_id, self.unit_id,
                            self.unit_path, None, "", Outcome.PENDING))
        self.gen.delayed(self, at)
        setattr(self, f"{stage}_breached_at", at)
        if self.next_escalation_at is None and self.escalation_level < len(self.ladder):
            self.next_escalation_at = sla.add_hours(due, self.ladder[self.escalation_level][1], self.gen.calendar)

    def _late_stage(self) -> tuple[str, datetime] | None:
        if self.contact_breached_at is not None and self.first_contacted_at is None:
            return "contact", self.contact_due_at
        if self.report_breached_at is not None and self.resolution_proposed_at is None:
            return "report", self.report_due_at
        return None

    def _escalate(self, at: datetime) -> None:
        late = self._late_stage()
        if late is None or self.escalation_level >= len(self.ladder):
            self.next_escalation_at = None
            return
        stage, missed_at = late
        level = self.escalation_level + 1
        officer = self.gen.force.supervisor_over(self.unit_id, self.ladder[level - 1][0])
        following = (sla.add_hours(missed_at, self.ladder[level][1], self.gen.calendar)
                     if level < len(self.ladder) else None)
        data = {"level": level, "stage": stage}
        if officer is not None:
            data["officer"] = officer.pk
            self.escalated_to, self.escalated_at = officer.pk, at
        self.escalation_level, self.next_escalation_at = level, following
        self._record(at, "escalate", self.status, None, "system", "system", data=data,
                     note=officer.label if officer else "", public=officer is not None, channel="system")

    # -- actions --------------------------------------------------------------------------------

    def act(self, at: datetime, action: str, to_status: str, actor: Officer | None, role: str, *,
            data: dict | None = None, note: str = "", public: bool = True,
            change: Callable[[], None] | None = None) -> bool:
        """Take one action at `at` unless it lies beyond the end of the data set (then the life stops)."""
        if at > self.gen.now:
            return False
        self.sweep(at)
        if self.status in TERMINAL:
            return False
        self._record(at, action, to_status, actor.pk if actor else None, actor.label if actor else "", role,
                     data=data, note=note, public=public, change=change)
        return True

    def _record(self, at, action, to_status, actor_id, label, role, *, data=None, note="", public=True,
                change=None, channel=None) -> None:
        before = rollup.snapshot(self)
        if change:
            change()
        source, self.status = self.status, to_status
        self.events.append((self.pk, at, action, actor_id, label or "system", role, channel or "web", source,
                            to_status, public, note, json.dumps(data or {}, ensure_ascii=False)))
        self.gen.changed(self, before, action, at)


class Generator:
    """Writes `n` complaints received over the last `years` years, ending at `now`."""

    def __init__(self, n: int, *, years: float = 2, seed: int = 1, profile: str = "punjab", timeline: bool = True,
                 now: datetime | None = None, progress: Callable[[int], None] = lambda done: None):
        if Complaint.objects.exists():
            raise NotEmpty("The database already holds complaints; generate_data only fills an empty database.")
        self.n, self.years, self.timeline, self.progress = n, years, timeline, progress
        self.rng = random.Random(seed)
        self.now = (now or timezone.now()).replace(microsecond=0)
        self.calendar = working_calendar()
        self.force = Force(profile, self.rng)
        self.postgres = connection.vendor == "postgresql"
        self.totals = Totals()
        self.own = defaultdict(Counter)  # (unit_path, day, category, channel) of the unit itself → counters
        self.officers = defaultdict(Counter)  # (officer, day) → counters
        self.open_now = Counter()  # (unit_path, status, assignee, received_day, due_day) → open complaints
        self.buffers = {"complaints": [], "events": [], "delays": []}

    # -- the rollups, the way rollup.apply() adds them -------------------------------------------

    def changed(self, life: Life, before: rollup.Snapshot, action: str, at: datetime) -> None:
        add = rollup.changes(before, life, action, at)
        if action == "register":
            add["received"] += 1
        if not add:
            return
        day = rollup.local_day(at)
        self.own[(life.unit_path, day, life.category_id, life.channel)].update(add)
        holder = before.assignee_id or life.assignee_id
        if holder and action != "register":
            self.officers[(holder, day)].update(add)

    def delayed(self, life: Life, at: datetime) -> None:
        day = rollup.local_day(at)
        self.own[(life.unit_path, day, life.category_id, life.channel)]["delays"] += 1
        if life.assignee_id:
            self.officers[(life.assignee_id, day)]["delays"] += 1

    # -- volume -------------------------------------------------------------------------------------

    def _days(self) -> list[tuple[datetime, int]]:
        """(local midnight, complaints that day): growth over the years, weekdays, Ramadan/Eid and winter dips."""
        tz = timezone.get_current_timezone()
        today = timezone.localdate(self.now)
        days = max(1, round(365 * self.years))
        first = today - timedelta(days=days - 1)
        weights = []
        for i in range(days):
            day = first + timedelta(days=i)
            season = 1 + 0.12 * math.sin(2 * math.pi * (day.timetuple().tm_yday - 100) / 365)
            growth = 0.7 + 0.6 * i / days
            weights.append(growth * season * WEEKDAY[day.weekday()] * self.rng.uniform(0.9, 1.1))
        total, made, out, cumulative = sum(weights), 0, [], 0.0
        for i, w in enumerate(weights):
            cumulative += w
            upto = round(self.n * cumulative / total)
            start = datetime.combine(first + timedelta(days=i), datetime.min.time(), tzinfo=tz)
            out.append((start, upto - made))
            made = upto
        return out

    def _times(self, start: datetime, count: int) -> list[datetime]:
        hours = self.rng.choices(range(24), HOURS, k=count)
        return sorted(start + timedelta(hours=h, seconds=self.rng.randrange(3600)) for h in hours)

    # -- one complaint's life -------------------------------------------------------------------------

    def _hours(self, median: float, spread: float = 0.8) -> timedelta:
        return timedelta(hours=median * self.rng.lognormvariate(0, spread))

    def life(self, pk: int, at: datetime) -> Life:
        rng, f = self.rng, self.force
        station = rng.choices(f.stations, f.station_weights)[0]
        category = rng.choices(f.categories, f.category_weights)[0]
        channel = rng.choices(list(CHANNELS), list(CHANNELS.values()))[0]
        life = Life(self, pk, at, station, category.pk, channel)
        unit = f.route(station, category.pk)
        life.move(unit)
        intake = f.desks.get(station.pk) if channel == "front_desk" else f.desks.get(channel)
        life._record(at, "register", Status.REGISTERED, intake.pk if intake else None,
                     intake.label if intake else "system", "", data={"unit": unit.code}, channel=channel)
        slow = 8 if rng.random() < 0.03 else 1  # a few complaints languish for weeks
        fate = rng.random()
        t = at + self._hours(2.5 * slow, 1.0)
        if fate < 0.02 and pk > 50:  # merged into an earlier complaint about the same matter
            original = pk - rng.randrange(1, 50)
            cell = f.cell_over(life.unit_id)

            def merge():
                life.duplicate_of, life.closed_at = original, t
            life.act(t, "mark_duplicate", Status.MERGED, cell, "complaint_cell", data={"original": encode(original)},
                     change=merge)
            return self._finish(life)
        if fate < 0.05:  # sent to a neighbouring station first
            siblings = [s for s in f.stations if s.parent_id == station.parent_id and s.pk != station.pk] or [station]
            target = f.route(rng.choice(siblings), category.pk)
            if target.pk != life.unit_id:
                old = f.units[life.unit_id].code
                if not life.act(t, "transfer", Status.REGISTERED, f.cell_over(life.unit_id), "complaint_cell",
                                data={"from_unit": old, "to_unit": target.code}, note="Wrong jurisdiction.",
                                change=lambda: (life.move(target), setattr(life, "assignee_id", None))):
                    return self._finish(life)
                t += self._hours(3 * slow, 1.0)
        withdraw_at = at + self._hours(72, 1.2) if rng.random() < 0.015 else None
        for cycle in range(3):
            if not self._cycle(life, t, slow, withdraw_at, cycle):
                break
            t = life.events[-1][1]  # reopened: the next cycle starts from the reopening
        return self._finish(life)

    def _cycle(self, life: Life, t: datetime, slow: float, withdraw_at: datetime | None, cycle: int) -> bool:
        """One cycle: mark, contact, visit, propose, approve, feedback. True if it ended in a reopening."""
        rng, f = self.rng, self.force
        unit = f.units[life.unit_id]
        need = life.sop.min_rank
        officers = [o for o in f.handlers[unit.pk] if o.rank >= need]
        officer = rng.choice(officers) if officers else None
        start = life.cycle_started_at

        def withdrawn(at: datetime) -> bool:
            if withdraw_at is None or withdraw_at > at:
                return False
            life.act(withdraw_at, "withdraw", Status.WITHDRAWN, None, "citizen", note="Settled between the parties.",
                     change=lambda: setattr(life, "closed_at", withdraw_at))
            return True

        if officer is None:
            return False
        mark = max(t, start) + self._hours(2 * slow, 1.0)
        if withdrawn(mark):
            return False
        previous = life.assignee_id
        if not life.act(mark, "assign", Status.ASSIGNED, f.cell_over(unit.pk), "complaint_cell",
                        data={"assignee": officer.pk, "previous_assignee": previous, "unit": unit.code},
                        change=lambda: setattr(life, "assignee_id", officer.pk)):
            return False
        contact = max(mark + timedelta(minutes=rng.randint(10, 90)),
                      start + self._hours(life.sop.contact_hours * 0.5 * slow, 0.7))
        if rng.random() < 0.05 and cycle == 0:  # not pertaining: rejected on a second officer's approval
            asked = contact + self._hours(12, 1.0)
            if withdrawn(asked) or not life.act(asked, "request_rejection", Status.REJECTION_REQUESTED, officer,
                                                "enquiry_officer", data={"reason": "not_pertaining"},
                                                note="Civil matter, not pertaining to police.", public=False,
                                                change=lambda: (setattr(life, "held_status", life.status),
                                                                setattr(life, "rejection_requested_by", officer.pk))):
                return False
            approver = f.supervisor_over(unit.pk, above=True) or f.cell_over(unit.pk)
            done = asked + self._hours(20 * slow, 1.0)
            life.act(done, "approve_rejection", Status.REJECTED, approver, "supervisor",
                     change=lambda: (setattr(life, "closed_at", done), setattr(life, "held_status", "")))
            return False
        if withdrawn(contact):
            return False

        def contacted(at=contact):
            life.first_contacted_at = life.first_contacted_at or at
            life.last_contacted_at = at
        if not life.act(contact, "log_contact", Status.IN_PROGRESS, officer, "enquiry_officer",
                        data={"method": rng.choice(("call", "call", "visit", "message", "in_person"))},
                        note="Spoke to the complainant.", change=contacted):
            return False
        visit = contact + self._hours(18 * slow, 0.9)
        if withdrawn(visit) or not life.act(visit, "log_field_visit", Status.IN_PROGRESS, officer, "enquiry_officer",
                                            data={"photos": 0}, note="Visited the place, met witnesses.",
                                            public=False, change=lambda: setattr(life, "field_verified_at", visit)):
            return False
        propose = max(visit + timedelta(minutes=rng.randint(30, 600)),
                      start + self._hours(life.sop.report_hours * 0.5 * slow, 0.5))
        text = "Matter resolved after enquiry; action taken as per law."
        if withdrawn(propose) or not life.act(propose, "propose_resolution", Status.RESOLUTION_PROPOSED, officer,
                                              "enquiry_officer", note=text,
                                              change=lambda: (setattr(life, "resolution", text),
                                                              setattr(life, "resolution_proposed_at", propose))):
            return False
        approve = propose + self._hours(10 * slow, 1.0)
        approver = f.supervisor_over(unit.pk, above=True) or officer

        def asked():
            life.feedback_due_at = sla.feedback_due(life.sop, approve, self.calendar)
            life.feedback_attempts = 0
        if withdrawn(approve) or not life.act(approve, "approve_resolution", Status.AWAITING_FEEDBACK, approver,
                                              "supervisor", change=asked):
            return False
        answer = approve + self._hours(20, 1.0)
        roll = rng.random()
        if roll < 0.08 and cycle < 2:  # not satisfied: one level up, a new cycle
            rating = rng.choice((1, 1, 2, None))
            upper = f.units[f.parent[unit.pk]] if f.parent[unit.pk] else unit

            def reopen():
                life.move(upper)
                life.assignee_id = None
                life.reopen_count += 1
                life._new_cycle(answer)
                life.satisfaction_rating = rating
            return life.act(answer, "reopen", Status.REOPENED, None, "citizen", note="Nothing was done.",
                            data={"from_unit": unit.code, "to_unit": upper.code, "rating": rating}, change=reopen)
        if roll < 0.12:  # never answered: three tries, then the supervisor closes it
            for attempt in range(1, 4):
                at = approve + timedelta(hours=24 * attempt, minutes=rng.randint(0, 300))
                if not life.act(at, "record_feedback_attempt", Status.AWAITING_FEEDBACK, f.desks.get("call_centre"),
                                "call_centre", data={"outcome": "unreachable", "attempt": attempt}, public=False,
                                change=lambda: setattr(life, "feedback_attempts", life.feedback_attempts + 1)):
                    return False
            closed = at + self._hours(24, 0.6)
            life.act(closed, "close_without_confirmation", Status.CLOSED, approver, "supervisor",
                     note="Complainant not reachable after three attempts.",
                     change=lambda: setattr(life, "closed_at", closed))
            return False
        rating = rng.choices([r for r, _w in RATINGS], [w for _r, w in RATINGS])[0] if roll < 0.9 else None

        def close():
            life.closed_at, life.satisfaction_rating = answer, rating
        life.act(answer, "confirm_satisfied", Status.CLOSED, None, "citizen", data={"rating": rating}, change=close)
        return False

    def _finish(self, life: Life) -> Life:
        life.sweep(self.now)
        if life.status in OPEN:
            self.open_now[(life.unit_path, life.status, life.assignee_id, rollup.local_day(life.received_at),
                           rollup.local_day(life.report_due_at))] += 1
        self.totals.statuses[life.status] += 1
        return life

    # -- rows ---------------------------------------------------------------------------------------

    def complaint_row(self, life: Life) -> tuple:
        rng, f = self.rng, self.force
        last = life.events[-1][1] if life.events else life.received_at
        return (
            life.pk, life.etag, life.channel, "", life.status, None, False,
            f"{rng.choice(f.first)} {rng.choice(f.last)}", life.mobile, "", "", "", False, rng.choice(("en", "ur")),
            life.category_id, rng.choice(f.texts[life.category_id]),
            life.received_at - timedelta(hours=rng.randint(1, 48)), life.station.pk, "", None, None, "",
            life.unit_id, life.unit_path, life.assignee_id, life.sop.confidential, life.escalation_level, None, None,
            life.contact_breached_at, life.report_breached_at, life.escalated_to, life.escalated_at,
            life.next_escalation_at, life.reopen_count, life.feedback_attempts, life.held_status,
            life.rejection_requested_by, life.duplicate_of, life.received_at, life.contact_due_at, life.report_due_at,
            life.feedback_due_at, life.cycle_started_at, life.first_contacted_at, life.last_contacted_at,
            life.field_verified_at, life.resolution_proposed_at, life.closed_at, life.resolution,
            life.satisfaction_rating, last, life.sop.handling, 0, life.rejection_requested_by)

    def _copy(self, table: str, columns: tuple, rows: list) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                                   f"({', '.join(['%s'] * len(columns))})", [[_sqlite(v) for v in row] for row in rows])

    def _flush_lives(self) -> None:
        b = self.buffers
        self._copy(Complaint._meta.db_table, COMPLAINT_COLUMNS, b["complaints"])
        if self.timeline:
            self._copy("complaints_complaintevent", EVENT_COLUMNS, b["events"])
        self._copy(DelayEntry._meta.db_table, DELAY_COLUMNS, b["delays"])
        self.totals.events += len(b["events"])
        self.totals.delays += len(b["delays"])
        for rows in b.values():
            rows.clear()

    def _flush_rollups(self, before) -> None:
        """Write every rollup row of a day before `before` (None: all): no later complaint can change them."""
        batch = rollup.Batch()
        for key in [k for k in self.own if before is None or k[1] < before]:
            batch.flow(*key, self.own.pop(key))
        for key in [k for k in self.officers if before is None or k[1] < before]:
            batch.officers[key] = self.officers.pop(key)
        for key in [k for k in self.open_now if before is None or k[3] < before]:
            batch.open_days(*key, self.open_now.pop(key))
        for model, (keys, rows) in batch.tables().items():
            counters = [f.column for f in model._meta.concrete_fields if f.name not in (*keys, "id")]
            names = [f.name for f in model._meta.concrete_fields if f.name not in (*keys, "id")]
            written = [(*key, *(c[name] for name in names)) for key, c in rows.items() if any(c.values())]
            self._copy(model._meta.db_table, (*(model._meta.get_field(k).column for k in keys), *counters), written)
            self.totals.rollup_rows[model.__name__] += len(written)

    def run(self) -> Totals:
        started = time.perf_counter()
        pk = 0
        with transaction.atomic():
            for start, count in self._days():
                for at in self._times(start, count):
                    if at > self.now:  # today: only up to now
                        at = start + (self.now - start) * self.rng.random()
                    pk += 1
                    life = self.life(pk, at)
                    self.buffers["complaints"].append(self.complaint_row(life))
                    self.buffers["events"].extend(life.events)
                    self.buffers["delays"].extend(life.delays)
                    if len(self.buffers["complaints"]) >= COPY_ROWS:
                        self._flush_lives()
                        self.progress(COPY_ROWS)
                left = len(self.buffers["complaints"])
                self._flush_lives()
                self.progress(left)
                self._flush_rollups(start.date() + timedelta(days=1))
            self._flush_rollups(None)
            self._set_sequences(pk)
        self.totals.complaints = pk
        self.totals.seconds = time.perf_counter() - started
        return self.totals

    def _set_sequences(self, last: int) -> None:
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute("SELECT setval('complaints_complaint_id_seq', %s)", [max(1, last)])
                cursor.execute("SELECT setval('complaints_etag_seq', %s)", [max(1, last)])
            else:
                cursor.execute("DELETE FROM complaints_etagcounter WHERE name = 'etag'")
                cursor.execute("INSERT INTO complaints_etagcounter (name, value) VALUES ('etag', %s)", [last])


def _sqlite(value):
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    return value


def analyze() -> None:
    """Fresh planner statistics after a bulk load (PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


