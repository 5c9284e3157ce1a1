"""deploy/test-cluster's orchestrator: many hosts in Linux network namespaces, hosts killed, nothing lost.

Each host is a network namespace with one veth leg on a bridge that lives in a namespace of its own (no leg in
the machine's own namespace: nothing reaches outside, nothing outside reaches in), addresses 10.231.0.0/24:

    db1 .11  PostgreSQL primary (a new cluster, initdb)     web1 .21  gunicorn config.wsgi (production settings)
    db2 .12  standby (pg_basebackup -R, hot_standby)        web2 .22  gunicorn config.wsgi
    pool .13 PgBouncer, transaction pooling                 lb   .30  HAProxy, health checks on /healthz
    cache .14 redis-server (queue, cache, rate limits)      worker1 .41, worker2 .42  manage.py run_worker (RQ)
    s3 .15   moto's S3 server (attachments)                 load .50  the load generator (deploy/cluster/load.py)
    sink .16 an SMS gateway stand-in counting idempotency keys (deploy/cluster/sink.py)

The load runs for --seconds; meanwhile web1 and worker1 are killed with SIGKILL and restarted, and the standby is
stopped and started again. Then the workers drain the outbox and deploy/cluster/checks.py asserts that nothing was
lost or doubled. A result line like the benchmarks' goes to stdout and bench/results/cluster.jsonl."""

import argparse
import csv
import hashlib
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PG_BIN = Path(os.environ.get("PG_BIN", ""))
SUBNET = "10.231.0"
HOSTS = {"db1": 11, "db2": 12, "pool": 13, "cache": 14, "s3": 15, "sink": 16, "web1": 21, "web2": 22, "lb": 30,
         "worker1": 41, "worker2": 42, "load": 50}
WHATSAPP_SECRET = "cluster-app-secret-" + "w" * 24


def ip(host: str) -> str:
    return f"{SUBNET}.{HOSTS[host]}"


def pg_bin() -> Path:
    if PG_BIN.name:
        return PG_BIN
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=lambda p: int(p.parent.parent.name))
    if not versions:
        sys.exit("FATAL: PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)")
    return versions[-1].parent


def say(text: str) -> None:
    print(f"[{datetime.now(UTC).strftime('%H:%M:%S')}] {text}", flush=True)


class Cluster:
    def __init__(self, args):
        self.args = args
        self.tag = os.environ.get("CLUSTER_TAG") or f"shk{os.getpid() % 100000}"
        self.work = Path(tempfile.mkdtemp(prefix="shikayat-cluster-"))
        self.logs = Path(args.logs) if args.logs else Path(tempfile.mkdtemp(prefix="shikayat-cluster-logs-"))
        self.logs.mkdir(parents=True, exist_ok=True)
        for path in (self.work, self.logs):
            path.chmod(0o755)  # PostgreSQL and PgBouncer run as the postgres user
        self.procs: dict[str, subprocess.Popen] = {}
        self.namespaces: list[str] = []
        self.bin = pg_bin()
        self.marks: dict[str, float] = {}
        self.health_path = "/healthz"

    # -- network ---------------------------------------------------------------------------------------------
    def ns(self, host: str) -> str:
        return f"{self.tag}-{host}"

    def run(self, *argv, check=True, capture=False, host: str | None = None, user: str | None = None, env=None):
        command = [*(["ip", "netns", "exec", self.ns(host)] if host else []),
                   *(["runuser", "-u", user, "--"] if user else []), *map(str, argv)]
        result = subprocess.run(command, check=False, text=True, env=env, cwd=ROOT,
                                capture_output=True)
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        return result.stdout if capture else result

    def network(self) -> None:
        switch = self.ns("sw")
        self.run("ip", "netns", "add", switch)
        self.namespaces.append(switch)
        self.run("ip", "link", "add", "br0", "type", "bridge", host="sw")
        self.run("ip", "link", "set", "br0", "up", host="sw")
        for index, host in enumerate(HOSTS):
            name = self.ns(host)
            self.run("ip", "netns", "add", name)
            self.namespaces.append(name)
            leg = f"{self.tag}v{index}"
            self.run("ip", "link", "add", leg, "type", "veth", "peer", "name", "eth0", "netns", name)
            self.run("ip", "link", "set", leg, "netns", switch)
            self.run("ip", "link", "set", leg, "master", "br0", "up", host="sw")
            self.run("ip", "addr", "add", f"{ip(host)}/24", "dev", "eth0", host=host)
            self.run("ip", "link", "set", "eth0", "up", host=host)
            self.run("ip", "link", "set", "lo", "up", host=host)
        say(f"network: {len(HOSTS)} hosts in namespaces {self.tag}-*, bridge in {switch}, {SUBNET}.0/24")

    # -- processes -------------------------------------------------------------------------------------------
    def start(self, host: str, *argv, user: str | None = None, env: dict | None = None, name: str | None = None):
        name = name or host
        log = open(self.logs / f"{name}.log", "a", encoding="utf-8")  # noqa: SIM115 (kept open by the child)
        log.write(f"--- started {datetime.now(UTC).isoformat()}: {' '.join(map(str, argv))}\n")
        log.flush()
        command = ["ip", "netns", "exec", self.ns(host), *(["runuser", "-u", user, "--"] if user else []),
                   *map(str, argv)]
        self.procs[name] = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                                            env=env or os.environ.copy(), start_new_session=True)
        return self.procs[name]

    def kill(self, name: str, sig=signal.SIGKILL) -> None:
        proc = self.procs.get(name)
        if proc is None or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def wait_port(self, host: str, port: int, seconds: float = 60, name: str | None = None) -> None:
        deadline = time.time() + seconds
        probe = (f"import socket; s = socket.create_connection(('{ip(host)}', {port}), timeout=1); s.close()")
        while time.time() < deadline:
            proc = self.procs.get(name or host)
            if proc is not None and proc.poll() is not None:
                raise RuntimeError(f"{name or host} exited ({proc.returncode}); see {self.logs}/{name or host}.log")
            if self.run(sys.executable, "-c", probe, host="load", check=False).returncode == 0:
                return
            time.sleep(0.3)
        raise RuntimeError(f"{host}:{port} did not answer within {seconds} s; see {self.logs}")

    def env(self, host: str, **extra) -> dict:
        """What a web or worker host's environment holds: the production settings, the pool as the database,
        the standby as the replica, Redis, S3, the sink as the gateway of every people's channel."""
        return {
            "PATH": os.environ.get("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), "HOME": str(self.work),
            "LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "cluster-secret-" + "s" * 40, "SHIKAYAT_TOTP_KEYS": "cluster-totp-" + "t" * 40,
            "SHIKAYAT_ETAG_KEY": "cluster-etag-key", "SHIKAYAT_PUBLIC_URL": f"http://{ip('lb')}",
            "SHIKAYAT_HTTPS": "0", "SECURE_COOKIES": "0", "SHIKAYAT_TRUSTED_PROXIES": "1",
            "ALLOWED_HOSTS": ",".join(ip(h) for h in ("lb", "web1", "web2")),
            "SHIKAYAT_VAR_DIR": str(self.work / f"var-{host}"), "STATIC_ROOT": str(self.work / "static"),
            # A host's own disk: an attachment written here could not be read by the other web host.
            "MEDIA_ROOT": str(self.work / f"media-{host}"),
            "DATABASE_URL": f"postgres://postgres@{ip('pool')}:6432/shikayat",
            "DATABASE_REPLICA_URL": f"postgres://postgres@{ip('db2')}:5432/shikayat",
            "SHIKAYAT_REPLICA_MAX_LAG_SECONDS": "5",
            "SHIKAYAT_DB_POOLER": "pgbouncer", "SHIKAYAT_DB_PREPARE_THRESHOLD": "off", "SHIKAYAT_DB_PREPARED": "0",
            "SHIKAYAT_STORAGE": "s3", "SHIKAYAT_S3_BUCKET": "shikayat",
            "SHIKAYAT_S3_ENDPOINT_URL": f"http://{ip('s3')}:5000", "SHIKAYAT_S3_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "cluster", "AWS_SECRET_ACCESS_KEY": "cluster-secret",
            "SHIKAYAT_TASKS_BACKEND": "redis", "REDIS_URL": f"redis://{ip('cache')}:6379/0",
            "SHIKAYAT_CACHE_URL": f"redis://{ip('cache')}:6379/1",
            "SHIKAYAT_OUTBOX_SMS": "sms-gateway", "SHIKAYAT_OUTBOX_WHATSAPP": "sms-gateway",
            "SHIKAYAT_OUTBOX_EMAIL": "sms-gateway", "SHIKAYAT_SMS_API_URL": f"http://{ip('sink')}:8080/send",
            "SHIKAYAT_SMS_API_READ_TIMEOUT": "5", "SHIKAYAT_OUTBOX_LEASE_SECONDS": "15",
            "SHIKAYAT_OUTBOX_SECONDS": "2", "SHIKAYAT_SWEEP_SECONDS": "10", "SHIKAYAT_ROLLUP_SECONDS": "3",
            "SHIKAYAT_UPDATE_FOLD_MINUTES": "0", "SHIKAYAT_SMS_QUIET_HOURS": "",
            "SHIKAYAT_WHATSAPP_APP_SECRET": WHATSAPP_SECRET, "SHIKAYAT_WHATSAPP_VERIFY_TOKEN": "cluster-verify",
            "SHIKAYAT_TRACK_RATE": "100000/min", "SHIKAYAT_TRACK_ETAG_RATE": "100000/hour",
            "SHIKAYAT_LOG_FORMAT": "json", "SHIKAYAT_METRICS_ALLOW": f"{SUBNET}.0/24", "LOG_LEVEL": "WARNING",
            **extra,
        }

    # -- the hosts -------------------------------------------------------------------------------------------
    def postgres(self, host: str) -> None:
        data, sockets = self.work / host, self.work / f"sock-{host}"
        sockets.mkdir(exist_ok=True)
        shutil.chown(sockets, "postgres", "postgres")
        self.start(host, self.bin / "postgres", "-D", data, "-c", f"listen_addresses={ip(host)}", "-c", "port=5432",
                   "-c", f"unix_socket_directories={sockets}", "-c", "max_connections=200",
                   "-c", "wal_level=replica", "-c", "max_wal_senders=5", "-c", "hot_standby=on",
                   "-c", "wal_keep_size=512MB", "-c", "logging_collector=off",
                   # No host of this test loses power: the database's own durability is not what it tests, and
                   # fsync on this shared CI disk would triple the set-up's time (migrations commit often).
                   "-c", "fsync=off", "-c", "full_page_writes=off", user="postgres")
        self.wait_port(host, 5432)

    def databases(self) -> None:
        data = self.work / "db1"
        data.mkdir()
        shutil.chown(data, "postgres", "postgres")
        self.run(self.bin / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                 "--locale=C.UTF-8", user="postgres")
        with (data / "pg_hba.conf").open("a") as hba:
            hba.write(f"host all all {SUBNET}.0/24 trust\nhost replication all {SUBNET}.0/24 trust\n")
        self.postgres("db1")
        self.run(self.bin / "createdb", "-h", ip("db1"), "-U", "postgres", "shikayat", host="load")
        direct = self.env("load", DATABASE_URL=f"postgres://postgres@{ip('db1')}:5432/shikayat",
                          SHIKAYAT_DB_POOLER="", SHIKAYAT_DB_PREPARED="1")
        direct.pop("DATABASE_REPLICA_URL")
        self.direct_env = direct
        started = time.time()
        cached = self.cached_setup()
        steps = [["migrate", "--verbosity", "0"],
                 ["load_demo", "--complaints", str(self.args.complaints), "--verbosity", "0"]]
        if cached is not None:
            self.run("pg_restore", "-h", ip("db1"), "-U", "postgres", "-d", "shikayat", "--no-owner", cached,
                     host="load")
            say(f"db1: PostgreSQL primary up; the migrated demo database restored from {cached}")
            steps = []
        else:
            say("db1: PostgreSQL primary up; migrating and loading the demo force")
        with (self.logs / "setup.log").open("a") as log:
            # The object store starts with the other services, after this set-up (whose database dump is cached
            # between runs, where moto's in-memory bucket would not be): the demo's few photos (public searches)
            # go to a local folder; the run itself stores every file in S3.
            demo_files = {**direct, "SHIKAYAT_STORAGE": "local", "MEDIA_ROOT": str(self.work / "setup-media")}
            for argv in [*steps, ["collectstatic", "--noinput", "--verbosity", "0"]]:
                step = time.time()
                result = subprocess.run(["ip", "netns", "exec", self.ns("load"), PYTHON, "manage.py", *argv],
                                        cwd=ROOT, env=direct if argv[0] == "collectstatic" else demo_files,
                                        stdout=log, stderr=subprocess.STDOUT, check=False)
                if result.returncode:
                    raise RuntimeError(f"manage.py {' '.join(argv)} failed; see {self.logs}/setup.log")
                say(f"  manage.py {argv[0]}: {time.time() - step:.0f} s")
        if cached is None and self.cache_file is not None:
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            partial = self.cache_file.with_suffix(".partial")
            self.run("pg_dump", "-h", ip("db1"), "-U", "postgres", "-Fc", "-f", partial, "shikayat", host="load")
            partial.rename(self.cache_file)
        say(f"db1: migrated, demo force with {self.args.complaints} complaints ready in {time.time() - started:.0f} s")
        standby = self.work / "db2"
        standby.mkdir(mode=0o700)
        shutil.chown(standby, "postgres", "postgres")
        self.run(self.bin / "pg_basebackup", "-h", ip("db1"), "-U", "postgres", "-D", standby, "-R", "-X", "stream",
                 "-c", "fast", host="db2", user="postgres")
        self.postgres("db2")
        say("db2: standby made with pg_basebackup -R, streaming from db1")

    def cached_setup(self) -> Path | None:
        """A dump of the migrated demo database made by an earlier run from the same migrations and demo code
        (var/cluster-cache/, at most a day old: the demo's dates are relative to the day it was made), or None.
        Saves the set-up's minute and a quarter (migrate + load_demo) on this 2-core machine; --fresh skips it."""
        self.cache_file = None
        if self.args.fresh:
            return None
        digest = hashlib.sha256(f"{self.args.complaints}|{self.bin}".encode())
        for path in sorted([*ROOT.glob("shikayat/*/migrations/*.py"), *ROOT.glob("shikayat/demo/**/*.py"),
                            *ROOT.glob("shikayat/*/models.py"), *ROOT.glob("shikayat/*/models/*.py")]):
            digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
        self.cache_file = ROOT / "var" / "cluster-cache" / f"demo-{digest.hexdigest()[:16]}.dump"
        for old in self.cache_file.parent.glob("demo-*.dump"):  # the short and the full run keep one each
            if time.time() - old.stat().st_mtime > 24 * 3600:
                old.unlink(missing_ok=True)
        return self.cache_file if self.cache_file.exists() else None

    def services(self) -> None:
        (self.work / "userlist.txt").write_text('"postgres" ""\n')
        (self.work / "pgbouncer.ini").write_text(
            f"[databases]\nshikayat = host={ip('db1')} port=5432 dbname=shikayat\n\n"
            f"[pgbouncer]\nlisten_addr = {ip('pool')}\nlisten_port = 6432\nunix_socket_dir =\n"
            f"auth_type = trust\nauth_file = {self.work / 'userlist.txt'}\npool_mode = transaction\n"
            "max_client_conn = 1000\ndefault_pool_size = 60\nserver_reset_query =\n"
            "ignore_startup_parameters = extra_float_digits,options\n")
        self.start("pool", "pgbouncer", self.work / "pgbouncer.ini", user="postgres")
        (self.work / "redis").mkdir()
        self.start("cache", "redis-server", "--bind", ip("cache"), "--port", "6379", "--save", "",
                   "--appendonly", "no", "--protected-mode", "no", "--dir", self.work / "redis")
        self.start("s3", PYTHON, "-m", "moto.server", "-H", ip("s3"), "-p", "5000")
        self.sink_file = self.logs / "sink-requests.jsonl"
        self.sink_file.touch()
        self.start("sink", PYTHON, ROOT / "deploy" / "cluster" / "sink.py", ip("sink"), 8080, self.sink_file)
        for host, port in (("pool", 6432), ("cache", 6379), ("s3", 5000), ("sink", 8080)):
            self.wait_port(host, port)
        bucket = ("import boto3; boto3.client('s3', endpoint_url='http://{}:5000', region_name='us-east-1', "
                  "aws_access_key_id='cluster', aws_secret_access_key='cluster-secret')"
                  ".create_bucket(Bucket='shikayat')".format(ip("s3")))
        self.run(PYTHON, "-c", bucket, host="load")
        say("pool (PgBouncer, transaction mode), cache (Redis), s3 (moto, bucket shikayat), sink: up")

    def web(self, host: str) -> None:
        env = self.env(host, HOST=ip(host), PORT="8000", WEB_SERVER="gunicorn", WEB_WORKERS="2", WEB_THREADS="4",
                       PROMETHEUS_MULTIPROC_DIR=str(self.work / f"metrics-{host}"))
        self.start(host, ROOT / "scripts" / "serve", env=env)

    def worker(self, host: str) -> None:
        self.start(host, PYTHON, "manage.py", "run_worker", env=self.env(host))

    def balancer(self) -> None:
        self.stats_socket = self.work / "haproxy.sock"
        (self.work / "haproxy.cfg").write_text(f"""global
    maxconn 2000
    stats socket {self.stats_socket} mode 600 level admin
    log stdout format raw local0 info

defaults
    mode http
    log global
    option httplog
    option forwardfor
    option redispatch
    retries 2
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout check 3s

frontend www
    bind {ip('lb')}:80
    default_backend web

backend web
    balance roundrobin
    option httpchk
    http-check send meth GET uri {self.health_path} ver HTTP/1.1 hdr Host {ip('lb')}
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
    http-response set-header X-Served-By %s
    server web1 {ip('web1')}:8000 check
    server web2 {ip('web2')}:8000 check
""")
        self.run("haproxy", "-c", "-q", "-f", self.work / "haproxy.cfg")
        self.start("lb", "haproxy", "-db", "-f", self.work / "haproxy.cfg")
        self.wait_port("lb", 80)

    def lb_stats(self) -> dict:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(str(self.stats_socket))
            conn.sendall(b"show stat\n")
            data = b""
            while chunk := conn.recv(65536):
                data += chunk
        rows = list(csv.DictReader(io.StringIO(data.decode().lstrip("# "))))
        return {f"{r['pxname']}/{r['svname']}": r for r in rows}

    def wait_up(self, server: str, seconds: float = 90) -> float:
        started = time.time()
        while time.time() - started < seconds:
            if self.lb_stats().get(f"web/{server}", {}).get("status", "").startswith("UP"):
                return time.time() - started
            time.sleep(0.25)
        raise RuntimeError(f"{server} did not come UP behind the load balancer within {seconds} s")

    def http_status(self, host: str, path: str) -> int:
        probe = ("import httpx, sys\ntry:\n    print(httpx.get('http://{}:8000{}', headers={{'Host': '{}'}}, "
                 "timeout=5).status_code)\nexcept httpx.HTTPError:\n    print(0)".format(ip(host), path, ip("lb")))
        return int(self.run(PYTHON, "-c", probe, host="load", capture=True).strip() or 0)

    def webs_and_workers(self) -> None:
        for host in ("web1", "web2"):
            self.web(host)
        for host in ("web1", "web2"):
            self.wait_port(host, 8000, seconds=120)
        for host in ("web1", "web2"):
            # HAProxy's health check: a host that does not answer it would never be taken into the pool.
            status = self.http_status(host, self.health_path)
            if status != 200:
                raise RuntimeError(f"{host} answers {self.health_path} with {status or 'no answer'}, not 200")
        self.balancer()
        for server in ("web1", "web2"):
            self.wait_up(server)
        for host in ("worker1", "worker2"):
            self.worker(host)
        say("web1, web2 (gunicorn) UP behind lb (HAProxy); worker1, worker2 (run_worker, RQ) started")

    # -- the run ---------------------------------------------------------------------------------------------
    def checks(self, *argv, capture=False) -> subprocess.CompletedProcess:
        env = {**self.direct_env, "CLUSTER_SETUP": str(self.work / "setup.json"),
               "CLUSTER_WEB_URLS": f"web1=http://{ip('web1')}:8000,web2=http://{ip('web2')}:8000"}
        return subprocess.run(["ip", "netns", "exec", self.ns("load"), PYTHON, ROOT / "deploy" / "cluster" /
                               "checks.py", *map(str, argv)], cwd=ROOT, env=env, check=False, text=True,
                              capture_output=capture)

    def at(self, t0: float, offset: float) -> None:
        time.sleep(max(0.0, t0 + offset - time.time()))

    def load_and_faults(self) -> dict:
        if self.checks("setup", self.work / "setup.json").returncode:
            raise RuntimeError("the set-up step (tokens, category) failed")
        seconds = self.args.seconds
        out = self.logs / "load-result.json"
        load = self.start("load", PYTHON, ROOT / "deploy" / "cluster" / "load.py", "--lb", f"http://{ip('lb')}",
                          "--setup", self.work / "setup.json", "--seconds", seconds, "--threads", self.args.threads,
                          "--out", out, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        t0 = time.time()
        say(f"load: {self.args.threads} threads for {seconds:.0f} s through the load balancer (log: load.log)")
        self.at(t0, 0.25 * seconds)
        self.marks["kill"] = time.time()
        self.kill("web1")
        self.kill("worker1")
        say("FAULT: kill -9 web1 and worker1")
        self.at(t0, 0.45 * seconds)
        self.marks["restart"] = time.time()
        self.web("web1")
        self.worker("worker1")
        self.marks["web1_back_seconds"] = round(self.wait_up("web1"), 2)
        say(f"web1 and worker1 restarted; web1 UP behind the load balancer after {self.marks['web1_back_seconds']} s")
        # The standby's stop and start: after web1 is back (a slow restart shifts them, never overlaps them).
        self.at(max(t0 + 0.55 * seconds, time.time() + 2), 0)
        self.marks["standby_stop"] = time.time()
        self.kill("db2", signal.SIGINT)  # PostgreSQL's fast shutdown
        say("FAULT: standby db2 stopped")
        self.at(max(t0 + 0.75 * seconds, self.marks["standby_stop"] + 0.1 * seconds), 0)
        self.postgres("db2")
        self.marks["standby_start"] = time.time()
        say("standby db2 started again")
        load.wait()
        if load.returncode:
            raise RuntimeError(f"the load generator failed; see {self.logs}/load.log")
        self.lb = self.lb_stats()
        return json.loads(out.read_text())

    def drain(self) -> float:
        started = time.time()
        while time.time() - started < 120:
            if self.checks("drained", capture=True).returncode == 0:
                return time.time() - started
            time.sleep(2)
        raise RuntimeError("the workers did not drain the outbox within 120 s")

    def standby_caught_up(self) -> float:
        started = time.time()
        query = ("SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() "
                 "END")

        def lsn(host: str) -> int:
            text = self.run("psql", "-h", ip(host), "-U", "postgres", "-d", "shikayat", "-tAc", query, host="load",
                            capture=True).strip()
            high, low = text.split("/")
            return (int(high, 16) << 32) + int(low, 16)

        while time.time() - started < 60:
            if lsn("db2") >= lsn("db1"):
                return time.time() - started
            time.sleep(0.5)
        raise RuntimeError("the standby did not catch up with the primary within 60 s")

    def count(self, host: str, table: str) -> int:
        return int(self.run("psql", "-h", ip(host), "-U", "postgres", "-d", "shikayat", "-tAc",
                            f"SELECT count(*) FROM {table}", host="load", capture=True).strip())

    # -- clean-up ----------------------------------------------------------------------------------------------
    def cleanup(self) -> None:
        for name in list(self.procs):
            self.kill(name, signal.SIGINT if name.startswith("db") else signal.SIGKILL)  # PostgreSQL: fast stop
        for name in reversed(self.namespaces):
            subprocess.run(["ip", "netns", "delete", name], check=False, capture_output=True)
        shutil.rmtree(self.work, ignore_errors=True)


def commit_id() -> str:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    return result.stdout.strip() or "unknown"


def figures_of(cluster: Cluster, load: dict, verified: dict, drain_seconds: float, standby_seconds: float) -> dict:
    kill, restart = cluster.marks["kill"], cluster.marks["restart"]
    errors = load["errors"]
    # The kill's window: from the kill until web1 is back behind the load balancer and ten seconds more.
    window_end = restart + cluster.marks["web1_back_seconds"] + 10
    during_kill = [e for e in errors if kill - 1 <= e["t"] <= window_end]
    # Recovered when the last request that failed around the kill had its answer (one sent just before the kill
    # fails after it): from the kill to then, never less than nothing.
    recover = max(0.0, max((e.get("ended", e["t"]) for e in during_kill), default=kill) - kill)
    frontend, backend = cluster.lb.get("www/FRONTEND", {}), cluster.lb.get("web/BACKEND", {})

    def number(row: dict, key: str) -> int:
        return int(row.get(key) or 0)

    return {
        "requests": load["requests"], "errors": len(errors), "errors_during_kill": len(during_kill),
        "errors_outside_kill": len(errors) - len(during_kill),
        "lb": {"requests": number(frontend, "req_tot"), "5xx": number(frontend, "hrsp_5xx"),
               "connect_errors": number(backend, "econ"), "response_errors": number(backend, "eresp"),
               "retries": number(backend, "wretr"), "redispatches": number(backend, "wredis")},
        "lost": verified.get("lost", -1), "duplicates": verified.get("duplicates", -1),
        "recover_seconds": round(recover, 2), "web1_back_seconds": cluster.marks["web1_back_seconds"],
        "drain_seconds": round(drain_seconds, 1), "standby_catch_up_seconds": round(standby_seconds, 1),
        **{k: v for k, v in verified.items() if k not in ("lost", "duplicates")},
        "by_status": load["statuses"], "seconds": cluster.args.seconds, "threads": cluster.args.threads,
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="deploy/test-cluster", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--short", action="store_true", help="CI's version: 60 s of load, 100 demo complaints")
    parser.add_argument("--seconds", type=float, default=None, help="seconds of load (default 180; --short 60)")
    parser.add_argument("--threads", type=int, default=6, help="load generator threads (default 6)")
    parser.add_argument("--complaints", type=int, default=None, help="demo complaints loaded first (300; short 100)")
    parser.add_argument("--logs", help="folder for every host's log (default: a new folder under /tmp)")
    parser.add_argument("--fresh", action="store_true", help="migrate and load the demo even when an earlier "
                                                             "run's dump of them (var/cluster-cache/) fits")
    parser.add_argument("--no-record", action="store_true", help="print the result line without appending it to "
                                                                "bench/results/cluster.jsonl")
    args = parser.parse_args()
    args.seconds = args.seconds or (60.0 if args.short else 180.0)
    args.complaints = args.complaints if args.complaints is not None else (100 if args.short else 300)
    if os.geteuid() != 0:
        sys.exit("deploy/test-cluster makes network namespaces: run it as root")

    cluster = Cluster(args)
    started = time.time()

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    ok = False
    try:
        cluster.network()
        cluster.databases()
        cluster.services()
        cluster.webs_and_workers()
        say(f"cluster up in {time.time() - started:.0f} s")
        load = cluster.load_and_faults()
        say(f"load done: {load['requests']} requests, {len(load['acked'])} complaints acknowledged, "
            f"{len(load['errors'])} errors; waiting for the workers to drain the outbox")
        drain_seconds = cluster.drain()
        standby_seconds = cluster.standby_caught_up()
        replica = {t: (cluster.count("db1", t), cluster.count("db2", t))
                   for t in ("complaints_complaint", "complaints_attachment")}
        say(f"outbox drained in {drain_seconds:.0f} s; standby caught up ({replica})")
        verified_file = cluster.logs / "verified.json"
        result = cluster.checks("verify", cluster.logs / "load-result.json", cluster.sink_file, verified_file)
        verified = json.loads(verified_file.read_text()) if verified_file.exists() else {"figures": {},
                                                                                          "failures": ["verify"]}
        figures = figures_of(cluster, load, verified["figures"], drain_seconds, standby_seconds)
        figures["replica_rows_equal"] = all(a == b for a, b in replica.values())
        # Evidence that the replica served reads (the dashboards): its transactions on the database since it
        # started again (statistics survive its fast shutdown), a handful of them this script's own counts.
        figures["replica_transactions"] = int(cluster.run(
            "psql", "-h", ip("db2"), "-U", "postgres", "-d", "shikayat", "-tAc",
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'shikayat'",
            host="load", capture=True).strip() or 0)
        bound = 2 * args.threads + 2
        failures = list(verified["failures"])
        if figures["errors_during_kill"] > bound:
            failures.append(f"{figures['errors_during_kill']} errors during the kill (bound {bound})")
        if figures["errors_outside_kill"]:
            failures.append(f"{figures['errors_outside_kill']} errors outside the kill's window")
        if not figures["replica_rows_equal"]:
            failures.append("the standby's rows differ from the primary's")
        ok = result.returncode == 0 and not failures and figures["lost"] == 0 and figures["duplicates"] == 0
        line = {"bench": "cluster", "commit": commit_id(), "cores": os.cpu_count(),
                "when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "short": args.short,
                "figures": figures, "target": {"lost": 0, "duplicates": 0, "errors_during_kill_max": bound},
                "met": ok, "failures": failures, "wall_seconds": round(time.time() - started)}
        text = json.dumps(line, ensure_ascii=False)
        if not args.no_record:
            results = ROOT / "bench" / "results"
            results.mkdir(parents=True, exist_ok=True)
            with (results / "cluster.jsonl").open("a", encoding="utf-8") as handle:
                handle.write(text + "\n")
        print(text, flush=True)
        if failures:
            say("FAILED: " + "; ".join(failures))
    except (Exception, KeyboardInterrupt) as error:  # report, clean up, exit non-zero
        say(f"FAILED: {type(error).__name__}: {error}")
    finally:
        cluster.cleanup()
        say(f"logs of every host: {cluster.logs}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
