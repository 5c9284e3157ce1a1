"""Demo FIR register: a few hundred FIRs across the demo force's police stations (Punjab: PPC sections, Rampur:
BNS), some of them sensitive (never given out online), with demo mobiles; the demo citizen's number
(integrations.py) is the complainant of several, so an FIR copy can be tried at once. Seeded: the same every load.
SAMPLE_CSV is an export the import page accepts with the standard mapping."""

import random
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from shikayat.firs import register
from shikayat.firs.mapping import BUILTIN
from shikayat.firs.models import Fir, FirMapping
from shikayat.jurisdictions.models import Unit

from .data import people

SAMPLE_CSV = Path(__file__).resolve().parent / "data" / "firs_sample.csv"
COUNT = 300

# (offence category, sections, brief facts): the usual run of an FIR register; the sensitive ones last.
PPC = [
    ("theft", ["379 PPC"], "Motorcycle stolen from outside the complainant's shop in the bazaar."),
    ("theft", ["380 PPC", "457 PPC"], "House broken into at night; gold ornaments and cash taken."),
    ("robbery", ["392 PPC"], "Mobile phone and cash snatched at gunpoint by two men on a motorcycle."),
    ("hurt", ["337-A PPC", "34 PPC"], "Complainant beaten with sticks in a dispute over irrigation water."),
    ("cheating", ["420 PPC", "468 PPC"], "Money taken for a plot on forged papers."),
    ("trespass", ["447 PPC", "506 PPC"], "Neighbours forcibly entered the plot and threatened the family."),
    ("murder", ["302 PPC", "34 PPC"], "Complainant's brother shot dead in a land dispute."),
    ("vehicle-theft", ["381-A PPC"], "Car stolen from the parking of the market."),
    ("rape", ["376 PPC"], "Facts recorded at the station."),
    ("sexual-assault", ["354-A PPC"], "Facts recorded at the station."),
    ("child-abuse", ["377-B PPC"], "Facts recorded at the station."),
]
BNS = [
    ("theft", ["303(2) BNS"], "Motorcycle stolen from outside the complainant's shop in the bazaar."),
    ("theft", ["305 BNS", "331(4) BNS"], "House broken into at night; jewellery and cash taken."),
    ("robbery", ["309(4) BNS"], "Mobile phone and cash snatched by two men on a motorcycle."),
    ("hurt", ["115(2) BNS", "352 BNS"], "Complainant beaten in a dispute over a boundary wall."),
    ("cheating", ["318(4) BNS"], "Money taken for a government job that never came."),
    ("dowry", ["85 BNS", "3/4 Dowry Prohibition Act"], "Wife harassed by in-laws for dowry."),
    ("murder", ["103(1) BNS"], "Complainant's son killed in a quarrel over a field."),
    ("rape", ["64 BNS"], "Facts recorded at the station."),
    ("juvenile", ["137(2) BNS"], "Facts recorded at the station."),
    ("child-abuse", ["4 POCSO", "65 BNS"], "Facts recorded at the station."),
]
STATUSES = [Fir.Status.UNDER_INVESTIGATION] * 5 + [Fir.Status.CHARGE_SHEETED] * 3 + [
    Fir.Status.UNTRACED, Fir.Status.CLOSED]
OFFICERS_PK = ["SI Tariq Mehmood", "ASI Kamran Ali", "Inspector Nadia Khan", "SI Nadeem Akhtar", "ASI Rizwan Butt"]
OFFICERS_IN = ["SI Rajesh Kumar", "SI Anil Yadav", "Inspector Sunita Verma", "SI Mohd Arif", "SI Deepak Singh"]
DEMO_MOBILE = {"punjab": "+923001112233", "rampur": "+919876543210"}


def load(profile: str, units: dict[str, Unit], *, seed: int = 25) -> int:
    """The demo FIRs (created or brought back to the seeded values) and the standard mapping kept as data."""
    FirMapping.objects.update_or_create(name="default", defaults={"label": BUILTIN["default"]["label"],
                                                                   "mapping": BUILTIN["default"]})
    rng = random.Random(seed)
    parents = {u.parent_id for u in units.values()}
    stations = sorted((u for u in units.values() if u.pk not in parents), key=lambda u: u.code)
    if not stations:
        return 0
    punjab = profile == "punjab"
    offences, officers = (PPC, OFFICERS_PK) if punjab else (BNS, OFFICERS_IN)
    first, last = (people.PK_FIRST_NAMES, people.PK_LAST_NAMES) if punjab else (people.IN_FIRST_NAMES,
                                                                                people.IN_LAST_NAMES)
    now = timezone.now()
    items, numbers = [], {}
    for n in range(COUNT):
        unit = stations[n % len(stations)]
        registered = now - timedelta(days=rng.randint(1, 700), minutes=rng.randint(0, 1440))
        year = timezone.localtime(registered).year
        numbers[(unit.pk, year)] = numbers.get((unit.pk, year), 0) + rng.randint(1, 9)
        category, sections, facts = offences[rng.randrange(len(offences))]
        given, family = rng.choice(first), rng.choice(last)
        mobile = DEMO_MOBILE[profile] if n % 10 == 0 else (
            f"+92300{rng.randint(1000000, 9999999)}" if punjab else f"+9198{rng.randint(10000000, 99999999)}")
        items.append({"unit_id": unit.pk, "unit_path": unit.path, "year": year, "number": numbers[(unit.pk, year)],
                      "registered_at": registered, "sections": sections, "offence_category": category,
                      "complainant_name": f"{given[0] if isinstance(given, tuple) else given} "
                                          f"{family[0] if isinstance(family, tuple) else family}",
                      "complainant_mobile": mobile, "brief_facts": facts,
                      "investigating_officer": rng.choice(officers), "status": rng.choice(STATUSES)})
    register.upsert(items)
    return len(items)
