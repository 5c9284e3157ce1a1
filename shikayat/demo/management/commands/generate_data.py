from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from shikayat.demo import force
from shikayat.demo.generate import Generator, NotEmpty, analyze


class Command(BaseCommand):
    help = (
        "Fill an empty database with a large, realistic data set for benchmarks and demos: the force (units, "
        "categories, officers) if missing, then N complaints received over the last --years years (weekly and "
        "seasonal volume, growth, busy city districts, category and channel mixes, late contacts and reports, "
        "ratings, reopenings, transfers, rejections, withdrawals, duplicates, an open backlog), each with its "
        "timeline, the delay-ledger entries and escalations of its missed deadlines, and the dashboards' rollups. "
        "Refuses to run if the database already holds complaints. PostgreSQL is written with COPY; on SQLite keep "
        "N small."
    )

    def add_arguments(self, parser):
        parser.add_argument("--complaints", type=int, required=True, help="How many complaints to write.")
        parser.add_argument("--years", type=float, default=2, help="Spread over the last this many years "
                            "(default 2).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed, for repeatable data (default 1).")
        parser.add_argument("--profile", choices=sorted(force.PROFILES), default="punjab",
                            help="Which force (default: punjab).")
        parser.add_argument("--no-timeline", action="store_true",
                            help="Skip the timeline events (faster; `rebuild_rollups` then cannot recount).")

    def handle(self, *args, complaints: int, years: float, seed: int, profile: str, no_timeline: bool, **options):
        if complaints < 1 or years <= 0:
            raise CommandError("--complaints must be at least 1 and --years more than 0")
        with tqdm(total=complaints, desc="complaints", unit="c", disable=options["verbosity"] == 0) as bar:
            try:
                totals = Generator(complaints, years=years, seed=seed, profile=profile, timeline=not no_timeline,
                                   progress=bar.update).run()
            except NotEmpty as error:
                raise CommandError(str(error)) from error
        analyze()
        rate = totals.complaints / totals.seconds if totals.seconds else 0
        self.stdout.write(
            f"{totals.complaints:,} complaints, {totals.events:,} events, {totals.delays:,} delay entries, "
            "rollup rows: " + ", ".join(f"{n:,} {table}" for table, n in totals.rollup_rows.items()) + "; "
            f"{totals.seconds:.1f} s ({rate:,.0f} complaints/s)")
        self.stdout.write("by status: " + ", ".join(f"{k} {v:,}" for k, v in sorted(totals.statuses.items())))
