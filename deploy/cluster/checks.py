"""The Django side of deploy/test-cluster, run inside a namespace against the primary (never through the pool,
so that nothing the checks read is stale):

    python deploy/cluster/checks.py setup OUT.json         API tokens for the front desk, the SHO and the SI of one
                                                           station, a category for the lodging load
    python deploy/cluster/checks.py drained                exit 0 once the outbox has nothing due and unsent
    python deploy/cluster/checks.py verify LOAD.json SINK.jsonl OUT.json
                                                           every assertion of the test; writes the figures

The web hosts' addresses for the cross-host downloads come from CLUSTER_WEB_URLS (name=url,name=url)."""

import hashlib
import json
import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.utils import timezone  # noqa: E402

SINK_CHANNELS = ("sms", "whatsapp", "email")  # the people's channels the cluster points at the sink


def rollups_differing() -> dict[str, list]:
    """Each dashboard table whose rows differ from a direct recount (dashboards/recount.py), with a few keys."""
    from django.db import transaction

    from shikayat.dashboards import rollup
    from shikayat.dashboards.models import PendingChange
    from shikayat.dashboards.recount import recount

    with transaction.atomic():
        # The workers keep sweeping: a breach charged between the fold and the recount would be in the recount
        # (its ledger row) and not yet in the tables. Every change that reaches the dashboards writes a pending
        # row in its own transaction, so this lock (as rollup.rebuild takes it) makes fold + recount one moment.
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {PendingChange._meta.db_table} IN EXCLUSIVE MODE")
        rollup.fold()
        return _differing(recount())


def _differing(recounted) -> dict[str, list]:
    differing = {}
    for model, (keys, rows) in recounted.tables().items():
        counters = [f.name for f in model._meta.concrete_fields if f.name not in (*keys, "id")]
        columns = [model._meta.get_field(k).attname for k in keys]
        got = {tuple(r[c] for c in columns): Counter({c: r[c] for c in counters})
               for r in model.objects.values(*columns, *counters)}
        got = {k: +v for k, v in got.items() if +v}
        want = {k: +v for k, v in rows.items() if +v}
        if got != want:
            keys_differing = [k for k in set(got) | set(want) if got.get(k) != want.get(k)]
            differing[model.__name__] = [
                f"{k}: tables-recount {dict(got.get(k, Counter()) - want.get(k, Counter()))}, "
                f"recount-tables {dict(want.get(k, Counter()) - got.get(k, Counter()))}" for k in keys_differing[:3]]
    return differing


def setup(out: str) -> None:
    from rest_framework.authtoken.models import Token

    from shikayat.accounts.models import User
    from shikayat.categories.models import Category

    station = "lhr-mdt-mdt"
    users = {role: User.objects.get(username=f"{station}.{role}") for role in ("desk", "sho", "si")}
    tokens = {role: Token.objects.get_or_create(user=user)[0].key for role, user in users.items()}
    category = next(c for c in Category.objects.filter(is_active=True, children__isnull=True).order_by("code")
                    if (sop := c.effective_sop()) and sop.handling == "general" and not sop.confidential)
    from shikayat.dashboards import rollup
    from shikayat.deadlines.sweep import run_sweep
    from shikayat.demo.force import DEMO_PASSWORD

    # The run must keep the dashboards equal to a recount; they must start so. The demo's data are brought up to
    # now first (its breaches, escalations and lapses, which a sweep would otherwise find during the run), and may
    # already differ from a recount on a single process (seen, also on SQLite: a complaint against police
    # rerouted then withdrawn — its disposal counted in another unit; an escalation that moves the complaint,
    # counted in the unit after it by the rollup and before it by the recount): reported here, then rebuilt.
    run_sweep()
    differing = rollups_differing()
    if differing:
        print(f"WARNING: the demo's dashboards differ from a recount before the run: {differing}; rebuilt")
        rollup.rebuild()
    Path(out + ".rollups").write_text(json.dumps(differing))

    Path(out).write_text(json.dumps({
        "station": station.upper(), "category": category.code, "tokens": tokens, "si_username": users["si"].username,
        "sho_username": users["sho"].username, "password": DEMO_PASSWORD,
        "whatsapp_secret": os.environ["SHIKAYAT_WHATSAPP_APP_SECRET"]}))
    print(f"set-up: station {station.upper()}, category {category.code}, tokens for desk, sho, si")


def due_unsent():
    from shikayat.notifications.models import OutboxMessage as M

    return M.objects.filter(Q(state=M.State.PENDING, next_attempt_at__lte=timezone.now())
                            | Q(state=M.State.PENDING, leased_until__isnull=False))


def unprocessed_whatsapp():
    from shikayat.whatsapp.models import InboundWhatsAppMessage as W

    return W.objects.filter(state=W.State.PENDING)


def drained() -> int:
    left, waiting = due_unsent().count(), unprocessed_whatsapp().count()
    print(f"outbox: {left} message(s) due and not yet sent; WhatsApp: {waiting} message(s) not yet handled")
    return 0 if left == 0 and waiting == 0 else 1


def verify(load_file: str, sink_file: str, out: str) -> int:
    import httpx
    from load import attachment_bytes

    from shikayat.complaints import etag as etags
    from shikayat.complaints.models import Attachment, Complaint
    from shikayat.deadlines.models import DelayEntry
    from shikayat.deadlines.sweep import run_sweep
    from shikayat.notifications.models import OutboxMessage as M
    from shikayat.whatsapp.models import InboundWhatsAppMessage

    load = json.loads(Path(load_file).read_text())
    failures, figures = [], {}

    def check(ok: bool, what: str) -> None:
        print(("  ok    " if ok else "  FAIL  ") + what, flush=True)
        if not ok:
            failures.append(what)

    # 1. Every acknowledged E-tag exists exactly once.
    acked = [a["etag"] for a in load["acked"]]
    numbers = {text: etags.normalise(text) for text in acked}
    stored = Counter()
    for chunk in range(0, len(acked), 500):
        part = acked[chunk:chunk + 500]
        rows = Complaint.objects.filter(etag__in=[numbers[t] for t in part]).values_list("etag", flat=True)
        stored.update(rows)
    lost = sum(1 for t in acked if stored[numbers[t]] == 0)
    duplicates = sum(1 for t in set(acked) if stored[numbers[t]] > 1) + (len(acked) - len(set(acked)))
    check(lost == 0, f"{len(acked)} acknowledged E-tags: {lost} missing from the database")
    check(duplicates == 0, f"acknowledged E-tags stored more than once: {duplicates}")

    # WhatsApp: every delivery answered 200 is stored, its message once.
    wa = load["whatsapp"]
    found = Counter()
    for chunk in range(0, len(wa), 500):
        found.update(InboundWhatsAppMessage.objects.filter(message_id__in=wa[chunk:chunk + 500])
                     .values_list("message_id", flat=True))
    wa_lost = sum(1 for m in wa if found[m] == 0)
    wa_dup = sum(1 for m in wa if found[m] > 1)
    check(wa_lost == 0 and wa_dup == 0,
          f"{len(wa)} acknowledged WhatsApp messages: {wa_lost} missing, {wa_dup} stored twice")
    lost += wa_lost
    duplicates += wa_dup
    handled = Counter(InboundWhatsAppMessage.objects.filter(message_id__in=wa).values_list("state", flat=True))
    failed_without_reason = (InboundWhatsAppMessage.objects.filter(message_id__in=wa, state="failed", error="")
                             .count())
    check(handled.get("pending", 0) == 0 and failed_without_reason == 0,
          f"WhatsApp messages handled by the workers: {dict(handled)} (pending left: {handled.get('pending', 0)}, "
          f"failed without a reason: {failed_without_reason})")
    figures["whatsapp_handled"] = dict(handled)

    # Officers' actions: each one acknowledged is on the timeline exactly once.
    from shikayat.complaints.models import ComplaintEvent

    acts = load.get("actions", [])
    events = Counter(ComplaintEvent.objects.filter(
        complaint__etag__in={etags.normalise(a["etag"]) for a in acts}, action__in={a["action"] for a in acts})
        .values_list("complaint__etag", "action"))
    acts_lost = sum(1 for a in acts if events[(etags.normalise(a["etag"]), a["action"])] == 0)
    acts_doubled = sum(1 for a in acts if events[(etags.normalise(a["etag"]), a["action"])] > 1)
    check(acts_lost == 0 and acts_doubled == 0, f"{len(acts)} acknowledged officer actions (assign, log_contact): "
                                                f"{acts_lost} missing from the timeline, {acts_doubled} twice")
    lost += acts_lost
    duplicates += acts_doubled

    # 2. Every attachment uploaded through one web host downloads byte for byte through the other.
    web = dict(item.split("=", 1) for item in os.environ["CLUSTER_WEB_URLS"].split(","))
    setup = json.loads(Path(os.environ["CLUSTER_SETUP"]).read_text())
    headers = {"Authorization": f"Token {setup['tokens']['sho']}"}
    bad, crossed, skipped, answers = [], 0, 0, Counter()
    with httpx.Client(timeout=30) as client:
        for item in load["attachments"]:
            others = [url for name, url in web.items() if name != item["host"]]
            if not item["host"] or not others:
                skipped += 1
                continue
            url = f"{others[0]}/api/v1/complaints/{item['etag']}/attachments/{item['id']}/"
            try:
                response = client.get(url, headers=headers)
                body = response.content if response.status_code == 200 else None
                answers[str(response.status_code)] += 1
            except httpx.HTTPError as error:
                body = None
                answers[type(error).__name__] += 1
            expected = attachment_bytes(item["seed"])
            if body != expected or hashlib.sha256(expected).hexdigest() != item["sha256"]:
                bad.append(item["id"])
            else:
                crossed += 1
    check(not bad and crossed > 0,
          f"{crossed} attachments downloaded through the other web host byte for byte; {len(bad)} differ or fail"
          + (f" (first ids: {bad[:5]}; answers: {dict(answers)})" if bad else "")
          + (f"; {skipped} without a host" if skipped else ""))
    stored_attachments = Attachment.objects.filter(pk__in=[a["id"] for a in load["attachments"]]).count()
    check(stored_attachments == len(load["attachments"]),
          f"{len(load['attachments'])} acknowledged attachments, {stored_attachments} stored")
    lost += len(load["attachments"]) - stored_attachments

    # 3. Outbox: every message sent exactly once, or dead / uncertain with a reason.
    sink_lines = [json.loads(line) for line in Path(sink_file).read_text().splitlines() if line.strip()]
    received = Counter(line["key"] for line in sink_lines)
    states = Counter(M.objects.values_list("state", flat=True))
    sent_keys, not_sent_to_sink, unexplained = [], 0, 0
    for message in M.objects.filter(channel__in=SINK_CHANNELS).iterator():
        if message.state == M.State.SENT:
            sent_keys.append(message.idempotency_key)
            if received[message.idempotency_key] == 0:
                not_sent_to_sink += 1
        elif message.state in (M.State.DEAD, M.State.UNCERTAIN) and not message.last_error:
            unexplained += 1
    sent_set = set(sent_keys)
    stray = sum(1 for key in received if key not in sent_set)
    repeats = sum(count - 1 for count in received.values() if count > 1)
    due_left = due_unsent().count()
    check(not_sent_to_sink == 0, f"{len(sent_keys)} outbox messages marked sent; {not_sent_to_sink} never reached "
                                 "the gateway")
    check(stray <= states.get(M.State.UNCERTAIN, 0) + states.get(M.State.DEAD, 0) + states.get(M.State.PENDING, 0),
          f"gateway requests for no sent message: {stray} (allowed: messages dead, uncertain or retrying)")
    check(unexplained == 0, f"dead or uncertain messages without a reason: {unexplained}")
    check(due_left == 0, f"outbox messages due and unsent after the drain: {due_left}")
    figures["outbox"] = {**{k: v for k, v in sorted(states.items())}, "gateway_requests": len(sink_lines),
                         "gateway_distinct": len(received), "resent_same_key": repeats}

    # 4. The sweep charged each breach once: a sweep now, then a second that must charge nothing.
    first = run_sweep()
    second = run_sweep()
    charged_again = sum(second[k] for k in ("contact_breaches", "report_breaches", "investigation_breaches",
                                            "enquiry_breaches", "callback_breaches"))
    check(charged_again == 0, f"a second sweep at once charged {charged_again} breach(es) again")
    doubled = (DelayEntry.objects.values("complaint_id", "stage", "cycle_started_at")
               .annotate(n=Count("id")).filter(n__gt=1).count())
    check(doubled == 0, f"ledger rows charged twice for one breach: {doubled}")
    breaches = {}
    for stage, column in (("contact", "contact_breached_at"), ("report", "report_breached_at")):
        marked = Complaint.objects.filter(**{f"{column}__isnull": False})
        expected = marked.count()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM {Complaint._meta.db_table} c JOIN {DelayEntry._meta.db_table} d "
                f"ON d.complaint_id = c.id AND d.stage = %s AND d.cycle_started_at = c.cycle_started_at "
                f"WHERE c.{column} IS NOT NULL", [stage])
            charged = cursor.fetchone()[0]
        breaches[stage] = {"expected": expected, "charged": charged}
        check(charged == expected, f"{stage} breaches marked on complaints: {expected}; ledger rows: {charged}")
    figures["sweep"] = {"first": {k: v for k, v in first.items() if v}, "breaches": breaches,
                        "ledger_rows": DelayEntry.objects.count()}

    # 5. Dashboards equal a direct recount.
    differing = rollups_differing()
    check(not differing, "dashboards equal a direct recount" + (f" (differ: {differing})" if differing else ""))
    figures["rollups_rebuilt_before_run"] = sorted(json.loads(Path(os.environ["CLUSTER_SETUP"] + ".rollups")
                                                   .read_text()))

    figures.update({"lost": lost, "duplicates": duplicates, "acknowledged": len(acked), "whatsapp": len(wa),
                    "actions": len(acts),
                    "attachments": len(load["attachments"]), "attachments_crossed": crossed})
    Path(out).write_text(json.dumps({"figures": figures, "failures": failures}))
    return 1 if failures else 0


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "setup":
        setup(sys.argv[2])
    elif command == "drained":
        sys.exit(drained())
    elif command == "verify":
        sys.exit(verify(*sys.argv[2:5]))
    else:
        sys.exit(f"unknown command {command!r}")
