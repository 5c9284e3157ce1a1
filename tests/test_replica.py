"""The read replica (shikayat/core/replica.py) against a real streaming standby of the test database, and the
app behind a real PgBouncer in transaction pooling mode.

The standby is made here: pg_basebackup of the primary DATABASE_URL names (with the test database already on it),
started as user postgres on a free port with hot_standby. It needs the primary to accept replication connections
from 127.0.0.1 (pg_hba.conf: `host replication postgres 127.0.0.1/32 trust`, wal_level replica); the test changes
nothing on the machine's server, and skips with that reason when it does not."""

import contextlib
import copy
import csv
import io
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from datetime import timedelta

import psycopg
import pytest
from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test.utils import CaptureQueriesContext, override_settings

from shikayat.complaints import actions, inbox
from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.core import clock, replica
from shikayat.dashboards.rollup import fold_pending

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUTERS = ["shikayat.core.replica.Router"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _primary() -> dict:
    return connections["default"].settings_dict


def _as_postgres(*command, **kwargs):
    return subprocess.run(["runuser", "-u", "postgres", "--", *command], capture_output=True, text=True, **kwargs)


def _bin(name: str) -> str:
    with connections["default"].cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        major = int(cursor.fetchone()[0]) // 10000
    return f"/usr/lib/postgresql/{major}/bin/{name}"


def _connect(port: int, dbname: str, timeout: float = 1) -> psycopg.Connection:
    p = _primary()
    return psycopg.connect(host="127.0.0.1", port=port, user=p["USER"], dbname=dbname, connect_timeout=timeout,
                           autocommit=True)


class Standby:
    """A hot standby of the primary, streaming, in a temporary directory (ours: started and stopped here)."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="shikayat-standby-")
        self.data = os.path.join(self.dir, "data")
        self.port = _free_port()
        self.process = None
        shutil.chown(self.dir, "postgres")

    def make(self):
        p = _primary()
        made = _as_postgres("pg_basebackup", "-h", p["HOST"] or "127.0.0.1", "-p", str(p["PORT"] or 5432),
                            "-U", p["USER"], "-D", self.data, "-R", "-X", "stream", "-c", "fast", timeout=300)
        if made.returncode != 0:
            self.remove()
            reason = made.stderr.strip().splitlines()[-1] if made.stderr.strip() else "pg_basebackup failed"
            pytest.skip(f"no standby of the primary can be made here ({reason}); CI needs pg_hba.conf to allow "
                        f"`host replication postgres 127.0.0.1/32 trust` and wal_level = replica")
        # Debian keeps the configuration outside the data directory: the copy has none of its own.
        with open(os.path.join(self.data, "pg_hba.conf"), "w") as hba:
            hba.write("local all all trust\nhost all all 127.0.0.1/32 trust\n")
        open(os.path.join(self.data, "postgresql.conf"), "a").close()
        shutil.chown(os.path.join(self.data, "pg_hba.conf"), "postgres")
        shutil.chown(os.path.join(self.data, "postgresql.conf"), "postgres")

    def start(self):
        # A hot standby needs at least the primary's value of these.
        with connections["default"].cursor() as cursor:
            needed = {}
            for name in ("max_connections", "max_worker_processes", "max_wal_senders", "max_prepared_transactions",
                         "max_locks_per_transaction"):
                cursor.execute(f"SHOW {name}")
                needed[name] = cursor.fetchone()[0]
        options = [f"-c{name}={value}" for name, value in needed.items()]
        log = open(os.path.join(self.dir, "log"), "a")  # noqa: SIM115 (the server's, closed with it)
        self.process = subprocess.Popen(
            [_bin("postgres"), "-D", self.data, "-p", str(self.port),
             "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.dir}", "-c", "hot_standby=on",
             "-c", f"hba_file={self.data}/pg_hba.conf", "-c", "fsync=off", *options],
            stdout=log, stderr=subprocess.STDOUT, user="postgres", group="postgres")
        deadline = time.monotonic() + 90
        while True:
            try:
                with _connect(self.port, _primary()["NAME"]) as conn:
                    conn.execute("SELECT 1")
                return
            except psycopg.OperationalError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    with open(os.path.join(self.dir, "log")) as text:
                        raise AssertionError(f"the standby did not start:\n{text.read()[-3000:]}") from None
                time.sleep(0.2)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # fast shutdown
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def remove(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def sql(self, statement: str):
        with _connect(self.port, _primary()["NAME"], timeout=5) as conn:
            return conn.execute(statement).fetchone()[0]

    def caught_up(self, timeout: float = 30):
        """Wait until the standby has replayed everything the primary has written so far."""
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
            lsn = cursor.fetchone()[0]
        deadline = time.monotonic() + timeout
        while not self.sql(f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn"):
            assert time.monotonic() < deadline, "the standby did not catch up"
            time.sleep(0.05)


@pytest.fixture(scope="module")
def standby(django_db_setup, django_db_blocker):
    if os.geteuid() != 0 or not shutil.which("pg_basebackup") or not shutil.which("runuser"):
        pytest.skip("making a standby needs root (to run it as user postgres), pg_basebackup and runuser")
    with django_db_blocker.unblock():
        server = Standby()
        server.make()  # after django_db_setup: the test database is on the primary, so it is in the copy
        try:
            server.start()
            yield server
        finally:
            server.stop()
            server.remove()
            connections["default"].close()


@pytest.fixture
def with_replica(standby, transactional_db):
    """DATABASES["replica"] = the standby, same test database name; the router on. Added after the test
    database was set up, so Django neither creates nor flushes anything on the (read-only) standby."""
    config = copy.deepcopy(_primary())
    config.update(HOST="127.0.0.1", PORT=standby.port)
    config["OPTIONS"] = {**config.get("OPTIONS", {}), "connect_timeout": 2}
    settings.DATABASES["replica"] = config
    connections.settings["replica"] = config
    _allow_in_this_test("replica")
    replica.forget_health()
    with override_settings(DATABASE_ROUTERS=ROUTERS):
        yield standby
    connections["replica"].close()
    with contextlib.suppress(AttributeError):  # made in this thread only if used
        del connections["replica"]
    settings.DATABASES.pop("replica", None)
    connections.settings.pop("replica", None)
    replica.forget_health()
    if standby.process is None:
        standby.start()
    standby.sql("SELECT pg_wal_replay_resume()")


def _allow_in_this_test(alias: str) -> None:
    """Let this test's case class use `alias` (Django refuses aliases a test did not declare; declaring it up
    front would make Django flush it afterwards, and a standby cannot be written)."""
    patched = BaseDatabaseWrapper.ensure_connection
    for cell in patched.__closure__ or ():
        case = cell.cell_contents
        if isinstance(case, type) and hasattr(case, "databases"):
            case.databases = {*case.databases, alias}


def _where(model_pk) -> str:
    return Complaint.objects.get(pk=model_pk)._state.db


# --- the router ---------------------------------------------------------------------------------------------------

def test_reads_go_to_the_standby_only_inside_reads(with_replica, new_complaint):
    complaint = new_complaint()
    with_replica.caught_up()

    with replica.reads():
        inside = _where(complaint.pk)
        with connections[replica.ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery()")
            in_recovery = cursor.fetchone()[0]
    outside = _where(complaint.pk)

    assert inside == "replica" and in_recovery is True
    assert outside == "default"
    # Fresh enough to be read: within the allowed lag (its measure, now - the last replayed commit, can read a
    # second or two while other work on the server streams WAL just after the catch-up).
    assert replica.lag_seconds() is not None and replica.lag_seconds() <= replica.max_lag()


def test_a_write_inside_reads_sends_the_rest_of_it_to_the_primary(with_replica, force, new_complaint):
    complaint = new_complaint()
    with_replica.caught_up()

    with replica.reads():
        before = _where(complaint.pk)
        actions.add_note(complaint, actor=force.officers["cell_A"], text="Called the bank.")
        note = ComplaintEvent.objects.filter(complaint=complaint, action="add_note").first()

    assert before == "replica"
    assert note is not None and note._state.db == "default"


def test_a_lagging_standby_is_not_read(with_replica, new_complaint, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "REPLICA_MAX_LAG_SECONDS": 1}
    new_complaint()
    with_replica.caught_up()
    with_replica.sql("SELECT pg_wal_replay_pause()")
    late = new_complaint()  # on the primary; the standby receives it but does not replay it
    time.sleep(1.5)
    replica.forget_health()

    with replica.reads():
        where = _where(late.pk)

    assert replica.lag_seconds() > 1
    assert where == "default"  # and found: the standby has not replayed it yet
    with_replica.sql("SELECT pg_wal_replay_resume()")
    with_replica.caught_up()
    replica.forget_health()
    with replica.reads():
        assert _where(late.pk) == "replica"


def test_a_stopped_standby_is_skipped_without_an_error_and_used_again_once_back(with_replica, new_complaint,
                                                                               settings, client, force):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "REPLICA_RETRY_SECONDS": 0.5}
    complaint = new_complaint()
    with_replica.caught_up()
    with replica.reads():
        assert _where(complaint.pk) == "replica"
    connections["replica"].close()

    with_replica.stop()
    with replica.reads():
        where = _where(complaint.pk)
    client.force_login(force.officers["dpo_A"])
    page = client.get("/officer/dashboard/")

    assert where == "default"
    assert replica.lag_seconds() == float("inf")
    assert page.status_code == 200
    with_replica.start()
    time.sleep(0.6)
    with replica.reads():
        assert _where(complaint.pk) == "replica"


def test_a_page_whose_standby_stopped_since_it_was_measured_is_shown_from_the_primary(with_replica, client, force,
                                                                                       new_complaint):
    new_complaint()
    with_replica.caught_up()
    client.force_login(force.officers["dpo_A"])
    assert client.get("/officer/review/").status_code == 200  # the standby is measured and trusted for a while
    connections["replica"].close()
    with_replica.stop()

    page = client.get("/officer/review/")

    assert page.status_code == 200


def test_a_view_whose_standby_dies_mid_way_is_run_again_on_the_primary(with_replica, new_complaint):
    complaint = new_complaint()
    with_replica.caught_up()
    seen = []

    @replica.reads()
    def page():
        seen.append(_where(complaint.pk))
        with_replica.stop()  # after the page's first read: the second fails on the standby
        seen.append(_where(complaint.pk))
        return "shown"

    shown = page()

    assert shown == "shown"
    assert seen == ["replica", "default", "default"]  # the second run read the primary only
    assert replica.lag_seconds() == float("inf")


def _aged(complaint, days: int):
    now = clock.now()
    Complaint.objects.filter(pk=complaint.pk).update(received_at=now - timedelta(days=days),
                                                     report_due_at=now - timedelta(days=1))


def _last_actions(response) -> dict:
    return {row["complaint"].etag: row["last_action"] for group in response.context["groups"]
            for row in group["rows"]}


def test_a_browser_that_wrote_reads_its_own_write(with_replica, client, force, new_complaint, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "REPLICA_MAX_LAG_SECONDS": 60}
    complaint = new_complaint()
    _aged(complaint, 20)
    with_replica.caught_up()
    with_replica.sql("SELECT pg_wal_replay_pause()")  # the standby now stays where it is
    writer, other = client, type(client)()
    writer.force_login(force.officers["dpo_A"])
    other.force_login(force.officers["dpo_A"])

    posted = writer.post("/officer/review/directions/", {f"direction-{complaint.etag}": "Finish it by Friday."})
    own = writer.get("/officer/review/")
    elsewhere = other.get("/officer/review/")

    assert posted.status_code == 302 and replica.WROTE_COOKIE in posted.cookies
    assert posted.cookies[replica.WROTE_COOKIE]["max-age"] == 62
    assert "direction" in str(_last_actions(own)[complaint.etag]).lower()
    # the same page without the marker reads the paused standby: the write is not there yet
    assert "direction" not in str(_last_actions(elsewhere)[complaint.etag]).lower()


# --- the pages read from the standby give the primary's figures -----------------------------------------------------

@pytest.fixture
def lodged(force, new_complaint):
    o = force.officers
    for unit in ("SA1", "SA1", "SA2", "SB1"):
        new_complaint(unit=unit)
    first = new_complaint(unit="SA1")
    _aged(first, 10)
    actions.add_note(first, actor=o["cell_A"], text="Called the bank.")
    fold_pending()
    return first


def _page_on(alias_wanted, client, url, params=None):
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.get(url, params or {})
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    assert (len(on_replica) > 0) is (alias_wanted == "replica"), f"{url}: {len(on_replica)} queries on the standby"
    return response, body


def test_the_dashboard_and_exports_read_from_the_standby_give_the_primarys_figures(with_replica, client, force,
                                                                                 lodged):
    with_replica.caught_up()
    client.force_login(force.officers["dpo_A"])
    replica.forget_health()

    dashboard, _ = _page_on("replica", client, "/officer/dashboard/")
    review_csv = _page_on("replica", client, "/officer/review/export.csv")[1]
    inbox_csv = _page_on("replica", client, "/officer/complaints/export.csv", {"box": "all"})[1]
    league = _page_on("replica", client, "/officer/dashboard/league/")[0]
    with override_settings(DATABASE_ROUTERS=[]):
        dashboard_p, _ = _page_on("primary", client, "/officer/dashboard/")
        review_csv_p = _page_on("primary", client, "/officer/review/export.csv")[1]
        inbox_csv_p = _page_on("primary", client, "/officer/complaints/export.csv", {"box": "all"})[1]
        league_p = _page_on("primary", client, "/officer/dashboard/league/")[0]

    assert dashboard.context["f"] == dashboard_p.context["f"]
    assert dashboard.context["f"].totals["received"] == 4  # district A: SA1 three times, SA2 once
    assert dashboard.context["children"] == dashboard_p.context["children"]
    assert len(list(csv.reader(io.StringIO(inbox_csv.decode("utf-8-sig"))))) == 1 + 4
    assert review_csv == review_csv_p and inbox_csv == inbox_csv_p
    assert league.context["rows"] == league_p.context["rows"]


def test_the_lost_reports_export_reads_from_the_standby_and_the_list_page_from_the_primary(with_replica, client,
                                                                                         force):
    from .test_lost import reported

    in_a, in_b = reported(station="SA1"), reported(station="SB1", identifier="35202-7654321-1", kind="id_card")
    with_replica.caught_up()
    client.force_login(force.officers["sho_A"])
    replica.forget_health()

    exported = _page_on("replica", client, "/officer/lost/", {"format": "csv"})[1]
    _page_on("primary", client, "/officer/lost/")  # the station's working list: what it just recorded
    with override_settings(DATABASE_ROUTERS=[]):
        exported_p = _page_on("primary", client, "/officer/lost/", {"format": "csv"})[1]

    assert exported == exported_p
    assert in_a.number in exported.decode("utf-8-sig") and in_b.number not in exported.decode("utf-8-sig")


def test_the_delay_ledgers_of_permits_and_services_and_the_calls_review_list_read_from_the_standby(
        with_replica, client, force):
    from datetime import timedelta as hours_after

    from shikayat.permits.sweep import permit_breaches

    from .test_permits import applied

    late = applied()
    permit_breaches(late.station_due_at + hours_after(minutes=1))  # charged to the station: on the ledger
    with_replica.caught_up()
    replica.forget_health()
    client.force_login(force.officers["dpo_A"])

    permits_late = _page_on("replica", client, "/officer/permits/late/")[1]
    services_late = _page_on("replica", client, "/officer/services/late/")[0]
    client.force_login(force.officers["cell_A"])
    calls_review = _page_on("replica", client, "/officer/calls/review/")[0]
    client.force_login(force.officers["dpo_A"])
    with override_settings(DATABASE_ROUTERS=[]):
        permits_late_p = _page_on("primary", client, "/officer/permits/late/")[1]

    assert f'data-row="{late.etag}"'.encode() in permits_late
    assert permits_late.count(b"data-row=") == permits_late_p.count(b"data-row=") == 1
    assert services_late.status_code == calls_review.status_code == 200


def test_a_dashboard_that_folds_first_waits_for_the_standby_to_have_the_fold(with_replica, client, force, lodged,
                                                                           new_complaint):
    with_replica.caught_up()
    client.force_login(force.officers["dpo_A"])
    before = client.get("/officer/dashboard/").context["f"].totals["received"]
    new_complaint(unit="SA2")  # pending, not folded: the page folds it on the primary, then reads the standby

    after, _ = _page_on("replica", client, "/officer/dashboard/")

    assert after.context["f"].totals["received"] == before + 1


# --- PgBouncer ------------------------------------------------------------------------------------------------------

class Bouncer:
    """PgBouncer in transaction pooling mode in front of the primary, as user postgres, on a free port."""

    def __init__(self, pool_size: int = 2):
        self.dir = tempfile.mkdtemp(prefix="shikayat-pgbouncer-")
        shutil.chown(self.dir, "postgres")
        self.port = _free_port()
        p = _primary()
        with open(os.path.join(self.dir, "users.txt"), "w") as users:
            users.write(f'"{p["USER"]}" ""\n')
        with open(os.path.join(self.dir, "pgbouncer.ini"), "w") as ini:
            ini.write(f"""[databases]
* = host={p["HOST"] or "127.0.0.1"} port={p["PORT"] or 5432}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {self.port}
unix_socket_dir =
auth_type = trust
auth_file = {self.dir}/users.txt
pool_mode = transaction
default_pool_size = {pool_size}
server_round_robin = 0
max_client_conn = 200
logfile = {self.dir}/log
""")
        for name in ("users.txt", "pgbouncer.ini"):
            shutil.chown(os.path.join(self.dir, name), "postgres")
        self.process = subprocess.Popen(["pgbouncer", os.path.join(self.dir, "pgbouncer.ini")], user="postgres",
                                        group="postgres", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while True:
            try:
                with _connect(self.port, p["NAME"]) as conn:
                    conn.execute("SELECT 1")
                return
            except psycopg.OperationalError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise
                time.sleep(0.1)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def bouncer(transactional_db):
    if os.geteuid() != 0 or not shutil.which("pgbouncer"):
        pytest.skip("needs root and PgBouncer (apt-get install pgbouncer)")
    server = Bouncer()
    yield server
    server.stop()


def _through(bouncer, **pooler_settings):
    """Send the app's default connection through PgBouncer (the same test database on the same primary)."""
    primary = connections["default"]
    primary.close()
    saved = copy.deepcopy(primary.settings_dict)
    primary.settings_dict.update(HOST="127.0.0.1", PORT=bouncer.port, **pooler_settings)
    primary.settings_dict["OPTIONS"] = {k: v for k, v in saved["OPTIONS"].items() if k != "prepare_threshold"}
    return saved


def _back(saved):
    connections["default"].close()
    connections["default"].settings_dict.clear()
    connections["default"].settings_dict.update(saved)


def _occupy_the_last_used_server(bouncer):
    """Another client holds, inside a transaction, the server connection PgBouncer would hand out next (it hands
    out the most recently used one first: server_round_robin = 0)."""
    other = _connect(bouncer.port, _primary()["NAME"])
    other.autocommit = False
    other.execute("SELECT 1")
    return other


def test_the_app_runs_behind_pgbouncer_in_transaction_pooling(bouncer, force, new_complaint, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "DB_PREPARED": False}
    for _ in range(30):
        new_complaint()
    saved = _through(bouncer, DISABLE_SERVER_SIDE_CURSORS=True)
    try:
        lodged = new_complaint(unit="SA2")
        actions.add_note(lodged, actor=force.officers["cell_A"], text="Called the bank.")
        seen, other = [], None
        for row in Complaint.objects.order_by("pk").iterator(chunk_size=5):
            seen.append(row.pk)
            if other is None:
                other = _occupy_the_last_used_server(bouncer)
        other.close()
        page = inbox.page(force.officers["dpo_A"], {"box": "all"})
        with connections["default"].cursor() as cursor:
            cursor.execute("SHOW TimeZone")
            zone = cursor.fetchone()[0]
    finally:
        _back(saved)

    assert len(seen) == 31 and lodged.pk in seen
    assert ComplaintEvent.objects.filter(complaint=lodged, action="add_note").exists()
    assert page.rows[0].pk == lodged.pk  # newest first
    assert zone == "UTC"


def test_a_server_side_cursor_breaks_behind_pgbouncer(bouncer, force, new_complaint):
    for _ in range(12):
        new_complaint()
    saved = _through(bouncer, DISABLE_SERVER_SIDE_CURSORS=False)
    try:
        with pytest.raises(Exception, match="cursor") as raised:
            other = None
            for _row in Complaint.objects.order_by("pk").iterator(chunk_size=5):
                if other is None:
                    other = _occupy_the_last_used_server(bouncer)
        other.close()
    finally:
        _back(saved)
    assert "does not exist" in str(raised.value)
