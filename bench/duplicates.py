"""Duplicate search at intake (shikayat.similar): what it adds to each registration at N complaints, and how well
it finds near-duplicates.

1. N complaints over two years (shikayat.demo.generate, no timelines) in a scratch database, and their
   fingerprints filled in bulk (each distinct text's skeleton computed once, then one INSERT … SELECT).
2. Fresh complaints registered through intake.register_complaint one by one, alternating with the similar
   listener registered and unregistered (so machine noise falls on both sides alike); the listener's own time is
   also measured on every call with it (the cost it adds inside the intake transaction).
3. A labelled set the benchmark generates (bench/duplicate_texts.py): ten matters told in Urdu, Hindi and Roman
   Urdu; each case an original at a station and, days later, a retelling (another script, spelling variants,
   Arabic letter forms, Hindi with or without nukta, a clause dropped, a greeting added) by the same person or
   another, plus hard negatives (another matter at the same station the same week, some by the same person).
   Precision and recall of the suggestions the listener stored for the retellings and the negatives."""

import random
import statistics
import time
from collections import Counter
from datetime import timedelta

from tqdm import tqdm

from .common import dataset_ready, percentile, recreate_database, report, scratch_database_url, setup_django
from .duplicate_texts import MATTERS, SCRIPTS, detail_for, retold, text_of

TARGET = {"added_p95_ms": 5.0}
PAIRS = [("ur", "ro"), ("ro", "ur"), ("ur", "hi"), ("hi", "ur"), ("hi", "hi"), ("ro", "ro"), ("ur", "ur"),
         ("hi", "ro")]


def _generate(db: str, url: str, n: int) -> float:
    from django.core.management import call_command
    from django.db import connection

    from shikayat.demo.generate import Generator

    call_command("migrate", verbosity=0)
    with tqdm(total=n, desc="complaints", unit="c") as bar:
        totals = Generator(n, seed=1, timeline=False, progress=bar.update).run()
    started = time.perf_counter()
    _fill_fingerprints()
    fill = time.perf_counter() - started
    print(f"generated {totals.complaints:,} complaints in {totals.seconds:.0f} s; fingerprints filled in {fill:.1f} s")
    with connection.cursor() as cursor:
        if db == "postgresql":
            cursor.execute("ANALYZE")
            cursor.execute("CREATE TABLE bench_meta (n integer)")
            cursor.execute("INSERT INTO bench_meta VALUES (%s)", [n])
    return totals.seconds


def _fill_fingerprints() -> None:
    """The listener's rows for complaints written straight to the tables: the skeleton of each distinct text
    (generated texts repeat), then one INSERT … SELECT joining them in."""
    from django.db import connection, transaction

    from shikayat.complaints.models import Complaint
    from shikayat.similar.models import Fingerprint
    from shikayat.similar.normalise import gram_hashes, skeleton

    texts = list(Complaint.objects.values_list("description", flat=True).distinct())
    field = Fingerprint._meta.get_field("grams")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE bench_skeleton (description text PRIMARY KEY, skeleton text, "
                       f"grams {field.db_type(connection)})")
        cursor.executemany("INSERT INTO bench_skeleton VALUES (%s, %s, %s)", [
            (t, s, field.get_db_prep_value(gram_hashes(s), connection)) for t in texts for s in [skeleton(t)]])
        cursor.execute(
            "INSERT INTO similar_fingerprint (complaint_id, skeleton, grams, mobile, id_number, station_id, cell, lat, "
            "lng, category_id, is_confidential, received_at, merged) SELECT c.id, s.skeleton, s.grams, "
            "c.complainant_mobile, '', coalesce(c.incident_unit_id, c.unit_id), '', NULL, NULL, c.category_id, "
            "c.is_confidential, c.received_at, c.status = 'merged' "
            "FROM complaints_complaint c JOIN bench_skeleton s ON s.description = c.description")
        cursor.execute("DROP TABLE bench_skeleton")


class _Listener:
    """The similar listener, timed: its own milliseconds per call."""

    def __init__(self):
        from shikayat.similar.listeners import registered

        self.call, self.times = registered, []

    def __call__(self, event):
        start = time.perf_counter()
        self.call(event)
        self.times.append((time.perf_counter() - start) * 1000)


def _payloads(rng: random.Random, count: int) -> list[dict]:
    """Fresh complaints like the generated ones: a demo text of a general category, a station, a mobile."""
    from shikayat.categories.models import Category
    from shikayat.demo.data.categories import SAMPLE_DESCRIPTIONS
    from shikayat.jurisdictions.models import Unit

    codes = [c.code for c in Category.objects.filter(is_active=True, code__in=list(SAMPLE_DESCRIPTIONS))
             if c.effective_sop() is not None and not c.effective_sop().confidential]
    stations = list(Unit.objects.filter(children__isnull=True, parent__isnull=False, is_active=True)
                    .values_list("code", "lat", "lng"))
    found = []
    for _ in range(count):
        code = rng.choice(codes)
        station, lat, lng = rng.choice(stations)
        language = rng.choice(["en", "ur"])
        texts = SAMPLE_DESCRIPTIONS[code].get(language) or SAMPLE_DESCRIPTIONS[code]["en"]
        data = {"category": code, "description": rng.choice(texts), "name": "Bench Citizen", "language": language,
                "mobile": f"0300{rng.randint(1000000, 9999999)}", "unit": station}
        if lat is not None and rng.random() < 0.5:
            data.update(lat=f"{float(lat) + rng.uniform(-0.01, 0.01):.6f}",
                        lng=f"{float(lng) + rng.uniform(-0.01, 0.01):.6f}")
        found.append(data)
    return found


def _time_intake(payloads: list[dict], timed: _Listener) -> tuple[list[float], list[float]]:
    """Register each payload, alternating with and without the similar listener: (with ms, without ms)."""
    from django.db import connection

    from shikayat.complaints import hooks
    from shikayat.complaints.intake import register_complaint
    from shikayat.complaints.permissions import SYSTEM
    from shikayat.similar.listeners import register

    with_ms, without_ms = [], []
    channels = ["web", "whatsapp", "call_centre", "front_desk", "sms"]
    for i, data in enumerate(tqdm(payloads, desc="intake", unit="c")):
        on = i % 2 == 0
        if on:
            hooks.register(timed, name="similar.registered", order=300, on="registered")
        else:
            hooks.unregister("similar.registered")
        start = time.perf_counter()
        register_complaint(actor=SYSTEM, channel=channels[i % len(channels)], data=data)
        (with_ms if on else without_ms).append((time.perf_counter() - start) * 1000)
    register()
    connection.close()
    return with_ms, without_ms


def _labelled(rng: random.Random, cases: int, timed: _Listener, n: int) -> dict:
    """Register the labelled set through register_complaint (listener on) and score the stored suggestions."""
    from shikayat.complaints import hooks
    from shikayat.complaints.intake import register_complaint
    from shikayat.complaints.permissions import SYSTEM
    from shikayat.core import clock
    from shikayat.jurisdictions.models import Unit
    from shikayat.similar.listeners import register
    from shikayat.similar.models import Suggestion

    hooks.register(timed, name="similar.registered", order=300, on="registered")
    stations = list(Unit.objects.filter(children__isnull=True, parent__isnull=False, is_active=True)
                    .values_list("code", flat=True))
    rng.shuffle(stations)
    now = clock.now()
    probes = []  # (complaint id, expected original id or None, kind)
    labelled_ids = set()

    def lodge(matter, text, station, mobile, at):
        complaint = register_complaint(actor=SYSTEM, channel=rng.choice(["web", "whatsapp", "call_centre"]), data={
            "category": MATTERS[matter][0], "description": text, "name": "Labelled Citizen", "mobile": mobile,
            "unit": station, "language": "ur"}, now=at)
        labelled_ids.add(complaint.pk)
        return complaint

    for case in tqdm(range(cases), desc="labelled", unit="case"):
        station = stations[case % len(stations)]
        matter, (first, second) = rng.randrange(len(MATTERS)), PAIRS[case % len(PAIRS)]
        detail, mobile = detail_for(rng), f"0321{rng.randint(1000000, 9999999)}"
        at = now - timedelta(days=rng.uniform(3, 10))
        original = lodge(matter, text_of(matter, first, detail), station, mobile, at)
        other = rng.choice([m for m in range(len(MATTERS)) if m != matter])
        negative_mobile = mobile if rng.random() < 0.2 else f"0322{rng.randint(1000000, 9999999)}"
        negative = lodge(other, retold(text_of(other, rng.choice(SCRIPTS), detail_for(rng)), second, rng), station,
                         negative_mobile, at + timedelta(hours=rng.uniform(1, 48)))
        probes.append((negative.pk, None, "negative" + (" same person" if negative_mobile == mobile else "")))
        same_person = rng.random() < 0.5
        again = lodge(matter, retold(text_of(matter, second, detail), second, rng), station,
                      mobile if same_person else f"0323{rng.randint(1000000, 9999999)}",
                      at + timedelta(hours=rng.uniform(49, 96)))
        probes.append((again.pk, original.pk, f"{first}→{second}" + (" same person" if same_person else "")))
    register()

    found = {}
    for complaint_id, other_id in Suggestion.objects.filter(complaint_id__in=[p[0] for p in probes]).values_list(
            "complaint_id", "other_id"):
        found.setdefault(complaint_id, set()).add(other_id)
    # Complaints above the generated ids that are not this run's: earlier runs' (a reused data set keeps them).
    earlier = lambda ids: {pk for pk in ids if pk > n and pk not in labelled_ids}  # noqa: E731
    tp = fp = fn = background = ignored = 0
    by_kind = Counter()
    for complaint_id, expected, kind in probes:
        others = found.get(complaint_id, set())
        if expected is not None:
            hit = expected in others
            tp, fn = tp + hit, fn + (not hit)
            by_kind[(kind.split(" ")[0], hit)] += 1
        ignored += len(earlier(others))
        wrong = others - {expected} - earlier(others)
        fp += len(wrong)
        background += len(wrong - labelled_ids)
        if expected is None and wrong & labelled_ids:
            by_kind[("negative flagged", True)] += 1
    kinds = sorted({k for k, _ in by_kind})
    return {"precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 1.0,
            "true_positives": tp, "false_positives": fp, "false_negatives": fn,
            "false_positives_from_the_data_set": background, "cases": cases,
            "suggestions_of_earlier_runs_ignored": ignored,
            "recall_by_pair": {k: round(by_kind[(k, True)] / max(1, by_kind[(k, True)] + by_kind[(k, False)]), 3)
                               for k in kinds if "→" in k},
            "negatives_flagged": by_kind[("negative flagged", True)]}


def run(args) -> int:
    n, db = args.n, args.db
    print(f"duplicates benchmark: n={n:,} db={db}")
    url = scratch_database_url(db, "duplicates")
    reuse = db == "postgresql" and dataset_ready(url, n)
    if not reuse:
        url = recreate_database(db, "duplicates")
    setup_django(url)
    if reuse:
        from django.core.management import call_command

        print("reusing the generated data set (bench_meta says n matches); fresh complaints of earlier runs stay")
        call_command("migrate", verbosity=0)  # a data set kept from an earlier commit gets the newer tables
    else:
        _generate(db, url, n)
    # A new seed each run: a reused data set keeps earlier runs' fresh complaints, which must not be repeats of these.
    seed = time.time_ns() % 1_000_000
    rng = random.Random(seed)
    timed = _Listener()
    fresh = _payloads(rng, args.intake)
    with_ms, without_ms = _time_intake(fresh, timed)
    intake_listener_ms = list(timed.times)
    quality = _labelled(rng, args.cases, timed, n)
    listener = sorted(timed.times)
    with_ms, without_ms = sorted(with_ms), sorted(without_ms)
    added_p95 = percentile(sorted(intake_listener_ms), 95)
    figures = {
        "added_p50_ms": round(percentile(sorted(intake_listener_ms), 50), 2),
        "added_p95_ms": round(added_p95, 2), "added_p99_ms": round(percentile(sorted(intake_listener_ms), 99), 2),
        "listener_p95_ms_incl_labelled": round(percentile(listener, 95), 2),
        "intake_with_p50_ms": round(percentile(with_ms, 50), 2),
        "intake_with_p95_ms": round(percentile(with_ms, 95), 2),
        "intake_without_p50_ms": round(percentile(without_ms, 50), 2),
        "intake_without_p95_ms": round(percentile(without_ms, 95), 2),
        "intake_p95_difference_ms": round(percentile(with_ms, 95) - percentile(without_ms, 95), 2),
        "intake_mean_difference_ms": round(statistics.mean(with_ms) - statistics.mean(without_ms), 2),
        "registrations_timed": len(fresh), "seed": seed,
        "precision": round(quality.pop("precision"), 3), "recall": round(quality.pop("recall"), 3), **quality,
    }
    print(f"added by the listener: p50 {figures['added_p50_ms']} ms, p95 {figures['added_p95_ms']} ms "
          f"(register_complaint p95 {figures['intake_with_p95_ms']} ms with, {figures['intake_without_p95_ms']} ms "
          f"without); precision {figures['precision']}, recall {figures['recall']} over {args.cases} cases "
          f"(recall by pair {figures['recall_by_pair']})")
    baseline = {"what": "register_complaint without the similar listener, alternating in the same run",
                "p95_ms": figures["intake_without_p95_ms"]}
    ratio = figures["intake_without_p95_ms"] / figures["intake_with_p95_ms"] if figures["intake_with_p95_ms"] else 0
    met = added_p95 <= TARGET["added_p95_ms"]
    report("duplicates", n, db, figures, baseline, ratio, TARGET, met, record=not args.no_record)
    return 0
