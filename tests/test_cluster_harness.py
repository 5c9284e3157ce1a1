"""The pieces of deploy/test-cluster that its verdict rests on, checked without namespaces or root: the gateway
stand-in counts every request by the idempotency key the real SMS gateway adapter sends (a retry of one message is
one key twice, two messages are two keys), and the load's attachments are PDFs by their bytes (the upload check
reads magic bytes), the same bytes again from the same seed (the cross-host download is compared with them)."""

import subprocess
import sys
import time
from pathlib import Path

import pytest

from shikayat.complaints.attachments import sniff
from shikayat.notifications.adapters.sms_gateway import SmsGatewayBackend
from shikayat.notifications.backends import Outgoing

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy" / "cluster"))

from load import attachment_bytes  # noqa: E402


@pytest.fixture
def sink(tmp_path):
    log = tmp_path / "requests.jsonl"
    log.touch()
    process = subprocess.Popen([sys.executable, str(ROOT / "deploy" / "cluster" / "sink.py"), "127.0.0.1", "0",
                                str(log)], stdout=subprocess.PIPE, text=True)
    try:
        port = int(process.stdout.readline().rsplit(":", 1)[1])
        yield f"http://127.0.0.1:{port}/send", log
    finally:
        process.kill()
        process.wait()


def logged(log: Path) -> list[str]:
    import json

    return [json.loads(line)["key"] for line in log.read_text().splitlines()]


def test_the_gateway_stand_in_counts_each_send_by_its_idempotency_key(sink):
    # given the real SMS gateway adapter pointed at the stand-in
    url, log = sink
    backend = SmsGatewayBackend({"URL": url})
    first = Outgoing(channel="sms", recipient="+923001234567", text="one", idempotency_key="shk-aaa")
    second = Outgoing(channel="sms", recipient="+923001234568", text="two", idempotency_key="shk-bbb")
    # when one message is sent, sent again (a worker's retry) and another is sent
    ids = [backend.send(first), backend.send(first), backend.send(second)]
    backend.close()
    deadline = time.time() + 5
    while len(logged(log)) < 3 and time.time() < deadline:
        time.sleep(0.05)
    # then every request is logged under the key it carried, each answered with a provider id
    assert logged(log) == ["shk-aaa", "shk-aaa", "shk-bbb"]
    assert all(ids) and len(set(ids)) == 3


def test_the_loads_attachments_are_pdfs_repeatable_from_their_seed(settings):
    # given two seeds
    one, again, other = attachment_bytes("K7QM4XZ2-1"), attachment_bytes("K7QM4XZ2-1"), attachment_bytes("x-2")
    # then the same seed gives the same bytes, another seed others, and the upload check takes them as PDFs
    assert one == again and one != other
    assert sniff(one[:16]) == ("application/pdf", "pdf") and sniff(other[:16]) == ("application/pdf", "pdf")
    assert 2000 < len(one) <= settings.SHIKAYAT["ATTACHMENT_MAX_BYTES"]


def test_the_cluster_script_explains_itself_without_root():
    # when asked for help (no root, no namespaces)
    result = subprocess.run([str(ROOT / "deploy" / "test-cluster"), "--help"], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    # then it names its options
    assert result.returncode == 0, result.stderr
    assert "--short" in result.stdout and "--seconds" in result.stdout


def test_recovery_is_counted_from_the_kill_to_the_last_failed_answer():
    """A request sent just before the kill fails after it: the time to recover runs to its answer, and is never
    negative (a run once reported -0.02 s, from the failed request's send time)."""
    from types import SimpleNamespace

    from orchestrate import figures_of

    kill = 1000.0
    cluster = SimpleNamespace(marks={"kill": kill, "restart": kill + 5, "web1_back_seconds": 7.0}, lb={},
                              args=SimpleNamespace(seconds=60, threads=6))
    load = {"requests": 10, "statuses": {}, "errors": [
        {"t": kill - 0.3, "ended": kill + 0.4, "kind": "lodge", "status": 502, "host": "", "detail": ""},
        {"t": kill - 0.5, "ended": kill - 0.2, "kind": "track", "status": 0, "host": "", "detail": ""}]}
    figures = figures_of(cluster, load, {"lost": 0, "duplicates": 0}, 1.0, 0.1)
    assert figures["errors_during_kill"] == 2
    assert figures["recover_seconds"] == 0.4
    early = {**load, "errors": load["errors"][1:]}
    assert figures_of(cluster, early, {"lost": 0, "duplicates": 0}, 1.0, 0.1)["recover_seconds"] == 0.0
