"""Demo permissions: the special branch of each district, and some dozens of applications in every state —
Lahore's Muharram and Milad processions, rallies and film shooting; Rampur's events, processions and loudspeakers —
a few of them late (charged in the permits' delay ledger by the sweep). Deterministic for a seed."""

import random
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from shikayat.accounts.models import Posting, Rank, Role, User
from shikayat.complaints.permissions import CitizenActor
from shikayat.deadlines.calendar import working_calendar
from shikayat.jurisdictions.models import Unit
from shikayat.permits import actions, rules
from shikayat.permits.models import PermitApplication
from shikayat.permits.sweep import permit_breaches

from .force import DEMO_PASSWORD, username_for

# (kind, title, venue or route, attendance, loudspeakers)
LAHORE = [
    ("procession", "9th Muharram Zuljanah procession",
     ["Imambargah Nisar Haveli, Mochi Gate", "Chowk Nawab Sahib", "Bazar Hakiman", "Bhati Gate",
      "Karbala Gamay Shah"], 25000, ""),
    ("procession", "Ashura main procession", ["Nisar Haveli", "Mochi Gate", "Lohari Gate", "Karbala Gamay Shah"],
     40000, ""),
    ("procession", "Jashn-e-Eid Milad-un-Nabi procession", ["Data Darbar", "Bhati Gate", "Anarkali", "Mall Road",
                                                           "Aiwan-e-Iqbal"], 15000, ""),
    ("procession", "Milad procession, Shahdara", ["Jamia Masjid Shahdara", "GT Road", "Shahdara Chowk"], 4000, ""),
    ("rally", "Kissan rights rally", "Nasir Bagh, Lower Mall", 3000, "4 loudspeakers on the stage, 10:00-13:00"),
    ("rally", "Traders' association public meeting", "Hall Road traders' ground", 800, "2 speakers, 16:00-18:00"),
    ("rally", "Teachers' union rally", "Charing Cross, Mall Road", 1200, ""),
    ("event", "Basant cultural evening", "Gaddafi Stadium enclosure", 5000, "Sound system, 18:00-23:00"),
    ("event", "Qawwali night", "Data Darbar courtyard", 2500, "Sound system, 21:00-01:00"),
    ("film", "Drama serial shooting: Lahore Lahore Aye", "Anarkali Bazar, Food Street", 60, ""),
    ("film", "Feature film outdoor shooting", "Lakshmi Chowk and Royal Park", 120, ""),
    ("loudspeaker", "Mehfil-e-Naat with loudspeakers", "Jamia Masjid Gulberg III", 400,
     "2 horns on the roof, 20:00-23:00"),
]
RAMPUR = [
    ("event", "Rampur Raza Library heritage evening", "Raza Library lawns", 900, "Sound system, 18:00-21:00"),
    ("event", "Jashn-e-Rampur mushaira", "Gandhi Samadhi ground", 3000, "Stage speakers, 20:00-24:00"),
    ("event", "Dussehra mela", "Ramlila Maidan, Civil Lines", 8000, "Announcement speakers, 16:00-22:00"),
    ("procession", "Muharram tazia procession", ["Imambara Qila", "Shahabad Gate", "Karbala Rampur"], 6000, ""),
    ("procession", "Barawafat juloos", ["Jama Masjid", "Mistan Ganj", "Kotwali Road", "Idgah"], 5000, ""),
    ("rally", "Ganna kisan sabha", "Tanda mandi ground", 1500, "2 speakers, 11:00-14:00"),
    ("loudspeaker", "Jagran with loudspeakers", "Shiv Mandir, Bilaspur Gate", 300, "2 speakers, 21:00-05:00"),
    ("film", "Web series shooting", "Khas Bagh palace gate", 50, ""),
]
ORGANISERS = {
    "punjab": [("Syed Ali Raza Naqvi", "35202-{:07d}-1", "Mochi Gate, Lahore"),
               ("Muhammad Ashraf Qadri", "35201-{:07d}-3", "Data Nagar, Lahore"),
               ("Chaudhry Anwar Gujjar", "35202-{:07d}-5", "Shadman, Lahore"),
               ("Rana Tariq Mehmood", "35200-{:07d}-7", "Samanabad, Lahore"),
               ("Ayesha Siddiqui", "35202-{:07d}-2", "Gulberg III, Lahore")],
    "rampur": [("Mohd. Shahid Khan", "4521-{:04d}-{:04d}", "Qila, Rampur"), ("Ramesh Chand Saxena",
               "5834-{:04d}-{:04d}", "Civil Lines, Rampur"), ("Naseem Ahmad", "6712-{:04d}-{:04d}", "Tanda, Rampur"),
               ("Sunita Verma", "7345-{:04d}-{:04d}", "Bilaspur, Rampur")],
}
STATIONS = {
    "punjab": {"procession": ["LHR-CTY-LHG", "LHR-CTY-DTD", "LHR-SHD-SHD"], "rally": ["LHR-CTY-ANK", "LHR-CVL-CVL"],
               "event": ["LHR-CVL-GBG", "LHR-CTY-DTD"], "film": ["LHR-CTY-ANK", "LHR-CVL-RCC"],
               "loudspeaker": ["LHR-CVL-GBG"]},
    "rampur": {"procession": ["RMP-CTY-KTW", "RMP-CTY-GNJ"], "rally": ["RMP-TND-TND"],
               "event": ["RMP-CTY-CVL", "RMP-CTY-KTW"], "film": ["RMP-CTY-CVL"], "loudspeaker": ["RMP-BLS-BLS"]},
}
PREFIXES = {"punjab": ["300", "301", "321", "333", "345", "311"], "rampur": ["941", "958", "983", "997", "870"]}
# The states the demo shows, in turn: fresh, one report in, both in, granted, refused, late (nothing done).
STATES = ["fresh", "station", "reported", "granted", "granted", "refused", "late", "granted_late"]


def special_branch(units: dict[str, Unit], names: list[tuple[str, str]]) -> dict[int, User]:
    """A special-branch inspector posted in each district: <district>.special_branch."""
    password = make_password(DEMO_PASSWORD)
    made = {}
    for n, district in enumerate(u for u in units.values() if u.level.depth == rules.DISTRICT_DEPTH):
        first, last = names[(n + 7) % len(names)]
        user, _ = User.objects.get_or_create(username=username_for(district, "special_branch", 2), defaults={
            "rank": Rank.INSPECTOR, "password": password, "first_name": first, "last_name": last})
        Posting.objects.get_or_create(user=user, unit=district, role=Role.SPECIAL_BRANCH, is_active=True)
        made[district.pk] = user
    return made


def _sole(unit: Unit, role: str) -> User | None:
    posting = Posting.objects.active().filter(unit=unit, role=role).select_related("user").order_by("pk").first()
    return posting.user if posting else None


@transaction.atomic
def load(profile: str, units: dict[str, Unit], names: list[tuple[str, str]], *, now: datetime | None = None,
         seed: int = 7, count: int | None = None) -> int:
    """Special-branch postings and the demo applications (none added when the force already has some)."""
    now = now or timezone.now()
    branch = special_branch(units, names)
    if PermitApplication.objects.exists():
        return 0
    rng = random.Random(seed)
    catalogue = LAHORE if profile == "punjab" else RAMPUR
    count = count or (36 if profile == "punjab" else 24)
    calendar, country = working_calendar(), "+92" if profile == "punjab" else "+91"
    made = 0
    for n in range(count):
        kind, title, place, attendance, speakers = catalogue[n % len(catalogue)]
        station = units.get(rng.choice(STATIONS[profile][kind]))
        if station is None:
            continue
        state = STATES[(n + n // len(STATES)) % len(STATES)]  # each kind meets every state
        received = now - timedelta(days={"fresh": 0.2, "station": 0.8, "reported": 1.6}.get(state, rng.randint(5, 30)),
                                   hours=rng.randint(0, 6))
        earliest = rules.deadlines(rules.sop_for(kind), received, calendar).earliest_start
        start = timezone.localtime(earliest + timedelta(days=rng.randint(2, 20))).replace(
            hour=rng.choice([10, 14, 16, 18]), minute=0)
        who = ORGANISERS[profile][n % len(ORGANISERS[profile])]
        number = who[1].format(rng.randint(1000000, 9999999)) if profile == "punjab" else who[1].format(
            rng.randint(1000, 9999), rng.randint(1000, 9999))
        data = {"kind": kind, "title": title, "date": start.date().isoformat(), "start": f"{start:%H:%M}",
                "end": f"{start + timedelta(hours=rng.choice([3, 4, 6])):%H:%M}" if start.hour < 18 else "23:30",
                "venue": place if isinstance(place, str) else "", "route": place if isinstance(place, list) else [],
                "station": station.code, "attendance": str(int(attendance * rng.uniform(0.6, 1.2)) or 1),
                "loudspeaker_details": speakers or ("" if kind != "loudspeaker" else "2 speakers"),
                "language": rng.choice(["ur", "ur", "en"] if profile == "punjab" else ["hi", "hi", "en"]),
                "lat": str(station.lat) if station.lat is not None else "",
                "lng": str(station.lng) if station.lng is not None else "",
                "organisers": [{"name": who[0], "id_number": number, "address": who[2],
                                "mobile": f"{country}{rng.choice(PREFIXES[profile])}{rng.randint(1000000, 9999999)}"}]}
        mobile = f"{country}30{rng.randint(10000000, 99999999)}" if profile == "punjab" else \
            f"{country}98{rng.randint(10000000, 99999999)}"
        row = actions.apply(actor=CitizenActor(mobile=mobile), data=data, now=received)
        _advance(row, state, branch[row.district_id], rng)
        made += 1
    permit_breaches(now)  # the late ones still undecided enter the ledger now
    return made


def _advance(row: PermitApplication, state: str, branch: User, rng: random.Random) -> None:
    sho, dpo = _sole(row.station, Role.STATION_HEAD), _sole(row.district, Role.SUPERVISOR)
    if state in ("fresh", "late") or sho is None or dpo is None:
        return
    quick = state in ("station", "reported")
    at = row.received_at + timedelta(hours=rng.randint(1, 6) if quick else rng.randint(3, 20))
    conditions = rng.choice(["Keep to the route given; no change en route.", "Volunteers with armbands at every "
                             "100 metres.", "Sound within the Punjab Sound Systems (Regulation) Act limits.", ""])
    actions.report(row, actor=sho, step="station", objection=state == "refused", conditions=conditions, now=at,
                   note="The route passes another community's place of worship at prayer time."
                   if state == "refused" else "")
    if state == "station":
        return
    actions.report(row, actor=branch, step="branch", objection=False, now=at + timedelta(hours=rng.randint(1, 6)),
                   conditions="Walk-through gates at the assembly point." if rng.random() < 0.5 else "")
    if state == "reported":
        return
    decided_at = row.decision_due_at + timedelta(hours=18) if state == "granted_late" else \
        at + timedelta(hours=rng.randint(24, 40))
    if state == "granted_late":
        permit_breaches(row.decision_due_at + timedelta(minutes=5))
    if state == "refused":
        actions.decide(row, actor=dpo, grant=False, now=decided_at,
                       reasons="The station objects: the route crosses another procession's at the same hour. "
                               "Apply again with the alternate route.")
    else:
        actions.decide(row, actor=dpo, grant=True, now=decided_at,
                       conditions="Start and end at the times given. No weapons, no aerial firing. "
                                  f"{conditions} Organisers answerable for order.")
