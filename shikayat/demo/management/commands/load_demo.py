from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from shikayat.complaints.models import Complaint
from shikayat.demo import (
    about,
    calls,
    firs,
    force,
    integrations,
    lost,
    patterns,
    permits,
    registers,
    sos,
    verifications,
)
from shikayat.demo.complaints import DemoComplaints
from shikayat.demo.data import people


class Command(BaseCommand):
    help = (
        "Load a realistic demo force: the unit tree (Punjab: province → region → district → circle → police "
        "station; or UP's Rampur: zone → range → district → circle → thana), categories with SOPs, officers in "
        "every role, and complaints walked through the real workflow to every status. Safe to re-run: reference "
        "data is updated in place; complaints are added only when asked or when there are none."
    )

    def add_arguments(self, parser):
        parser.add_argument("--profile", choices=sorted(force.PROFILES), default="punjab",
                            help="Which force to load (default: punjab).")
        parser.add_argument("--complaints", type=int, default=None,
                            help="How many complaints to add (default: 500 if the database has none, else 0).")
        parser.add_argument("--seed", type=int, default=7, help="Random seed, for repeatable data.")

    def handle(self, *args, profile: str, complaints: int | None, seed: int, **options):
        quiet = options["verbosity"] == 0
        units = force.load_units(profile)
        categories = force.load_categories()
        force.load_service_attributes(categories)
        first, last = ((people.PK_FIRST_NAMES, people.PK_LAST_NAMES) if profile == "punjab"
                       else (people.IN_FIRST_NAMES, people.IN_LAST_NAMES))
        names = [(given[0], family[0]) for given, family in zip(first, last * 3, strict=False)]
        users = force.load_officers(units, names)
        force.load_helplines(profile)
        force.load_information(profile)
        about.load_about(profile)
        force.load_services(units)
        permits.load(profile, units, names, seed=seed)
        verifications.load_verifications()
        self.stdout.write(f"{profile}: {len(units)} units, {len(categories)} categories, {len(users)} officers")
        keys = integrations.load(profile)
        self.stdout.write(f"FIR register: {firs.load(profile, units, seed=seed)} demo FIRs")
        if complaints is None:
            complaints = 0 if Complaint.objects.exists() else 500
        if complaints < 0:
            raise CommandError("--complaints must be zero or more")
        if complaints:
            with tqdm(total=complaints, desc="complaints", unit="c", disable=quiet) as bar, transaction.atomic():
                made = DemoComplaints(profile, users, seed=seed).create(complaints, progress=bar)
                # Complaints that make a pattern: similar ones across scripts and the complaint cell's hot spots.
                patterned = patterns.load(profile, timezone.now())
            self.stdout.write("by status: " + ", ".join(f"{k} {v}" for k, v in sorted(made.items())))
            self.stdout.write(f"{len(patterned)} more making a pattern (similar complaints, hot spots)")
        written = calls.load_week(now=timezone.now(), seed=seed, country="PK" if profile == "punjab" else "IN")
        if written:
            self.stdout.write(f"8787 calls: {written} over the last week")
        self.stdout.write(f"public searches: {registers.load(profile, seed=seed) or 'already loaded'}")
        self.stdout.write(f"lost-article reports: {lost.load(profile, timezone.now(), seed=seed)}")
        alerts = sos.load_week(now=timezone.now(), seed=seed, country="PK" if profile == "punjab" else "IN")
        if alerts:
            self.stdout.write(f"SOS alerts: {alerts} over the last week, all acknowledged")
        self.print_logins(profile, units)
        self.stdout.write("Open311 keys (issued anew by each load_demo; try /open311/v2/services.json):")
        for name, key in keys.items():
            self.stdout.write(f"  {name:<45} {key}")

    def print_logins(self, profile: str, units) -> None:
        root = next(u for u in units.values() if u.level.depth == 0)
        district = next(u for u in units.values() if u.level.depth == 2)
        circle = next(u for u in units.values() if u.level.depth == 3 and u.parent_id == district.pk)
        station = next(u for u in units.values() if u.level.depth == 4 and u.parent_id == circle.pk)
        region = district.parent
        rows = [
            ("admin", "Django admin (superuser)"),
            ("igp", f"IGP, supervises all of {root.name_en}"),
            ("cell", f"CPO complaint cell, {root.name_en}"),
            ("accountability", f"internal accountability branch, {root.name_en}"),
            ("agent1", "call-centre agent (helpline)"),
            (f"{region.code.lower()}.rpo", f"Regional Police Officer, {region.name_en}"),
            (f"{district.code.lower()}.dpo", f"District Police Officer, {district.name_en}"),
            (f"{district.code.lower()}.cell", f"district complaint cell, {district.name_en}"),
            (f"{district.code.lower()}.accountability", f"accountability branch, {district.name_en}"),
            (f"{district.code.lower()}.women_cell", f"women officers' cell, {district.name_en}"),
            (f"{district.code.lower()}.service", f"service centre staff, {district.name_en}"),
            (f"{circle.code.lower()}.sdpo", f"SDPO (circle officer), circle {circle.name_en}"),
            (f"{station.code.lower()}.sho", f"SHO (station head), police station {station.name_en}"),
            (f"{station.code.lower()}.si", f"sub-inspector, police station {station.name_en}"),
            (f"{station.code.lower()}.desk", f"front desk, police station {station.name_en}"),
        ]
        beat = next((u for u in units.values() if u.level.depth == 6), None)  # Rampur: outposts and beats
        if beat is not None:
            outpost = next(u for u in units.values() if u.pk == beat.parent_id)
            rows += [(f"{outpost.code.lower()}.chowki", f"outpost (chowki) in-charge, {outpost.name_en}"),
                     (f"{beat.code.lower()}.halka", f"beat (halka) in-charge, {beat.name_en}")]
        self.stdout.write(f"\nDemo sign-in (password for all: {force.DEMO_PASSWORD}):")
        for username, what in rows:
            self.stdout.write(f"  {username:<28} {what}")
