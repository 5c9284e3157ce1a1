"""Demo rows for the public searches (shikayat/registers): a few hundred stolen and recovered vehicles, some
dozens of missing adults and unidentified bodies at the demo force's police stations. Fictional and seeded;
the photos are placeholders drawn here with Pillow (initials on a plain card), nothing is fetched. Punjab plates
look like LEA-1234 / LEB-1234 (Lahore), Rampur's like UP-22 AB 1234. Loaded once: a database that already holds
vehicles is left as it is."""

from __future__ import annotations

import io
import random
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from shikayat.jurisdictions.models import Unit
from shikayat.registers import identifiers
from shikayat.registers.entries import name_key
from shikayat.registers.models import MissingPerson, UnidentifiedBody, Vehicle

from .data import people

MAKES = {
    "car": [("Suzuki", "Mehran"), ("Suzuki", "Cultus"), ("Toyota", "Corolla"), ("Honda", "City"), ("Suzuki", "Alto"),
            ("Hyundai", "i10"), ("Maruti", "Swift"), ("Tata", "Nexon"), ("Honda", "Civic")],
    "motorcycle": [("Honda", "CD 70"), ("Honda", "CG 125"), ("Yamaha", "YBR 125"), ("Hero", "Splendor"),
                   ("Bajaj", "Pulsar"), ("United", "US 70"), ("TVS", "Apache")],
    "rickshaw": [("Sazgar", "Auto rickshaw"), ("Bajaj", "RE"), ("Piaggio", "Ape"), ("Qingqi", "Loader")],
    "van": [("Suzuki", "Bolan"), ("Suzuki", "Every"), ("Mahindra", "Bolero Pik-up")],
    "tractor": [("Massey Ferguson", "MF 240"), ("Mahindra", "575 DI")],
}
KIND_WEIGHTS = [("motorcycle", 55), ("car", 25), ("rickshaw", 10), ("van", 7), ("tractor", 3)]
COLOURS = ["White", "Black", "Silver", "Red", "Blue", "Grey", "Maroon", "Green"]
MARKS = ["Mole on the right cheek", "Scar above the left eyebrow", "Tattoo of a bird on the right hand",
         "Two front teeth missing", "Burn mark on the left forearm", "Six fingers on the left hand",
         "Tattoo “Maa” on the right forearm", "Old fracture, left leg", ""]
CLOTHING = ["White shalwar kameez, brown sandals", "Blue jeans, black T-shirt", "Grey kurta pyjama",
            "Green shalwar kameez, black chador", "Checked shirt and brown trousers", "Red sari", "Black sweater"]
DESCRIPTIONS = ["Medium build, wheatish complexion, about 5 ft 7 in.", "Thin, fair, short grey beard.",
                "Slightly hard of hearing; speaks Punjabi and Urdu.", "Wears spectacles; walks with a stick.",
                "Has a memory illness and may not know his or her address.", "Tall, dark hair, clean-shaven."]
PLACES = {"punjab": ["near the canal bank", "at the railway station", "in the bus terminal", "near the Data Darbar",
                     "in the main bazaar", "on the ring road", "near the general hospital"],
          "up": ["near the Kosi river bridge", "at the railway station", "in the roadways bus stand",
                 "near the Jama Masjid", "on the Bareilly road", "in the sugar mill area",
                 "near the district hospital"]}
KEPT = {"punjab": ["Mortuary, Mayo Hospital", "Mortuary, Services Hospital", "Edhi cold storage"],
        "up": ["Mortuary, District Hospital Rampur", "Postmortem house, Rampur"]}


def placeholder_photo(initials: str, seed: int) -> bytes:
    """A plain PNG card with initials: a stand-in for a photo (no real person)."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (240, 300), tuple(rng.randint(150, 220) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    draw.ellipse((70, 40, 170, 140), fill=(110, 110, 120))
    draw.rectangle((50, 160, 190, 300), fill=(110, 110, 120))
    draw.text((100, 80), initials, fill=(255, 255, 255))
    draw.text((60, 270), "DEMO", fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _plate(profile: str, rng: random.Random) -> str:
    if profile == "punjab":
        return f"{rng.choice(['LEA', 'LEB', 'LEC', 'LED', 'LE'])}-{rng.randint(100, 9999)}"
    series = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2))
    return f"UP-22 {series} {rng.randint(1000, 9999)}"


def _name(profile: str, rng: random.Random, woman: bool) -> str:
    first = people.PK_FIRST_NAMES if profile == "punjab" else people.IN_FIRST_NAMES
    last = people.PK_LAST_NAMES if profile == "punjab" else people.IN_LAST_NAMES
    half = len(first) // 2  # the lists hold men first, then women
    given = rng.choice(first[half:] if woman else first[:half])
    family = rng.choice(last)
    script = rng.choice([0, 0, 1, 2])  # as the station typed it: mostly English, some in Urdu or Hindi
    return f"{given[script]} {family[script]}"


@transaction.atomic
def load(profile: str, *, seed: int = 7, vehicles: int = 300, persons: int = 200, bodies: int = 60) -> dict:
    """Add the demo registers (once). Returns how many rows of each were written."""
    if Vehicle.objects.exists():
        return {}
    scheme = "punjab" if profile == "punjab" else "up"
    stations = [u for u in Unit.objects.filter(level__scheme=profile, is_active=True).exclude(children__is_active=True)
                .select_related("level") if u.level.depth >= 4]
    if not stations:
        return {}
    rng, now = random.Random(seed), timezone.now()
    today = timezone.localdate(now)
    kinds = [kind for kind, weight in KIND_WEIGHTS for _ in range(weight)]
    rows, keys = [], set()
    while len(rows) < vehicles:
        kind = rng.choice(kinds)
        make, model = rng.choice(MAKES[kind])
        plate = _plate(profile, rng) if kind != "tractor" or rng.random() < 0.5 else ""
        chassis = f"{make[:2].upper()}{rng.randint(10, 99)}-{rng.randint(1000000, 9999999)}"
        stolen = today - timedelta(days=rng.randint(1, 540))
        status = rng.choices(["stolen", "recovered", "returned"], [60, 15, 25])[0]
        recovered = stolen + timedelta(days=rng.randint(1, 60)) if status != "stolen" else None
        if recovered and recovered > today:
            recovered, status = None, "stolen"
        registration_key, chassis_key = identifiers.key(plate), identifiers.key(chassis)
        natural_key = f"{registration_key or 'chassis:' + chassis_key}:{stolen}"
        if natural_key in keys:
            continue
        keys.add(natural_key)
        station = rng.choice(stations)
        engine = f"{rng.choice(['E', 'JL', '1NZ', 'HA', 'K12'])}{rng.randint(100000, 999999)}"
        rows.append(Vehicle(
            station=station, registration=plate, chassis=chassis, engine=engine, registration_key=registration_key,
            chassis_key=chassis_key, engine_key=identifiers.key(engine), kind=kind, make=make, model=model,
            colour=rng.choice(COLOURS), year=rng.randint(2005, today.year), stolen_on=stolen, recovered_on=recovered,
            fir_reference=f"FIR {rng.randint(1, 999)}/{stolen:%y}", status=status,
            owner_name=_name(profile, rng, woman=False), owner_mobile="", natural_key=natural_key,
            created_at=now, updated_at=now))
    Vehicle.objects.bulk_create(rows)
    written = {"vehicles": len(rows), "persons": 0, "bodies": 0}
    for n in range(persons):
        woman = rng.random() < 0.4
        name = _name(profile, rng, woman)
        person = MissingPerson(
            station=rng.choice(stations), reference=f"MP-{n + 1}/{today:%y}", name=name, name_key=name_key(name),
            age=rng.randint(18, 85), gender="female" if woman else "male",
            last_seen_place=rng.choice(people.STREETS_PK if profile == "punjab" else people.STREETS_IN),
            last_seen_on=today - timedelta(days=rng.randint(1, 365)), description=rng.choice(DESCRIPTIONS),
            status="traced" if rng.random() < 0.15 else "missing", created_at=now, updated_at=now)
        if rng.random() < 0.7:
            initials = "".join(word[0] for word in name.split()[:2])
            person.photo.save(f"demo-{profile}-{n}.png", ContentFile(placeholder_photo(initials, n)), save=False)
        person.save()
        written["persons"] += 1
    for n in range(bodies):
        low = rng.choice([20, 25, 30, 40, 50, 60])
        station = rng.choice(stations)
        body = UnidentifiedBody(
            station=station, reference=f"UB-{n + 1}/{today:%y}",
            place_found=f"{rng.choice(PLACES[scheme]).capitalize()}, {station.name_en}",
            found_on=today - timedelta(days=rng.randint(1, 200)), age_from=low, age_to=low + 10,
            gender=rng.choice(["male", "male", "male", "female"]), description=rng.choice(DESCRIPTIONS),
            clothing=rng.choice(CLOTHING), marks=rng.choice(MARKS), kept_at=rng.choice(KEPT[scheme]),
            status="identified" if rng.random() < 0.1 else "unidentified", created_at=now, updated_at=now)
        body.photo.save(f"demo-body-{profile}-{n}.png", ContentFile(placeholder_photo("?", 1000 + n)), save=False)
        body.save()
        written["bodies"] += 1
    return written
