"""Service applications on the same clock as complaints: the dashboards count them per unit (by the applicant's
station) and per service centre, equal to direct counts over the same rows; the sweep charges each late one in
the services' delay ledger to whoever held it; the league tables show them in a table of their own, and the
complaints' figures and ledger stay as they were."""

import re
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from shikayat.accounts.models import Rank, Role
from shikayat.complaints.permissions import CitizenActor
from shikayat.dashboards import services as figures
from shikayat.dashboards.figures import AGEING
from shikayat.dashboards.figures import figures as complaint_figures
from shikayat.dashboards.models import BANDS
from shikayat.deadlines.models import DelayEntry
from shikayat.services import actions
from shikayat.services.models import OPEN_REQUEST, Service, ServiceCentre, ServiceDelay, ServiceRequest
from shikayat.services.sweep import service_breaches

from .factories import officer

NOW = timezone.make_aware(datetime(2026, 11, 30, 15, 0))
DAYS = 30


@pytest.fixture
def clock(force):
    """Two services (one verifies the address, one the centre decides alone), a centre in each district with
    its staff, and applications over six weeks: decided on time, decided late, still open, overdue."""
    u = force.units
    certificate = Service.objects.create(code="character-certificate", name_en="Character certificate",
                                         sla_hours=72, needs_record_check=True)
    tenant = Service.objects.create(code="tenant-registration", name_en="Tenant registration", sla_hours=24,
                                    issues_certificate=False, needs_address_verification=False,
                                    needs_record_check=False)
    centres = {d: ServiceCentre.objects.create(code=f"ctr-{d.lower()}", unit=u[f"d{d}"], name_en=f"Centre {d}")
               for d in ("A", "B")}
    staff = {d: officer(f"svc_{d}", Rank.ASI, [(u[f"d{d}"], Role.SERVICE_CENTRE)]) for d in ("A", "B")}
    verifier = {"SA1": force.officers["sho_A"], "SA2": force.officers["sdpo_A"], "SB1": force.officers["sho_B"],
                "SB2": force.officers["sdpo_B"]}
    plan = [  # station, centre, service, days before NOW received, hours to decision (None: still open)
        ("SA1", "A", certificate, 2, None), ("SA1", "A", certificate, 5, 30), ("SA1", None, certificate, 12, 200),
        ("SA1", "A", tenant, 1, 3), ("SA1", "A", tenant, 9, None), ("SA2", "A", certificate, 20, None),
        ("SA2", "A", tenant, 25, 60), ("SA2", None, certificate, 40, 90), ("SA2", "A", certificate, 45, None),
        ("SB1", "B", certificate, 3, 10), ("SB1", "B", tenant, 17, None), ("SB2", "B", certificate, 29, 500),
        ("SB2", None, tenant, 0, None), ("SA1", "B", tenant, 8, 100),
    ]
    steps = []
    for n, (station, centre, service, days_ago, decide_after) in enumerate(plan):
        received = NOW - timedelta(days=days_ago, hours=n)
        district = centre or station[1]
        data = {"name": f"Applicant {n}", "id_number": f"35202-00000{n:02d}-1", "mobile": f"030012345{n:02d}",
                "address": "House 1", "station": station, "centre": f"ctr-{centre.lower()}" if centre else ""}
        counter = n % 2 == 0 and centre is not None
        request = actions.apply(actor=staff[district] if counter else CitizenActor(mobile=data["mobile"]),
                                channel="counter" if counter else "web", service_code=service.code, data=data,
                                now=received)
        if decide_after is not None:
            steps.append((received + timedelta(hours=decide_after), request, verifier[station], staff[district]))
        elif service is certificate and days_ago >= 20:  # the station reported; the centre has not decided
            steps.append((received + timedelta(hours=1), request, verifier[station], None))
    for at, request, station_officer, desk in sorted(steps, key=lambda s: s[0]):
        service_breaches(at)  # the sweep runs all along; the decision comes after it
        _decide(request, station_officer, desk, at)
    service_breaches(NOW)
    return {"staff": staff, "centres": centres, "certificate": certificate, "tenant": tenant}


def _decide(request: ServiceRequest, station_officer, desk, at: datetime) -> None:
    if request.service.needs_address_verification:
        request = actions.verify_address(request, actor=station_officer, confirmed=True, note="", now=at)
    if desk is None:
        return
    if request.service.needs_record_check:
        request = actions.check_record(request, actor=desk, clear=True, note="", now=at)
    actions.approve(request, actor=desk, now=at)


def _window(now: datetime = NOW, days: int = DAYS):
    """The period's first instant (the start of its first local day) and an instant after it."""
    since = timezone.localdate(now) - timedelta(days=days - 1)
    return timezone.make_aware(datetime.combine(since, datetime.min.time())), now + timedelta(days=1)


def _direct(rows, days: int = DAYS) -> dict:
    """The figures counted the plain way: the rows read, each looked at in Python."""
    start, end = _window(days=days)
    rows = list(rows)
    decided = [r for r in rows if r.decided_at and start <= r.decided_at < end]
    today = timezone.localdate(NOW)
    ages = [(today - timezone.localdate(r.received_at)).days for r in rows if r.status in OPEN_REQUEST]
    return {
        "received": sum(start <= r.received_at < end for r in rows),
        "decided": len(decided),
        "on_time": sum(r.decided_at <= r.due_at for r in decided),
        "pending": len(ages),
        "overdue": sum(r.status in OPEN_REQUEST and r.due_at < NOW for r in rows),
        "ageing": [sum(low <= a and (high is None or a <= high) for a in ages) for low, high in AGEING],
        "hours": round(sum((r.decided_at - r.received_at).total_seconds() for r in decided) / 3600 / len(decided), 1)
        if decided else None,
        "median": _band_of_lower_median([(r.decided_at - r.received_at).total_seconds() / 3600 for r in decided]),
    }


def _band_of_lower_median(hours: list[float]):
    """(from, below) of the time band (the dashboards' BANDS) holding the lower median of `hours`."""
    if not hours:
        return None
    median = sorted(hours)[(len(hours) + 1) // 2 - 1]
    index = sum(bound <= median for bound in BANDS)
    return (BANDS[index - 1] if index else 0), (BANDS[index] if index < len(BANDS) else None)


def _shown(row: figures.ServiceFigures) -> dict:
    return {"received": row.received, "decided": row.decided, "on_time": row.on_time, "pending": row.pending,
            "overdue": row.overdue, "ageing": [n for _label, n, _from, _to in row.ageing],
            "hours": row.hours_to_decide, "median": row.median_decide}


@pytest.mark.parametrize("days", [7, DAYS, 90])
def test_every_units_service_figures_equal_a_direct_count(force, clock, days):
    u = force.units
    for unit in (u["pb"], u["r1"], u["dA"], u["dB"], u["cA"], u["sA1"], u["sA2"], u["sB1"], u["sB2"]):
        row = figures.of_unit(unit, now=NOW, days=days)
        assert _shown(row) == _direct(ServiceRequest.objects.filter(station_path__startswith=unit.path),
                                      days), unit.code
        start, end = _window(days=days)
        assert row.late == ServiceDelay.objects.filter(unit_path__startswith=unit.path, detected_at__gte=start,
                                                       detected_at__lt=end).count(), unit.code
    province = figures.of_unit(u["pb"], now=NOW, days=days)
    # The data holds every kind of figure, so an equality above is not one of zeros.
    assert province.received and province.decided > province.on_time > 0
    assert province.overdue and province.late and all(n for _l, n, _f, _t in province.ageing)


def test_children_and_centres_add_up_and_equal_a_direct_count(force, clock):
    u = force.units
    kids = figures.children(u["cA"], now=NOW, days=DAYS)
    assert [k.unit.code for k in kids] == ["SA1", "SA2"]
    for kid in kids:
        assert _shown(kid) == _direct(ServiceRequest.objects.filter(station=kid.unit))
    circle = figures.of_unit(u["cA"], now=NOW, days=DAYS)
    for name in ("received", "decided", "on_time", "pending", "overdue"):
        assert sum(getattr(k, name) for k in kids) == getattr(circle, name)
    rows = figures.of_centres(figures.centres_in(u["pb"]), now=NOW, days=DAYS)
    assert [r.centre.code for r in rows] == ["ctr-a", "ctr-b"]
    for row in rows:
        assert _shown(row) == _direct(ServiceRequest.objects.filter(centre=row.centre))
        assert row.late == ServiceDelay.objects.filter(centre=row.centre, detected_at__gte=_window()[0]).count()
    # An application of a district-A station made at district B's centre counts at B's centre, and at SA1.
    assert ServiceRequest.objects.filter(station__code="SA1", centre__code="ctr-b").count() == 1


def test_a_late_application_is_charged_to_whoever_held_it(force, clock):
    staff = clock["staff"]
    late = {r.request.applicant_name: r for r in ServiceDelay.objects.select_related("request", "officer", "unit")}
    charged = {name: (r.stage, r.unit.code, r.officer.username if r.officer else None) for name, r in late.items()}
    # Awaiting the station's address report: the station, and its head (SHO) where it has one (SA2 has none).
    assert charged["Applicant 2"] == ("address", "SA1", "sho_A")
    assert charged["Applicant 7"] == ("address", "SA2", None)
    # Awaiting the centre: its district, and the staff member who took it at the counter — even after the
    # station reported on the address (applicant 8) —, or nobody when it came on the web (5; 13 at B's centre).
    assert charged["Applicant 4"] == ("decision", "DA", "svc_A")
    assert charged["Applicant 8"] == ("decision", "DA", "svc_A")
    assert charged["Applicant 5"] == ("decision", "DA", None)
    assert charged["Applicant 13"] == ("decision", "DB", None)
    assert late["Applicant 13"].centre == clock["centres"]["B"]
    # Hours late run until the decision, and still run for an undecided one.
    decided = late["Applicant 2"]
    assert decided.completed_at == decided.request.decided_at and decided.detected_at == decided.request.breached_at
    assert decided.hours_late(NOW) == pytest.approx((decided.completed_at - decided.due_at).total_seconds() / 3600)
    assert late["Applicant 4"].completed_at is None
    assert late["Applicant 4"].hours_late(NOW) == pytest.approx((NOW - late["Applicant 4"].due_at).total_seconds()
                                                                / 3600)
    # Exactly the applications found late have a row; those decided in time have none.
    assert set(late) == set(ServiceRequest.objects.filter(breached_at__isnull=False)
                            .values_list("applicant_name", flat=True))
    assert {"Applicant 1", "Applicant 3", "Applicant 9"}.isdisjoint(late)
    assert staff["A"].service_delays.count() == 3
    # The complaints' ledger is the complaints' alone.
    assert DelayEntry.objects.count() == 0


def test_a_second_sweep_charges_nobody_twice(force, clock):
    before = ServiceDelay.objects.count()
    open_late = ServiceRequest.objects.filter(status__in=OPEN_REQUEST, due_at__lte=NOW + timedelta(days=3),
                                              breached_at__isnull=True).count()
    assert service_breaches(NOW + timedelta(days=3)) == open_late
    assert service_breaches(NOW + timedelta(days=3)) == 0
    assert ServiceDelay.objects.count() == before + open_late


def test_the_league_shows_services_apart_from_complaints(force, clock):
    u = force.units
    stations = figures.ranked(figures.of_units([u["sA1"], u["sA2"], u["sB1"], u["sB2"]], u["pb"], now=NOW,
                                               days=DAYS), minimum=1)
    ranked = [r for r in stations if r.rank]
    assert [r.rank for r in ranked] == list(range(1, len(ranked) + 1))
    assert all(a.on_time_rate >= b.on_time_rate for a, b in zip(ranked, ranked[1:], strict=False))
    assert {r.unit.code for r in stations if r.rank is None} == {r.unit.code for r in stations if not r.decided}
    people = {r.officer.username: r for r in figures.officers(u["pb"], now=NOW, days=DAYS)}
    start, end = _window()
    for name, row in people.items():
        assert row.late == ServiceDelay.objects.filter(officer__username=name, detected_at__gte=start).count()
    assert people["svc_A"].decided == ServiceRequest.objects.filter(
        events__actor__username="svc_A", events__action="approve", decided_at__gte=start).count()
    assert people["sho_A"].late >= 1
    # The complaints' figures hold no application.
    assert complaint_figures(u["pb"], now=NOW, days=DAYS).totals["received"] == 0


def _cells(html: str, marker: str) -> list[str]:
    """The cells of the table row marked `data-row="marker"`, as text."""
    row = re.search(rf'<tr data-row="{re.escape(marker)}"[^>]*>(.*?)</tr>', html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_the_dashboard_and_league_pages_show_the_services(force, clock):
    client = Client()
    client.force_login(force.officers["dpo_A"])
    now = timezone.now()
    district = figures.of_unit(force.units["dA"], now=now, days=DAYS)
    page = client.get("/officer/dashboard/", {"unit": "DA"})
    html = page.content.decode()
    assert page.status_code == 200 and "Service applications" in html
    for name in ("received", "decided", "pending", "overdue"):
        assert f'data-service="{name}">{district.counts[name]}<' in html, name
    assert re.search(rf'data-service="late"><a [^>]+>{district.late}<', html)
    circle = figures.of_unit(force.units["cA"], now=now, days=DAYS)
    assert _cells(html, "CA")[1:6] == [str(circle.received), str(circle.decided), f"{circle.on_time_rate}%"
                                       if circle.on_time_rate is not None else "—", str(circle.pending),
                                       str(circle.overdue)]
    centre = figures.of_centres([clock["centres"]["A"]], now=now, days=DAYS)[0]
    assert _cells(html, "ctr-a")[1] == str(centre.received) and _cells(html, "ctr-a")[-1] == str(centre.late)
    assert 'data-row="ctr-b"' not in html  # district B's centre is not district A's
    # The league: the district's stations and its staff, in a table of their own.
    league = client.get("/officer/dashboard/league/", {"unit": "DA", "kind": "units"}).content.decode()
    services = league[league.index('id="league-services"'):]
    for station in ("SA1", "SA2"):
        row = figures.of_unit(force.units[station.replace("S", "s", 1)], now=now, days=DAYS)
        assert _cells(services, station)[3:6] == [str(row.decided), str(row.late), str(row.received)]
    staff = client.get("/officer/dashboard/league/", {"unit": "DA", "kind": "officers"}).content.decode()
    services = staff[staff.index('id="league-services"'):]
    assert _cells(services, "svc_A")[4] == str(ServiceDelay.objects.filter(
        officer=clock["staff"]["A"], detected_at__gte=_window(now)[0]).count())
    assert 'data-row="svc_B"' not in services


def test_the_charged_late_numbers_open_the_services_ledger(force, clock):
    client = Client()
    client.force_login(force.officers["dpo_A"])
    now = timezone.now()
    html = client.get("/officer/dashboard/", {"unit": "DA", "days": 90}).content.decode()
    district = figures.of_unit(force.units["dA"], now=now, days=90)
    link = re.search(r'data-service="late"><a href="([^"]+)">(\d+)<', html)
    assert int(link.group(2)) == district.late > 0
    page = client.get(link.group(1).replace("&amp;", "&"))
    assert page.status_code == 200
    assert page.content.decode().count("<tr data-row=") == district.late
    # One station: its entries only, each with who was charged.
    station = client.get("/officer/services/late/", {"within": force.units["sA1"].pk, "days": 90}).content.decode()
    charged = ServiceDelay.objects.get(request__applicant_name="Applicant 2")
    assert _cells(station, charged.request.etag)[6] == str(force.officers["sho_A"])
    assert station.count("<tr data-row=") == ServiceDelay.objects.filter(unit=force.units["sA1"]).count()
    # Another district's supervisor sees none of district A's; an officer without oversight is refused.
    other = Client()
    other.force_login(force.officers["dpo_B"])
    assert charged.request.etag not in other.get("/officer/services/late/", {"days": 90}).content.decode()
    other.force_login(force.officers["asi_A"])
    assert other.get("/officer/services/late/").status_code == 403
    # A bad parameter is explained (400), the list shown with the default period.
    bad = client.get("/officer/services/late/", {"days": "abc"})
    assert bad.status_code == 400 and "The period can be 7, 30, 90, 365 days." in bad.content.decode()
