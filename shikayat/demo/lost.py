"""A few hundred lost-article reports over the last months across the demo force's stations, each with its
receipt number in order (the year's counter set to match), and some found articles matched to them, so the
stations' pages, the CSV and the verification page have something to show."""

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from shikayat.accounts.models import Posting, Role
from shikayat.jurisdictions.models import Unit
from shikayat.jurisdictions.selectors import leaf_units
from shikayat.lost.models import FoundArticle, Kind, LostReport, ReceiptCounter, ReportStatus
from shikayat.lost.numbering import PREFIX
from shikayat.lost.rules import identifier_key

from .complaints import random_mobile
from .data import people

KINDS = {Kind.ID_CARD: 30, Kind.PHONE: 25, Kind.LICENCE: 10, Kind.VEHICLE: 8, Kind.BANK: 8, Kind.PASSPORT: 6,
         Kind.CERTIFICATE: 6, Kind.OTHER: 7}
PLACES = {
    "PK": ["Liberty Market, Gulberg", "Anarkali Bazaar", "Data Darbar", "Metro bus, Kalma Chowk station",
           "Mall Road near GPO", "Badshahi Mosque", "Ichhra Bazaar", "Emporium Mall, Johar Town",
           "rickshaw from Thokar Niaz Baig", "Lahore Railway Station"],
    "IN": ["Rampur bus stand", "Raza Library gate", "Gandhi Samadhi", "Civil Lines market", "Rampur railway station",
           "Tempo from Milak", "Jama Masjid, Rampur", "Nawab Gate bazaar", "Shahabad Gate", "District hospital"],
}
DESCRIPTIONS = {Kind.PHONE: ["Black Samsung A14", "Blue Vivo Y20", "Tecno Spark 10, cracked screen", "Redmi Note 12"],
                Kind.OTHER: ["Brown leather wallet", "School bag with books", "Bunch of house keys", "Gold ring"]}
CARD_LENGTH = {"PK": 13, "IN": 12}


def _luhn_digit(body: str) -> str:
    total = 0
    for n, ch in enumerate(reversed(body)):
        d = int(ch) * (1 if n % 2 else 2)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def _identifier(rng: random.Random, kind: str, country: str) -> str:
    digits = lambda n: "".join(rng.choice("0123456789") for _ in range(n))  # noqa: E731
    if kind == Kind.ID_CARD:
        return (f"35202-{digits(7)}-{rng.randrange(1, 10)}" if country == "PK"
                else f"{rng.randrange(2, 10)}{digits(3)} {digits(4)} {digits(4)}")
    if kind == Kind.PHONE:
        body = "35" + digits(12)
        return body + _luhn_digit(body)
    if kind == Kind.PASSPORT:
        return ("".join(rng.choice("ABCDEFGHJK") for _ in range(2)) + digits(7) if country == "PK"
                else rng.choice("JKLMNPRSTUVWZ") + digits(7))
    if kind == Kind.VEHICLE:
        return (f"{rng.choice(['LEA', 'LEB', 'LEC', 'LES', 'LRN'])}-{digits(4)}" if country == "PK"
                else f"UP22 {rng.choice(['AB', 'AK', 'BT', 'Q'])} {digits(4)}")
    if kind == Kind.LICENCE:
        return f"{'LHR' if country == 'PK' else 'UP22'}-{digits(8)}"
    if kind == Kind.BANK:
        return digits(4)
    if kind == Kind.CERTIFICATE:
        return f"{'BISE-LHR' if country == 'PK' else 'UPMSP'}-{digits(6)}"
    return ""


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def load(profile: str, now: datetime, *, seed: int = 7, count: int = 300) -> int:
    """`count` reports over the last six months (none if there are reports already): how many were written."""
    if LostReport.objects.exists():
        return 0
    stations = leaf_units().order_by("pk")
    lahore = Unit.objects.filter(code="LHR").first()  # the Punjab profile's places are Lahore's
    stations = list(stations.filter(path__startswith=lahore.path) if lahore and profile == "punjab" else stations)
    if not stations:
        return 0
    rng = random.Random(seed)
    country = "PK" if profile == "punjab" else "IN"
    first, last = ((people.PK_FIRST_NAMES, people.PK_LAST_NAMES) if country == "PK"
                   else (people.IN_FIRST_NAMES, people.IN_LAST_NAMES))
    rows = []
    for _i in range(count):
        reported_at = now - timedelta(days=rng.uniform(0, 180), minutes=rng.randrange(60))
        lost_on = timezone.localdate(reported_at) - timedelta(days=rng.choice([0, 0, 1, 1, 2, 3, 7, 14]))
        kind = _weighted(rng, KINDS)
        identifier = _identifier(rng, kind, country)
        language = rng.choice(["en", "ur", "ur"] if country == "PK" else ["en", "hi", "hi"])
        name = rng.choice(first)[{"en": 0, "ur": 1, "hi": 2}[language]] + " " + \
            rng.choice(last)[{"en": 0, "ur": 1, "hi": 2}[language]]
        station = rng.choice(stations)
        rows.append(LostReport(
            kind=kind, identifier=identifier, identifier_key=identifier_key(identifier),
            description=rng.choice(DESCRIPTIONS.get(kind, [""])), station=station, station_path=station.path,
            place=rng.choice(PLACES[country]), lost_on=lost_on, reported_at=reported_at, reporter_name=name,
            reporter_id_number="".join(rng.choice("0123456789") for _ in range(CARD_LENGTH[country])),
            mobile=random_mobile(rng, country), language=language, channel=rng.choice(["web", "whatsapp"])))
    rows.sort(key=lambda row: row.reported_at)
    last_of: dict[int, int] = {}
    for row in rows:
        year = timezone.localtime(row.reported_at).year
        last_of[year] = last_of.get(year, 0) + 1
        row.number = f"{PREFIX}{year}-{last_of[year]:06d}"
        if rng.random() < 0.04:
            row.status, row.closed_at = ReportStatus.WITHDRAWN, row.reported_at + timedelta(days=rng.randrange(1, 9))
    with transaction.atomic():
        LostReport.objects.bulk_create(rows, batch_size=500)
        for year, last_number in last_of.items():
            ReceiptCounter.objects.update_or_create(year=year, defaults={"last": last_number})
        _found(rng, now)
    return len(rows)


def _found(rng: random.Random, now: datetime) -> None:
    """About one report in ten with an identifier is found and matched at its station (or handed in elsewhere)."""
    desk = {p.unit_id: p.user for p in Posting.objects.active().filter(
        role__in=(Role.FRONT_DESK, Role.STATION_HEAD)).select_related("user")}
    anyone = Posting.objects.active().select_related("user").first()
    if anyone is None:
        return
    candidates = [r for r in LostReport.objects.filter(status=ReportStatus.REPORTED).exclude(identifier_key="")
                  .select_related("station") if rng.random() < 0.1]
    for report in candidates:
        found_at = min(now, report.reported_at + timedelta(days=rng.randrange(1, 20)))
        officer = desk.get(report.station_id, anyone.user)
        matched = rng.random() < 0.8
        typed = report.identifier.replace("-", "") if rng.random() < 0.5 else report.identifier  # as the desk typed it
        FoundArticle.objects.create(
            kind=report.kind, identifier=typed,
            identifier_key=report.identifier_key, station=report.station, station_path=report.station_path,
            found_on=timezone.localdate(found_at), found_place=report.place, recorded_at=found_at,
            recorded_by=officer, kept_at=f"Malkhana, {report.station.name_en}",
            report=report if matched else None, matched_at=found_at if matched else None,
            matched_by=officer if matched else None)
        if matched:
            LostReport.objects.filter(pk=report.pk).update(status=ReportStatus.FOUND, closed_at=found_at)
