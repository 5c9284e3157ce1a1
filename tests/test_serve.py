"""scripts/serve: the production start command serves a WSGI application with granian (keep-alive), and refuses
a server it does not know."""

import http.client
import os
import socket
import subprocess
import sys
import time

from .test_worker import ROOT


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_granian_serves_the_application_and_keeps_the_connection_open(tmp_path):
    body = tmp_path / "body.json"
    body.write_bytes(b'{"ok":true}')
    port = _free_port()
    server = subprocess.Popen(
        [str(ROOT / "scripts" / "serve"), "bench.bare_wsgi:application"], cwd=ROOT, start_new_session=True,
        env={**os.environ, "PORT": str(port), "WEB_WORKERS": "1", "BENCH_BODY_FILE": str(body),
             "PYTHON": sys.executable},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/")
                first = conn.getresponse()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "scripts/serve did not answer"
                time.sleep(0.2)
        assert first.status == 200 and first.read() == b'{"ok":true}'
        sock = conn.sock
        conn.request("GET", "/again")  # the same connection: granian keeps it alive
        second = conn.getresponse()
        assert second.status == 200 and second.read() == b'{"ok":true}' and conn.sock is sock
        conn.close()
    finally:
        os.killpg(server.pid, 15)
        server.wait(20)


def test_an_unknown_server_is_refused():
    result = subprocess.run([str(ROOT / "scripts" / "serve")], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "WEB_SERVER": "uwsgi"})
    assert result.returncode == 2 and "WEB_SERVER must be granian, gunicorn or gunicorn-sync" in result.stderr
