"""Demo complaints: realistic people, places, channels and timings, walked
through the real actions to every status."""

import random
from datetime import datetime, timedelta

import phonenumbers

from shikayat.accounts.models import Rank, User
from shikayat.categories.models import SOP, Category
from shikayat.complaints import permissions
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.complaints.workflow import Status
from shikayat.jurisdictions.models import Unit

from . import integrations
from .data import categories as category_data
from .data import people
from .force import username_for
from .journey import Cast, advance

CHANNEL_WEIGHTS = {"web": 25, "whatsapp": 20, "call_centre": 25, "front_desk": 14, "email": 3, "sms": 4, "post": 3,
                   "portal_import": 5, "open311": 1}
# Open states dominate recent weeks; every state appears.
STATUS_WEIGHTS = {Status.REGISTERED: 10, Status.ASSIGNED: 12, Status.IN_PROGRESS: 16, Status.RESOLUTION_PROPOSED: 6,
                  Status.AWAITING_FEEDBACK: 8, Status.REOPENED: 5, Status.REJECTION_REQUESTED: 4, Status.CLOSED: 26,
                  Status.REJECTED: 5, Status.MERGED: 3, Status.WITHDRAWN: 5}
LANGUAGES = {"punjab": {"ur": 55, "en": 45}, "rampur": {"hi": 70, "en": 20, "ur": 10}}


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def random_mobile(rng: random.Random, country: str) -> str:
    while True:
        if country == "PK":
            raw = f"+923{rng.choice(['00', '01', '03', '05', '08', '11', '13', '21', '33', '36', '45'])}"
            raw += f"{rng.randrange(10**7):07d}"
        else:
            raw = f"+91{rng.choice('6789')}{rng.randrange(10**9):09d}"
        if phonenumbers.is_valid_number(phonenumbers.parse(raw)):
            return raw


def leaf_codes() -> list[str]:
    codes = []

    def visit(node):
        if node.get("children"):
            for child in node["children"]:
                visit(child)
        else:
            codes.append(node["code"])

    for node in category_data.CATEGORIES:
        visit(node)
    return codes


class DemoComplaints:
    def __init__(self, profile: str, users: dict[str, User], seed: int = 7, now: datetime | None = None):
        self.profile, self.users, self.rng = profile, users, random.Random(seed)
        self.now = now
        self.country = "PK" if profile == "punjab" else "IN"
        # Police stations, and where a force has them (Rampur) the outposts and beats below: complaints come from there.
        self.stations = list(Unit.objects.filter(level__scheme=profile, level__depth__gte=4).select_related("level"))
        self.units = {u.pk: u for u in Unit.objects.filter(level__scheme=profile).select_related("level")}
        self.categories = {c.code: c for c in Category.objects.filter(code__in=leaf_codes())}
        first, last = (people.PK_FIRST_NAMES, people.PK_LAST_NAMES) if self.country == "PK" else (
            people.IN_FIRST_NAMES, people.IN_LAST_NAMES)
        self.first, self.last = first, last
        self.streets = people.STREETS_PK if self.country == "PK" else people.STREETS_IN

    def _user(self, unit: Unit, suffix: str) -> User | None:
        return self.users.get(username_for(unit, suffix, unit.level.depth))

    def _chain(self, unit: Unit) -> dict[int, Unit]:
        return {self.units[i].level.depth: self.units[i] for i in unit.ancestor_ids()}

    def cast_for(self, complaint: Complaint) -> Cast:
        chain = self._chain(complaint.unit)
        sop = complaint.category.effective_sop()
        candidates = [(chain.get(6), "halka", chain.get(5), "chowki"), (chain.get(5), "chowki", chain.get(4), "sho"),
                      (chain.get(4), "sho", chain.get(2), "dpo"), (chain.get(3), "sdpo", chain.get(2), "dpo"),
                      (chain.get(2), "dpo", chain.get(1), "rpo"), (chain.get(1), "rpo", chain.get(0), "igp"),
                      (chain.get(0), "igp", chain.get(0), "igp")]  # held at the top (against police, unnamed)
        for unit, suffix, boss_unit, boss in candidates:
            officer = unit and self._user(unit, suffix)
            if officer and officer.rank >= sop.min_rank:
                supervisor = self._user(boss_unit, boss)
                break
        else:
            raise RuntimeError(f"no eligible officer for {complaint}")
        # The approver must hold the SOP's closing authority (a beat's outpost in-charge is a sub-inspector): the
        # first head above who does.
        # A confidential complaint's approver must also see it (a station head has no wider confidential access).
        closing_rank, _roles = (sop or SOP()).closing_authority()

        def may_close(user) -> bool:
            return (user.rank or 0) >= closing_rank and permissions.can_view(user, complaint)

        if supervisor is None or not may_close(supervisor):
            heads = [(chain.get(5), "chowki"), (chain.get(4), "sho"), (chain.get(2), "dpo"), (chain.get(1), "rpo"),
                     (chain.get(0), "igp")]
            supervisor = next(user for head_unit, head in heads
                              if (user := head_unit and self._user(head_unit, head)) and may_close(user))
        if complaint.is_confidential or officer.rank >= Rank.DPO:
            cell = self._user(chain[1], "rpo") if officer.rank < Rank.RPO else self._user(chain[0], "igp")
        else:
            cell = self._user(chain[2], "cell")
        return Cast(cell=cell, officer=officer, supervisor=supervisor, agent=self._user(chain[0], "agent1"))

    def identify_accused(self, complaint: Complaint, data: dict, tick) -> Complaint:
        """A complaint against police that named nobody is held by the branch at the top until it names the
        accused: here the branch finds it was the SHO of the station (the complaint then goes down per the SOP)."""
        from shikayat.accountability.actions import name_accused

        place = next(unit for unit in self.stations if unit.code == data["unit"])
        sho = self._user(self._chain(place)[4], "sho")  # the thana's, also for a place in one of its beats
        branch = next(user for user in (self._user(complaint.unit, "accountability"), self._user(complaint.unit, "igp"))
                      if user is not None and permissions.can_view(user, complaint))
        return name_accused(complaint, actor=branch, accused=[{"officer": sho.username}], now=tick())

    def data_for(self, code: str) -> dict:
        rng = self.rng
        language = _weighted(rng, LANGUAGES[self.profile])
        samples = category_data.SAMPLE_DESCRIPTIONS.get(code, {})
        description = rng.choice(samples.get(language) or samples.get("en") or ["Complaint details as reported."])
        first, last = rng.choice(self.first), rng.choice(self.last)
        name_index = {"en": 0, "ur": 1, "hi": 2}[language]
        station = rng.choice(self.stations)
        sop = self.categories[code].effective_sop()
        data = {
            "category": code, "description": description, "language": language,
            "name": f"{first[name_index]} {last[name_index]}", "mobile": random_mobile(rng, self.country),
            "address": rng.choice(self.streets), "unit": station.code,
            "is_overseas": rng.random() < 0.04, "anonymous": bool(sop.allow_anonymous and rng.random() < 0.3),
        }
        if code.startswith("POL-") and rng.random() < 0.6:
            sho = self._user(station, "sho")
            if sho is not None:
                data["accused"] = [{"officer": sho.username}]
        if rng.random() < 0.5 and station.lat is not None:
            data["lat"] = f"{float(station.lat) + rng.uniform(-0.01, 0.01):.6f}"
            data["lng"] = f"{float(station.lng) + rng.uniform(-0.01, 0.01):.6f}"
        return data

    def create(self, count: int, progress=None) -> dict[str, int]:
        from django.utils import timezone

        now = self.now or timezone.now()
        made: dict[str, int] = {}
        codes = sorted(self.categories)
        statuses = list(STATUS_WEIGHTS)
        for i in range(count):
            # Every status appears at least once, then by weight.
            target = statuses[i] if i < len(statuses) else _weighted(self.rng, STATUS_WEIGHTS)
            code = self.rng.choice(codes)
            received = now - timedelta(hours=self.rng.uniform(6, 24 * 60))
            steps = iter(sorted(received + timedelta(hours=self.rng.uniform(0.5, 30) * k) for k in range(1, 25)))

            def tick(steps=steps):
                return min(next(steps), now)

            data = self.data_for(code)
            channel = _weighted(self.rng, CHANNEL_WEIGHTS)
            # An imported complaint keeps the portal's own reference, as the import does.
            ref = {"external_ref": integrations.portal_reference(self.profile, i + 1)} if channel == "portal_import" \
                else {}
            complaint = register_complaint(actor=SYSTEM, channel=channel, data={**data, **ref}, now=received)
            if complaint.accused_pending and target != Status.REGISTERED:
                complaint = self.identify_accused(complaint, data, tick)
            original = None
            if target == Status.MERGED:
                original = register_complaint(actor=SYSTEM, channel="web", data=data, now=received)
                if original.accused_pending:
                    original = self.identify_accused(original, data, tick)
            advance(complaint, target, self.cast_for(complaint), tick=tick, duplicate_of=original,
                    texts={"rating": self.rng.choice([3, 4, 4, 5, 5, 5])})
            made[target] = made.get(target, 0) + 1
            if progress:
                progress.update(1)
        return made
