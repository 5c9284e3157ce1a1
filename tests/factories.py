"""Builders for a small but complete force: two districts, officers in every
role, categories with SOPs. Tests read as given / when / then on top of these."""

from dataclasses import dataclass, field

from shikayat.accounts.models import Posting, Rank, Role, User
from shikayat.categories.models import SOP, Category, EscalationStep, Handling
from shikayat.jurisdictions.models import Unit, UnitLevel

LEVELS = ["province", "region", "district", "circle", "station"]


def build_levels(scheme: str = "test") -> dict[str, UnitLevel]:
    return {
        code: UnitLevel.objects.get_or_create(scheme=scheme, code=code, defaults={"depth": depth, "name_en": code})[0]
        for depth, code in enumerate(LEVELS)
    }


def unit(code: str, level: UnitLevel, parent: Unit | None = None, **extra) -> Unit:
    return Unit.objects.create(code=code, level=level, parent=parent, name_en=code.title(),
                               name_ur=f"{code} ur", name_hi=f"{code} hi", **extra)


def officer(username: str, rank: Rank, postings: list[tuple[Unit, str]]) -> User:
    user = User.objects.create_user(username=username, password="pass-word-123", rank=rank,
                                    first_name=username.title())
    for posted_unit, role in postings:
        Posting.objects.create(user=user, unit=posted_unit, role=role)
    return user


def category(code: str, *, contact_hours=8, report_hours=72, min_rank=Rank.SI, anonymous=False,
             confidential=False, parent: Category | None = None, **sop_fields) -> Category:
    row = Category.objects.create(code=code, name_en=code.title(), name_ur=code, name_hi=code, parent=parent)
    sop = SOP.objects.create(category=row, contact_hours=contact_hours, report_hours=report_hours,
                             min_rank=min_rank, allow_anonymous=anonymous, confidential=confidential, **sop_fields)
    EscalationStep.objects.create(sop=sop, step=1, rank=Rank.SDPO, hours_after_breach=24)
    return row


@dataclass
class Force:
    units: dict[str, Unit] = field(default_factory=dict)
    officers: dict[str, User] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)


def build_force() -> Force:
    """PB → R1 → districts A and B → one circle each → two stations each."""
    levels = build_levels()
    force = Force()
    u = force.units
    u["pb"] = unit("PB", levels["province"], lat=31.5, lng=74.3)
    u["r1"] = unit("R1", levels["region"], u["pb"])
    for d in ("A", "B"):
        u[f"d{d}"] = unit(f"D{d}", levels["district"], u["r1"])
        u[f"c{d}"] = unit(f"C{d}", levels["circle"], u[f"d{d}"])
        for n, (lat, lng) in enumerate([(31.50, 74.30), (31.60, 74.40)] if d == "A" else [(30.2, 71.4), (30.3, 71.5)]):
            u[f"s{d}{n + 1}"] = unit(f"S{d}{n + 1}", levels["station"], u[f"c{d}"], lat=lat, lng=lng)

    o = force.officers
    o["cpo_cell"] = officer("cpo_cell", Rank.INSPECTOR, [(u["pb"], Role.COMPLAINT_CELL)])
    o["igp"] = officer("igp", Rank.IGP, [(u["pb"], Role.SUPERVISOR)])
    for d in ("A", "B"):
        o[f"cell_{d}"] = officer(f"cell_{d}", Rank.SI, [(u[f"d{d}"], Role.COMPLAINT_CELL)])
        o[f"dpo_{d}"] = officer(f"dpo_{d}", Rank.DPO, [(u[f"d{d}"], Role.SUPERVISOR)])
        o[f"sdpo_{d}"] = officer(f"sdpo_{d}", Rank.SDPO, [(u[f"c{d}"], Role.SUPERVISOR),
                                                          (u[f"c{d}"], Role.ENQUIRY_OFFICER)])
        o[f"sho_{d}"] = officer(f"sho_{d}", Rank.INSPECTOR, [(u[f"s{d}1"], Role.STATION_HEAD),
                                                          (u[f"s{d}1"], Role.ENQUIRY_OFFICER)])
        o[f"asi_{d}"] = officer(f"asi_{d}", Rank.ASI, [(u[f"s{d}1"], Role.ENQUIRY_OFFICER)])
        o[f"desk_{d}"] = officer(f"desk_{d}", Rank.HEAD_CONSTABLE, [(u[f"s{d}1"], Role.FRONT_DESK)])
        o[f"acc_{d}"] = officer(f"acc_{d}", Rank.SDPO, [(u[f"d{d}"], Role.ACCOUNTABILITY)])
    o["agent"] = officer("agent", Rank.CONSTABLE, [(u["pb"], Role.CALL_CENTRE)])
    o["portal"] = officer("portal", None, [(u["pb"], Role.INTEGRATION)])

    c = force.categories
    c["crime"] = Category.objects.create(code="CRIME", name_en="Crime", name_ur="جرم", name_hi="अपराध")
    c["theft"] = category("THEFT", parent=c["crime"])
    c["harassment"] = category("HARASSMENT", contact_hours=4, report_hours=24, min_rank=Rank.SDPO, anonymous=True,
                               confidential=True, handling=Handling.GENDER, desk_role=Role.WOMEN_CELL,
                               allow_sealed_identity=True)
    # Against police: to the accountability branch, never the accused's station or the circle above it.
    c["police"] = category("AGAINST-POLICE", min_rank=Rank.SDPO, confidential=True, report_hours=336,
                           handling=Handling.AGAINST_POLICE, desk_role=Role.ACCOUNTABILITY, accused_chain_levels=1)
    return force


def complaint_data(**overrides) -> dict:
    data = {
        "category": "THEFT",
        "description": "My motorcycle was stolen from outside the mosque after Friday prayers.",
        "name": "Ali Raza",
        "mobile": "03001234567",
        "unit": "SA1",
        "language": "en",
    }
    data.update(overrides)
    return data
