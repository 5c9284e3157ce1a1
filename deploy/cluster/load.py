"""The load of deploy/test-cluster, run inside the load generator's namespace: threads lodging complaints with a
PDF attachment through the load balancer (the front desk's API token), tracking them (public API), officers'
actions (the SHO assigns to the sub-inspector, who logs contact), the SHO's dashboard (signed in on the officers' pages:
a session in the shared cache; the page reads the replica) and signed WhatsApp webhook deliveries.

Every acknowledgement is recorded — the E-tag in a 201, an attachment's id with the seed of its bytes and the web
host that took it (HAProxy's X-Served-By), each WhatsApp message id answered 200 — with every error (time, kind,
host), and written as JSON to --out for the checks. No request is retried: an error is what the client saw.

    python deploy/cluster/load.py --lb http://10.231.0.30 --setup setup.json --seconds 60 --out load.json
"""

import argparse
import hashlib
import hmac
import json
import random
import re
import threading
import time

import httpx


def attachment_bytes(seed: str) -> bytes:
    """A small PDF-signed body (the upload check reads magic bytes) whose content follows from the seed."""
    size = 2000 + int(hashlib.sha256(seed.encode()).hexdigest()[:4], 16) % 30000
    stream, block = bytearray(), hashlib.sha256(seed.encode()).digest()
    while len(stream) < size:
        block = hashlib.sha256(block).digest()
        stream += block
    return b"%PDF-1.4\n%" + bytes(stream[:size]) + b"\n%%EOF\n"


class Load:
    def __init__(self, args, setup: dict):
        self.args, self.setup = args, setup
        self.lock = threading.Lock()
        self.acked: list[dict] = []  # {"etag", "mobile", "host", "t"}
        self.attachments: list[dict] = []  # {"etag", "id", "seed", "sha256", "host"}
        self.whatsapp: list[str] = []  # message ids answered 200
        self.actions: list[dict] = []  # {"etag", "action"} answered 200
        self.errors: list[dict] = []  # {"t" (sent), "ended", "kind", "status", "host", "detail"}
        self.requests = 0
        self.statuses: dict[str, int] = {}
        self.to_assign: list[str] = []
        self.to_contact: list[str] = []
        self.stop_at = time.time() + args.seconds
        self.secret = setup["whatsapp_secret"].encode()

    # -- one request, counted --------------------------------------------------------------------------------
    def call(self, client: httpx.Client, kind: str, method: str, path: str, expect: tuple, **kw):
        started = time.time()
        try:
            response = client.request(method, self.args.lb + path, **kw)
        except httpx.HTTPError as error:
            self.record_error(started, kind, 0, "", f"{type(error).__name__}: {error}")
            return None
        with self.lock:
            self.requests += 1
            key = f"{kind} {response.status_code}"
            self.statuses[key] = self.statuses.get(key, 0) + 1
        if response.status_code not in expect:
            self.record_error(started, kind, response.status_code, response.headers.get("X-Served-By", ""),
                              response.text[:200])
            return None
        return response

    def record_error(self, t: float, kind: str, status: int, host: str, detail: str) -> None:
        with self.lock:
            if status == 0:
                self.requests += 1
            self.errors.append({"t": t, "ended": time.time(), "kind": kind, "status": status, "host": host,
                                "detail": detail})

    # -- the four kinds of traffic ---------------------------------------------------------------------------
    def lodge(self, client: httpx.Client, rng: random.Random, n: int) -> None:
        s = self.setup
        mobile = f"+92300{rng.randrange(10**7):07d}"
        body = {"channel": "front_desk", "category": s["category"], "unit": s["station"], "name": "Cluster Test",
                "mobile": mobile, "description": f"Cluster test complaint {n}: a stolen motorcycle near the market.",
                "language": "en"}
        response = self.call(client, "lodge", "POST", "/api/v1/complaints/", (201,), json=body,
                             headers={"Authorization": f"Token {s['tokens']['desk']}"})
        if response is None:
            return
        etag = response.json()["etag"]
        host = response.headers.get("X-Served-By", "")
        with self.lock:
            self.acked.append({"etag": etag, "mobile": mobile, "host": host, "t": time.time()})
            self.to_assign.append(etag)
        seed = f"{etag}-{n}"
        data = attachment_bytes(seed)
        response = self.call(client, "attach", "POST", f"/api/v1/complaints/{etag}/attachments/", (201,),
                             files={"file": (f"statement-{n}.pdf", data, "application/pdf")},
                             headers={"Authorization": f"Token {s['tokens']['sho']}"})
        if response is not None:
            with self.lock:
                self.attachments.append({"etag": etag, "id": response.json()["id"], "seed": seed,
                                         "sha256": hashlib.sha256(data).hexdigest(),
                                         "host": response.headers.get("X-Served-By", "")})

    def track(self, client: httpx.Client, rng: random.Random) -> None:
        with self.lock:
            if not self.acked:
                return
            pick = rng.choice(self.acked)
        self.call(client, "track", "GET", "/api/v1/track/", (200,),
                  params={"etag": pick["etag"], "mobile": pick["mobile"]})

    def act(self, client: httpx.Client, rng: random.Random) -> None:
        s = self.setup
        with self.lock:
            contact = self.to_contact.pop(0) if self.to_contact and rng.random() < 0.5 else None
            assign = None if contact else (self.to_assign.pop(0) if self.to_assign else None)
        if assign:
            response = self.call(client, "assign", "POST", f"/api/v1/complaints/{assign}/actions/assign/", (200,),
                                 json={"officer": s["si_username"], "note": "cluster test"},
                                 headers={"Authorization": f"Token {s['tokens']['sho']}"})
            if response is not None:
                with self.lock:
                    self.to_contact.append(assign)
                    self.actions.append({"etag": assign, "action": "assign"})
        elif contact:
            response = self.call(client, "log_contact", "POST", f"/api/v1/complaints/{contact}/actions/log_contact/",
                                 (200,), json={"method": "call", "outcome": "Spoke to the complainant."},
                                 headers={"Authorization": f"Token {s['tokens']['si']}"})
            if response is not None:
                with self.lock:
                    self.actions.append({"etag": contact, "action": "log_contact"})

    def whatsapp_delivery(self, client: httpx.Client, rng: random.Random, worker: int, n: int) -> None:
        wa_id = f"92301{worker:02d}{rng.randrange(10**5):05d}"
        message_id = f"wamid.cluster.{worker}.{n}.{rng.randrange(10**9)}"
        body = json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [{
            "field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "924299999999", "phone_number_id": "106540352242922"},
                "contacts": [{"profile": {"name": "Cluster Citizen"}, "wa_id": wa_id}],
                "messages": [{"from": wa_id, "id": message_id, "timestamp": str(int(time.time())), "type": "text",
                              "text": {"body": rng.choice(["Salam", "hello", "menu"])}}]}}]}]},
                          separators=(",", ":")).encode()
        signature = "sha256=" + hmac.new(self.secret, body, hashlib.sha256).hexdigest()
        response = self.call(client, "whatsapp", "POST", "/api/v1/whatsapp/webhook/", (200,), content=body,
                             headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature})
        if response is not None:
            with self.lock:
                self.whatsapp.append(message_id)

    def sign_in(self, client: httpx.Client) -> bool:
        """The SHO signs in on the officers' pages (a session in the shared cache, valid on every web host)."""
        page = self.call(client, "sign_in", "GET", "/officer/login/", (200,))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text) if page is not None else None
        if token is None:
            return False
        form = {"username": self.setup["sho_username"], "password": self.setup["password"],
                "csrfmiddlewaretoken": token.group(1)}
        return self.call(client, "sign_in", "POST", "/officer/login/", (302,), data=form) is not None

    def dashboard(self, client: httpx.Client) -> None:
        """The station's dashboard: a page the replica serves when it is fresh, the primary when it is not."""
        self.call(client, "dashboard", "GET", "/officer/dashboard/", (200,))

    # -- a thread ----------------------------------------------------------------------------------------------
    def worker(self, index: int) -> None:
        rng = random.Random(index)
        n = 0
        timeout = httpx.Timeout(30.0, connect=5.0)
        # Two clients: the API's (a token, no cookies: DRF would take a session cookie first and ask for CSRF)
        # and the officer's browser (the session cookie).
        with httpx.Client(timeout=timeout) as client, httpx.Client(timeout=timeout) as browser:
            signed_in = self.sign_in(browser)
            while time.time() < self.stop_at:
                n += 1
                roll = rng.random()
                if roll < 0.3:
                    self.lodge(client, rng, index * 1_000_000 + n)
                elif roll < 0.5:
                    self.track(client, rng)
                elif roll < 0.7:
                    self.act(client, rng)
                elif roll < 0.75:
                    if signed_in:
                        self.dashboard(browser)
                    else:
                        signed_in = self.sign_in(browser)
                else:
                    self.whatsapp_delivery(client, rng, index, n)
                time.sleep(self.args.pause)

    def run(self) -> dict:
        threads = [threading.Thread(target=self.worker, args=(i,), daemon=True) for i in range(self.args.threads)]
        started = time.time()
        for thread in threads:
            thread.start()
        last = started
        while any(t.is_alive() for t in threads):
            time.sleep(1)
            if time.time() - last >= 10:
                last = time.time()
                with self.lock:
                    print(f"  load: {int(last - started)} s, {self.requests} requests, {len(self.acked)} lodged, "
                          f"{len(self.errors)} errors", flush=True)
        return {"started": started, "ended": time.time(), "requests": self.requests, "acked": self.acked,
                "attachments": self.attachments, "whatsapp": self.whatsapp, "actions": self.actions,
                "errors": self.errors, "statuses": self.statuses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lb", required=True, help="the load balancer's base URL")
    parser.add_argument("--setup", required=True, help="JSON from the set-up step (tokens, station, category)")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--threads", type=int, default=6)
    parser.add_argument("--pause", type=float, default=0.02, help="seconds each thread waits between requests")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with open(args.setup, encoding="utf-8") as handle:
        setup = json.load(handle)
    result = Load(args, setup).run()
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


if __name__ == "__main__":
    main()
