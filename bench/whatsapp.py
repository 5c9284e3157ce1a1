"""The WhatsApp webhook under load, then the conversation engine behind it.

1. Acknowledgement: the real application served as in production
   (scripts/serve, production settings; scratch PostgreSQL database, the
   database task queue), wrk on 127.0.0.1 POSTing Cloud-API-shaped deliveries, each signed with the app
   secret (X-Hub-Signature-256) and each message id unique (N deliveries are
   prepared and signed beforehand; wrk's threads take disjoint shares, so
   nothing is a redelivery unless the run outlasts them, which is reported).
   Every POST is verified, stored (event + messages) and queues the
   processing task, as in production. The rate (deliveries and messages per
   second) is measured at --connections (saturating the server), the
   acknowledgement latency at --latency-connections (a busy but not flooded
   server: latency at saturation is mostly time spent queueing in front of
   it, also reported). Baseline: a bare WSGI app answering the same bytes to
   the same requests, same server and workers, same run.
2. Conversation processing: process_pending (one worker process) hands the
   stored messages, citizen by citizen in order, to the real bot engine
   (shikayat.bot) and its replies go to the outbox; messages per second.

Each citizen's messages follow a short script (greeting, language, a
service, menu, lodging started then cancelled, status by an E-tag that is
not theirs), spread over the deliveries in the order they were written."""

import hashlib
import hmac
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .common import drop_database, recreate_database, report, scratch_database_url, setup_django
from .tracking import PORT, _serve, _stop, _wrk

TARGET = {"messages_per_s": 1000, "p99_ms": 30}
SECRET = "bench-app-secret-" + "y" * 24
PATH = "/api/v1/whatsapp/webhook/"
WRK_THREADS = 2  # tracking._wrk runs wrk -t2
SCRIPT = ["Salam", "2", "4", "0", "1", "cancel", "15", "TE4P-DR6A", "0", "hello"]


def _deliveries(count: int, per_post: int, tag: str, first_citizen: int, start_at: int) -> list[bytes]:
    """`count` deliveries of `per_post` text messages each; message k is step k // citizens of citizen k % citizens."""
    total = count * per_post
    citizens = max(1, total // len(SCRIPT))
    bodies = []
    for d in range(count):
        messages, contacts = [], {}
        for j in range(per_post):
            k = d * per_post + j
            wa_id = f"92300{(first_citizen + k % citizens) % 10_000_000:07d}"
            contacts[wa_id] = {"profile": {"name": f"Citizen {k % citizens}"}, "wa_id": wa_id}
            messages.append({"from": wa_id, "id": f"wamid.bench.{tag}.{k}", "timestamp": str(start_at + k),
                             "type": "text", "text": {"body": SCRIPT[(k // citizens) % len(SCRIPT)]}})
        body = {"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [{
            "field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "924299999999", "phone_number_id": "106540352242922"},
                "contacts": list(contacts.values()), "messages": messages}}]}]}
        bodies.append(json.dumps(body, separators=(",", ":")).encode())
    return bodies


def _lua(workdir: Path, name: str, bodies: list[bytes]) -> Path:
    """A wrk script whose threads POST disjoint shares of the signed bodies, in order."""
    lines = workdir / f"{name}.txt"
    with lines.open("wb") as handle:
        for body in bodies:
            signature = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
            handle.write(b"sha256=" + signature.encode() + b"\t" + body + b"\n")
    script = workdir / f"{name}.lua"
    script.write_text(f"""
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  sigs, bodies, i, n = {{}}, {{}}, 0, 0
  for line in io.lines("{lines}") do
    if n % {WRK_THREADS} == id then
      local tab = string.find(line, "\\t", 1, true)
      sigs[#sigs + 1] = string.sub(line, 1, tab - 1)
      bodies[#bodies + 1] = string.sub(line, tab + 1)
    end
    n = n + 1
  end
end
function request()
  i = i + 1
  if i > #bodies then i = 1 end
  return wrk.format("POST", "{PATH}", {{["Content-Type"] = "application/json",
                                         ["X-Hub-Signature-256"] = sigs[i]}}, bodies[i])
end
""")
    return script


def _process(limit: int) -> dict:
    """Run the real engine over up to `limit` stored messages; messages per second."""
    try:
        from shikayat.bot import engine  # noqa: F401
    except Exception as error:  # not installed yet, or broken: say so rather than guess a figure
        return {"available": False, "why": f"{type(error).__name__}: {error}"}
    from shikayat.whatsapp.models import InboundWhatsAppMessage as Message
    from shikayat.whatsapp.processing import process_pending

    tried, started = 0, time.perf_counter()
    while tried < limit:
        now_tried = process_pending(limit=min(200, limit - tried))
        if now_tried == 0:
            break
        tried += now_tried
    seconds = time.perf_counter() - started
    states = {state: Message.objects.filter(state=state).count() for state in Message.State.values}
    from shikayat.notifications.models import OutboxMessage

    done = states["done"]
    return {"available": True, "tried": tried, "seconds": round(seconds, 2), "per_s": round(done / seconds, 1)
            if seconds else 0.0, "states": states, "replies": OutboxMessage.objects.filter(channel="whatsapp").count()}


def run(args) -> int:
    if args.db != "postgresql":
        print("the webhook is measured on PostgreSQL only (the production database)", file=sys.stderr)
        return 2
    if shutil.which("wrk") is None:
        print("wrk is needed (apt-get install wrk)", file=sys.stderr)
        return 2
    n, workers, per_post = args.n, max(1, args.workers), max(1, args.per_post)
    warm_seconds = min(5, args.seconds)
    scratch = "whatsapp" if n >= 10_000 else "whatsapp_smoke"  # smoke runs never touch the big run's database
    url = scratch_database_url("postgresql", scratch)
    print(f"whatsapp benchmark: {n:,} signed deliveries of {per_post} message(s) per phase, server "
          f"workers={workers}; rate at {args.connections} connections, latency at {args.latency_connections}, "
          f"{args.seconds} s each")
    recreate_database("postgresql", scratch)  # every run starts empty: the webhook's tables are what it measures
    setup_django(url)
    from django.core.management import call_command

    from shikayat.demo import force

    call_command("migrate", verbosity=0)
    force.load_units("punjab")
    force.load_categories()
    force.load_helplines("punjab")
    if hasattr(force, "load_information"):  # the bot's information services (topics, most wanted, missing children)
        force.load_information("punjab")

    workdir = Path(tempfile.mkdtemp(prefix="shikayat-bench-"))
    start_at = int(time.time()) - 3600
    # Disjoint message ids (and citizens) for the warm-up, the rate phase and the latency phase.
    warm = _lua(workdir, "warm", _deliveries(max(200, n // 10), per_post, "w", 5_000_000, start_at))
    rate_script = _lua(workdir, "rate", _deliveries(n, per_post, "r", 0, start_at + 600))
    latency_script = _lua(workdir, "latency", _deliveries(n, per_post, "l", 2_500_000, start_at + 1200))
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.production",
           "SHIKAYAT_TOTP_KEYS": "bench-" + "t" * 40, "SHIKAYAT_HTTPS": "0",
           "SHIKAYAT_PUBLIC_URL": f"http://127.0.0.1:{PORT}",
           "SECRET_KEY": "bench-" + "x" * 40, "LOG_LEVEL": "WARNING", "SECURE_COOKIES": "0",
           "SHIKAYAT_WHATSAPP_APP_SECRET": SECRET, "SHIKAYAT_WHATSAPP_VERIFY_TOKEN": "bench-verify",
           "SHIKAYAT_TASKS_BACKEND": "database"}
    server = _serve("config.wsgi", env, workers)
    try:
        print("warming up …")
        _wrk(warm, warm_seconds, 16, server.port)
        rate = _wrk(rate_script, args.seconds, args.connections, server.port)
        latency = _wrk(latency_script, args.seconds, args.latency_connections, server.port)
    finally:
        _stop(server)

    from django_tasks_db.models import DBTaskResult

    from shikayat.whatsapp.models import InboundWhatsAppMessage, WebhookEvent

    events, stored = WebhookEvent.objects.count(), InboundWhatsAppMessage.objects.count()
    queued = DBTaskResult.objects.filter(task_path="shikayat.whatsapp.tasks.process_inbound").count()
    body_file = workdir / "body.json"
    body_file.write_bytes(json.dumps({"received": per_post, "statuses": 0}).encode())
    server = _serve("bench.bare_wsgi", {**env, "BENCH_BODY_FILE": str(body_file)}, workers)
    try:
        _wrk(rate_script, warm_seconds, 16, server.port)
        bare = _wrk(rate_script, args.seconds, args.connections, server.port)
        bare_latency = _wrk(latency_script, args.seconds, args.latency_connections, server.port)
    finally:
        _stop(server)

    print(rate["raw"])
    print(latency["raw"])
    errors = rate["errors"] + latency["errors"]
    print(f"webhook rate ({args.connections} connections): {rate['per_s']:,.0f} deliveries/s = "
          f"{rate['per_s'] * per_post:,.0f} messages/s, ack p50 {rate['p50_ms']:.2f} ms, p99 {rate['p99_ms']:.2f} ms")
    print(f"webhook latency ({args.latency_connections} connections): ack p50 {latency['p50_ms']:.2f} ms, "
          f"p99 {latency['p99_ms']:.2f} ms at {latency['per_s'] * per_post:,.0f} messages/s; errors {errors}")
    print(f"stored: {events:,} events, {stored:,} distinct messages, {queued:,} processing task(s) queued")
    repeated = max(0, round(max(rate["per_s"], latency["per_s"]) * args.seconds) - n)
    if repeated:
        print(f"note: about {repeated:,} requests in a phase repeated a delivery already sent (raise --n); a repeat "
              "is stored as an event, its messages are not stored again")
    print(f"bare WSGI (same bytes, same requests): {bare['per_s']:,.0f} req/s, p99 {bare['p99_ms']:.2f} ms; "
          f"at {args.latency_connections} connections p99 {bare_latency['p99_ms']:.2f} ms")

    print(f"conversation processing: the real engine over up to {args.process:,} stored messages …")
    processed = _process(args.process)
    if processed["available"]:
        print(f"conversation processing: {processed['per_s']:,.1f} messages/s in one worker process "
              f"({processed['tried']:,} tried in {processed['seconds']} s; states {processed['states']}; "
              f"{processed['replies']:,} WhatsApp replies in the outbox)")
    else:
        print(f"conversation processing: not measured, the bot engine is not available ({processed['why']})")

    figures = {"per_s": round(rate["per_s"], 1), "messages_per_s": round(rate["per_s"] * per_post, 1),
               "p50_ms": round(latency["p50_ms"], 2), "p90_ms": round(latency["p90_ms"], 2),
               "p99_ms": round(latency["p99_ms"], 2), "latency_messages_per_s": round(latency["per_s"] * per_post, 1),
               "p99_ms_at_rate_connections": round(rate["p99_ms"], 2), "errors": errors,
               "messages_per_post": per_post, "workers": workers, "connections": args.connections,
               "latency_connections": args.latency_connections, "seconds": args.seconds, "stored_messages": stored,
               "processing_per_s": processed.get("per_s"), "processing_tried": processed.get("tried"),
               "processing_states": processed.get("states")}
    baseline = {"what": "bare WSGI app answering the same bytes to the same POSTs, same server and workers",
                "per_s": bare["per_s"], "p99_ms": round(bare_latency["p99_ms"], 2)}
    ratio = rate["per_s"] / bare["per_s"] if bare["per_s"] else 0.0
    met = (figures["messages_per_s"] >= TARGET["messages_per_s"] and latency["p99_ms"] < TARGET["p99_ms"]
           and errors == 0)
    report("whatsapp", n, "postgresql", figures, baseline, ratio, TARGET, met, record=not args.no_record,
           machine=f"{os.cpu_count()} cores shared by PostgreSQL, the server and wrk",
           processing="real bot engine, one process" if processed["available"]
           else f"not available: {processed['why']}")
    shutil.rmtree(workdir, ignore_errors=True)
    if not args.keep:
        from django.db import connections

        connections.close_all()
        drop_database("postgresql", scratch)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(f"run it as: {sys.executable} -m bench whatsapp")
