"""Load a force's reference data: levels and units, categories and SOPs,
and officers in every role. Shared by the demo loader and the benchmarks."""

from collections.abc import Iterator
from datetime import timedelta
from types import ModuleType

from django.contrib.auth.hashers import make_password
from django.db import transaction

from shikayat.accounts.models import Posting, Rank, Role, User
from shikayat.categories.models import SOP, Category, ClosingRole, EscalationStep, Handling
from shikayat.core import clock
from shikayat.information.models import Helpline, InfoTopic, MissingChildAlert, MostWanted
from shikayat.jurisdictions.models import Unit, UnitLevel
from shikayat.open311.models import ServiceAttribute

from . import boundaries
from .data import categories as category_data
from .data import helplines, punjab, rampur
from .data import information as information_data
from .data import open311 as open311_data

PROFILES: dict[str, ModuleType] = {"punjab": punjab, "rampur": rampur}
DEMO_PASSWORD = "shikayat-demo-2026"


def walk(node: dict, depth: int = 0, parent_code: str | None = None) -> Iterator[tuple[dict, int, str | None]]:
    yield node, depth, parent_code
    for child in node.get("children") or []:
        yield from walk(child, depth + 1, node["code"])


@transaction.atomic
def load_units(profile: str) -> dict[str, Unit]:
    data = PROFILES[profile]
    levels = {}
    for depth, (code, en, ur, hi) in enumerate(data.LEVELS):
        levels[depth], _ = UnitLevel.objects.update_or_create(
            scheme=profile, depth=depth, defaults={"code": code, "name_en": en, "name_ur": ur, "name_hi": hi}
        )
    units: dict[str, Unit] = {}
    drawn = boundaries.approximate_areas(data.TREE)
    for node, depth, parent_code in walk(data.TREE):
        unit = Unit.objects.filter(code=node["code"]).first() or Unit(code=node["code"])
        unit.level, unit.parent = levels[depth], units.get(parent_code)
        unit.name_en, unit.name_ur, unit.name_hi = node["en"], node["ur"], node["hi"]
        unit.lat, unit.lng, unit.area = node.get("lat"), node.get("lng"), node.get("area") or drawn.get(node["code"])
        unit.area_is_approximate = unit.area is not None  # no demo area is an official boundary
        unit.save()
        units[unit.code] = unit
    return units


@transaction.atomic
def _handling(code: str) -> dict:
    """Complaints against police go to the accountability branch, away from the accused's station and
    circle; gender harassment goes to the district's women officers' cell, and the complainant may seal
    their identity."""
    # Both are closed only by a supervisor above the station, not below a circle officer (the SOP's closing
    # authority); the rest by the station head or above.
    above_station = {"closing_role": ClosingRole.SUPERVISOR, "closing_rank": Rank.SDPO}
    if code.startswith("POL-"):
        return {"handling": Handling.AGAINST_POLICE, "desk_role": Role.ACCOUNTABILITY, "accused_chain_levels": 1,
                **above_station}
    if code == "WC-HARASSMENT":
        return {"handling": Handling.GENDER, "desk_role": Role.WOMEN_CELL, "allow_sealed_identity": True,
                **above_station}
    return {"handling": Handling.GENERAL, "desk_role": "", "accused_chain_levels": None,
            "allow_sealed_identity": False, "closing_role": ClosingRole.STATION_HEAD, "closing_rank": Rank.INSPECTOR}


def load_categories() -> dict[str, Category]:
    categories: dict[str, Category] = {}

    def add(node: dict, parent: Category | None, order: int) -> None:
        category, _ = Category.objects.update_or_create(
            code=node["code"],
            defaults={"parent": parent, "name_en": node["en"], "name_ur": node["ur"], "name_hi": node["hi"],
                      "sort_order": order},
        )
        categories[category.code] = category
        if "sop" in node:
            rule = node["sop"]
            sop, _ = SOP.objects.update_or_create(
                category=category,
                defaults={"contact_hours": rule["contact_hours"], "report_hours": rule["report_hours"],
                          "min_rank": Rank.from_code(rule["min_rank"]), "allow_anonymous": rule["anonymous"],
                          "confidential": rule["confidential"], **_handling(category.code)},
            )
            sop.escalation_steps.all().delete()
            EscalationStep.objects.bulk_create(
                EscalationStep(sop=sop, step=i, rank=Rank.from_code(rank), hours_after_breach=hours)
                for i, (rank, hours) in enumerate(rule.get("escalation", []), start=1)
            )
        for i, child in enumerate(node.get("children") or []):
            add(child, category, i)

    for i, node in enumerate(category_data.CATEGORIES):
        add(node, None, i)
    return categories


@transaction.atomic
def load_service_attributes(categories: dict[str, Category]) -> int:
    """The questions Open311 clients are asked per category (shikayat/open311), replaced whole."""
    written = 0
    for code, rows in open311_data.ATTRIBUTES.items():
        if code not in categories:
            continue
        ServiceAttribute.objects.filter(category=categories[code]).delete()
        for order, (attribute, datatype, required, description, about, values) in enumerate(rows, start=1):
            ServiceAttribute.objects.create(
                category=categories[code], code=attribute, datatype=datatype, required=required, order=order,
                **dict(zip(("description_en", "description_ur", "description_hi"), description, strict=True)),
                **dict(zip(("datatype_description_en", "datatype_description_ur", "datatype_description_hi"), about,
                           strict=True)),
                values=[{"key": key, "name_en": en, "name_ur": ur, "name_hi": hi} for key, en, ur, hi in values])
            written += 1
    return written


@transaction.atomic
def load_helplines(profile: str) -> int:
    rows = helplines.PUNJAB if profile == "punjab" else helplines.RAMPUR
    for order, (number, en, ur, hi, den, dur, dhi) in enumerate(rows):
        Helpline.objects.update_or_create(number=number, defaults={
            "name_en": en, "name_ur": ur, "name_hi": hi, "description_en": den, "description_ur": dur,
            "description_hi": dhi, "sort_order": order})
    return len(rows)


@transaction.atomic
def load_information(profile: str) -> int:
    """The WhatsApp bot's information services: topics, most wanted, missing children."""
    for order, (code, row) in enumerate(information_data.TOPICS[profile].items()):
        InfoTopic.objects.update_or_create(code=code, defaults=dict(zip(
            ("title_en", "title_ur", "title_hi", "body_en", "body_ur", "body_hi"), row, strict=True), sort_order=order))
    for order, (en, ur, hi, den, dur, dhi, reward) in enumerate(information_data.MOST_WANTED[profile]):
        MostWanted.objects.update_or_create(name_en=en, defaults={
            "name_ur": ur, "name_hi": hi, "details_en": den, "details_ur": dur, "details_hi": dhi, "reward": reward,
            "sort_order": order})
    now = clock.now()
    for (name, name_ur, name_hi), age, (place, place_ur, place_hi), days, den, dur, dhi, contact in (
            information_data.MISSING[profile]):
        MissingChildAlert.objects.update_or_create(name=name, last_seen_place=place, defaults={
            "name_ur": name_ur, "name_hi": name_hi, "last_seen_place_ur": place_ur, "last_seen_place_hi": place_hi,
            "age": age, "last_seen_at": now - timedelta(days=days), "details_en": den, "details_ur": dur,
            "details_hi": dhi, "contact": contact})
    return len(information_data.TOPICS[profile])


# Opening hours as the public reads them, in each language (24-hour clock, as on every page).
CENTRE_HOURS = {"opening_hours": "Mon–Sat 09:00–17:00", "opening_hours_ur": "پیر تا ہفتہ، 09:00 تا 17:00",
                "opening_hours_hi": "सोमवार से शनिवार, 09:00 से 17:00"}
VAN_HOURS = {"opening_hours": "Mon–Fri 10:00–16:00", "opening_hours_ur": "پیر تا جمعہ، 10:00 تا 16:00",
             "opening_hours_hi": "सोमवार से शुक्रवार, 10:00 से 16:00"}


@transaction.atomic
def load_services(units: dict[str, Unit]) -> int:
    """The service centres' services, and a centre (plus a van in the first district) per district."""
    from shikayat.services.models import RequiredDocument, Service, ServiceCentre

    from .data import services as service_data

    for order, (code, en, ur, hi, fen, fur, fhi, hours, cert, address, record, docs) in enumerate(
            service_data.SERVICES):
        service, _ = Service.objects.update_or_create(code=code, defaults={
            "name_en": en, "name_ur": ur, "name_hi": hi, "fee_note_en": fen, "fee_note_ur": fur, "fee_note_hi": fhi,
            "sla_hours": hours, "issues_certificate": cert, "needs_address_verification": address,
            "needs_record_check": record, "sort_order": order})
        for n, (doc, den, dur, dhi, required) in enumerate(docs):
            RequiredDocument.objects.update_or_create(service=service, code=doc, defaults={
                "name_en": den, "name_ur": dur, "name_hi": dhi, "required": required, "sort_order": n})
    districts = [u for u in units.values() if u.level.depth == 2]
    for n, district in enumerate(districts):
        ServiceCentre.objects.update_or_create(code=f"{district.code.lower()}-centre", defaults={
            "unit": district, "name_en": f"{district.name_en} service centre",
            "name_ur": f"{district.name_ur or district.name_en} خدمت مرکز",
            "name_hi": f"{district.name_hi or district.name_en} सेवा केंद्र", **CENTRE_HOURS,
            "counters": 6 if n == 0 else 3, "lat": district.lat, "lng": district.lng})
        if n == 0:
            ServiceCentre.objects.update_or_create(code=f"{district.code.lower()}-van", defaults={
                "unit": district, "kind": "van", "name_en": f"{district.name_en} service van",
                "name_ur": f"{district.name_ur or district.name_en} خدمت وین",
                "name_hi": f"{district.name_hi or district.name_en} सेवा वैन", **VAN_HOURS, "counters": 1})
    return len(service_data.SERVICES)


# Officers per level of the tree: (username suffix, rank, roles).
STAFFING = {
    0: [("igp", Rank.IGP, [Role.SUPERVISOR]), ("cell", Rank.INSPECTOR, [Role.COMPLAINT_CELL]),
        ("accountability", Rank.SDPO, [Role.ACCOUNTABILITY]), ("agent1", Rank.CONSTABLE, [Role.CALL_CENTRE]),
        ("agent2", Rank.HEAD_CONSTABLE, [Role.CALL_CENTRE]), ("admin", Rank.INSPECTOR, [Role.ADMIN])],
    1: [("rpo", Rank.RPO, [Role.SUPERVISOR])],
    2: [("dpo", Rank.DPO, [Role.SUPERVISOR]), ("cell", Rank.SI, [Role.COMPLAINT_CELL]),
        ("accountability", Rank.SDPO, [Role.ACCOUNTABILITY]), ("women_cell", Rank.SDPO, [Role.WOMEN_CELL]),
        ("service", Rank.ASI, [Role.SERVICE_CENTRE])],
    # The heads of units: the circle officer (SDPO) supervises his circle and enquires himself; the SHO heads his
    # station (marks, approves within the SOP, sees its dashboard and ledger) and enquires himself.
    3: [("sdpo", Rank.SDPO, [Role.SUPERVISOR, Role.ENQUIRY_OFFICER])],
    4: [("sho", Rank.INSPECTOR, [Role.STATION_HEAD, Role.ENQUIRY_OFFICER]), ("si", Rank.SI, [Role.ENQUIRY_OFFICER]),
        ("desk", Rank.HEAD_CONSTABLE, [Role.FRONT_DESK])],
    # Where a force has them (Rampur): the outpost (chowki) in-charge heads his outpost as the SHO heads the
    # thana (marks its complaints, approves what the SOP lets a sub-inspector approve); the beat (halka)
    # in-charge enquires into his beat's complaints. Both sub-inspectors: a complaint the SOP lets a
    # sub-inspector handle stays in the beat it happened in; one that needs an inspector goes to the thana.
    5: [("chowki", Rank.SI, [Role.STATION_HEAD, Role.ENQUIRY_OFFICER])],
    6: [("halka", Rank.SI, [Role.ENQUIRY_OFFICER])],
}


def username_for(unit: Unit, suffix: str, depth: int) -> str:
    return suffix if depth == 0 else f"{unit.code.lower()}.{suffix}"


@transaction.atomic
def load_officers(units: dict[str, Unit], names: list[tuple[str, str]]) -> dict[str, User]:
    """One officer per (unit, STAFFING entry); all share the demo password."""
    password = make_password(DEMO_PASSWORD)
    wanted = []
    for unit in units.values():
        depth = unit.level.depth
        for suffix, rank, roles in STAFFING.get(depth, []):
            wanted.append((username_for(unit, suffix, depth), rank, roles, unit))
    existing = set(User.objects.filter(username__in=[w[0] for w in wanted]).values_list("username", flat=True))
    new_users = []
    for i, (username, rank, _roles, _unit) in enumerate(wanted):
        if username not in existing:
            first, last = names[i % len(names)]
            new_users.append(User(username=username, rank=rank, password=password, first_name=first, last_name=last,
                                  is_staff=username == "admin", is_superuser=username == "admin"))
    User.objects.bulk_create(new_users)
    users = User.objects.in_bulk([w[0] for w in wanted], field_name="username")
    have = set(Posting.objects.active().values_list("user__username", "unit_id", "role"))
    Posting.objects.bulk_create(
        Posting(user=users[username], unit=unit, role=role)
        for username, _rank, roles, unit in wanted
        for role in roles
        if (username, unit.pk, role) not in have
    )
    return users
