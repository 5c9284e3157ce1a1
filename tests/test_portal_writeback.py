"""Writing back to the portals complaints came from, against a real local HTTP server playing the portal: every
public step of an imported complaint arrives once, in order, through a portal that is down for a while; a
permanent refusal lands in the dead letter, shows on the complaint cell's page and is retried from there; other
channels queue nothing; the daily disposal file of a file-only portal has the mapping's columns; a portal's
reminder and re-opened notices are linked to the complaint, flag or reopen it, and are never duplicated."""

import contextlib
import csv
import io
import json
import socket
import threading
from collections import Counter
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from shikayat.channels import disposal, listeners, portal_import, writeback
from shikayat.channels.admin import PortalConnectionForm
from shikayat.channels.models import DisposalFile, PortalConnection, PortalDisposal, PortalNotice
from shikayat.complaints import actions, hooks
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.complaints.workflow import Status
from shikayat.core.errors import InvalidInput
from shikayat.notifications import delivery
from shikayat.notifications.models import OutboxMessage
from shikayat.updates.models import OfficerNotice
from shikayat.worker import tasks

from .factories import complaint_data

TOKEN_ENV = "SHIKAYAT_TEST_PM_PORTAL_TOKEN"
PM_HEADER = ["Complaint No", "Citizen Name", "Mobile No", "CNIC", "Category", "District", "Police Station",
             "Complaint Detail", "Date Received", "Notice Type", "Notice No"]
PM_MAPPING = {"extends": "pm_portal", "label": "PM Citizen's Portal",
              "values": {"category": {"Theft": "THEFT"}, "district": {"Lahore": "DA"}, "unit": {"Model Town": "SA1"}}}
IGRS_MAPPING = {"extends": "igrs", "values": {"category": {"Theft": "THEFT"}, "district": {"Lahore": "DA"},
                                              "unit": {"Model Town": "SA1"}}}
HINDI_CALL = "एक अधिकारी ने आपसे फ़ोन पर बात की।"  # "An officer spoke to you by phone."
CONTACT_NOTE = "Spoke to Ali about the motorcycle; suspects the neighbour's son."


class FakePortal:
    """The portal's status API. `script` holds what the next requests get ("503", "400", "ok"); then "ok".
    Like a portal that honours idempotency keys, a key it accepted before is not recorded again."""

    def __init__(self):
        self.script: list[str] = []
        self.requests: list[dict] = []
        self.accepted: list[dict] = []  # bodies it took, in the order it took them
        self.keys = Counter()
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/complaints/status"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                is_json = self.headers.get("Content-Type", "").startswith("application/json")
                body = json.loads(raw) if is_json else {k: v[0] for k, v in parse_qs(raw).items()}
                key = self.headers.get("Idempotency-Key")
                with portal.lock:
                    action = portal.script.pop(0) if portal.script else "ok"
                    portal.requests.append({"headers": dict(self.headers), "body": body, "action": action})
                    if action == "ok" and not portal.keys[key]:
                        portal.keys[key] += 1
                        portal.accepted.append(body)
                code, answer = {"503": (503, {"error": "maintenance"}),
                                "400": (400, {"error": "complaint_no not found"})}.get(
                    action, (200, {"data": {"id": f"PCP-{len(portal.accepted)}"}}))
                data = json.dumps(answer).encode()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.send_response(code)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)

        return Handler


@pytest.fixture
def portal(monkeypatch):
    server = FakePortal()
    monkeypatch.setenv(TOKEN_ENV, "pcp-secret-token")
    yield server
    server.stop()


@pytest.fixture
def pm_connection(force, portal):
    return PortalConnection.objects.create(source="pm_portal", label="PM Citizen's Portal", mode="api",
                                           endpoint=portal.url, secret_env=TOKEN_ENV, connect_timeout=2,
                                           read_timeout=5, mapping={"extends": "pm_portal"})


def pm_csv(*rows: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(PM_HEADER)
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode()


def pm_row(reference="PMDU-1001", notice="", notice_no="", received="20/11/2026 14:30"):
    return [reference, "Ali Raza", "03001234567", "", "Theft", "Lahore", "Model Town",
            "My motorcycle was stolen outside the mosque after Friday prayers.", received, notice, notice_no]


def import_pm(content: bytes, actor=SYSTEM, **kwargs):
    mapping = portal_import.build_mapping("pm_portal", PM_MAPPING)
    return portal_import.import_file(content=content, file_name="pm.csv", mapping=mapping, actor=actor, **kwargs)


def imported(reference="PMDU-1001", source="pm_portal") -> Complaint:
    return Complaint.objects.get(channel="portal_import", external_ref=f"{source}:{reference}")


def to_resolution(force, complaint: Complaint) -> Complaint:
    """assign → contact → field visit → propose → approve: the complaint awaits the complainant's feedback."""
    o = force.officers
    complaint = actions.assign(complaint, actor=o["cell_A"], officer=o["sho_A"])
    complaint = actions.log_contact(complaint, actor=o["sho_A"], method="call", outcome=CONTACT_NOTE)
    complaint = actions.log_field_visit(complaint, actor=o["sho_A"], findings="Met two witnesses at the mosque.")
    complaint = actions.propose_resolution(complaint, actor=o["sho_A"], resolution="Motorcycle recovered.")
    return actions.approve_resolution(complaint, actor=o["dpo_A"])


EXPECTED = [  # (their status, the remarks as the complainant reads them on /track/)
    ("In Process", "Your complaint was registered."),
    ("In Process", "Your complaint was marked to an officer of rank Inspector at Sa1."),
    ("In Process", "An officer spoke to you by phone."),
    ("In Process", "An officer visited the place to verify the facts."),
    ("In Process", "The officer reported how your complaint was resolved; a senior officer is checking it."),
    ("Resolved - Awaiting Feedback", "The police proposed this resolution of your complaint: “Motorcycle recovered.”"),
    ("Resolved", "You said you were satisfied, and your complaint was closed. Thank you."),
]


def deliver_until_quiet(hours: int = 48) -> None:
    """Run the worker's delivery forward in time, an hour at a time, as the scheduler would."""
    now = timezone.now()
    for step in range(hours):
        delivery.deliver_due(now=now + timedelta(hours=step))


def test_each_public_step_arrives_once_in_order_in_the_portal_s_fields(force, portal, pm_connection):
    # given a complaint imported from the Prime Minister's portal
    run = import_pm(pm_csv(pm_row()))
    assert run.imported == 1
    complaint = imported()
    # when officers take it through to the complainant's satisfaction (internal steps too)
    complaint = to_resolution(force, complaint)
    actions.add_note(complaint, actor=force.officers["dpo_A"], text="Internal: watch the SHO on this one.")
    actions.record_feedback(complaint, actor=force.officers["cell_A"], satisfied=True, rating=5)
    delivery.deliver_due()
    delivery.deliver_due()  # a second pass sends nothing more
    # then the portal has every public step once, in order, in its fields and status values
    assert [(body["status"], body["remarks"]) for body in portal.accepted] == EXPECTED
    assert {body["complaint_no"] for body in portal.accepted} == {"PMDU-1001"}
    assert {body["department_reference"] for body in portal.accepted} == {complaint.etag_display}
    assert portal.accepted[0]["office"] == "Sa1" and portal.accepted[1]["officer_designation"] == "Inspector"
    assert set(portal.accepted[0]) == {"complaint_no", "department_reference", "status", "remarks", "action_date",
                                       "officer_designation", "office"}
    # never an internal note, the officer's name or the complainant's contact
    sent = json.dumps(portal.accepted, ensure_ascii=False)
    assert "Internal" not in sent and "neighbour" not in sent and "sho_A" not in sent and "0300" not in sent
    assert len(portal.requests) == len(EXPECTED) == len(portal.keys)
    assert {r["headers"]["Authorization"] for r in portal.requests} == {"Bearer pcp-secret-token"}
    rows = OutboxMessage.objects.filter(channel="portal").order_by("id")
    assert [row.state for row in rows] == ["sent"] * len(EXPECTED)
    assert rows.first().provider_message_id == "PCP-1"
    assert {r["headers"]["Idempotency-Key"] for r in portal.requests} == {row.idempotency_key for row in rows}


def test_a_retried_action_queues_nothing_twice(force, portal, pm_connection):
    import_pm(pm_csv(pm_row()))
    complaint = actions.assign(imported(), actor=force.officers["cell_A"], officer=force.officers["sho_A"])
    written = complaint.events.get(action="assign")
    event = hooks.ActionEvent(complaint=complaint, before=complaint, action="assign", from_status="registered",
                              to_status="assigned", actor=force.officers["cell_A"], channel="web", at=written.at,
                              data={}, timeline=written)
    # when the listener hears the same timeline event again (a retried delivery of the hook)
    listeners.step_taken(event)
    # then there is still one row for it
    assert OutboxMessage.objects.filter(channel="portal", dedupe_key__endswith=f":{written.pk}").count() == 1


def test_a_portal_down_for_a_while_still_gets_every_step_once_in_order(force, portal, pm_connection):
    # given the portal answers 503 five times before it is back
    portal.script = ["503"] * 5
    import_pm(pm_csv(pm_row()))
    complaint = to_resolution(force, imported())
    actions.record_feedback(complaint, actor=force.officers["cell_A"], satisfied=True)
    # when the worker keeps trying over the next two days
    deliver_until_quiet()
    # then each step arrived once, in order, after the retries
    assert [(body["status"], body["remarks"]) for body in portal.accepted] == EXPECTED
    assert [r["action"] for r in portal.requests][:5] == ["503"] * 5
    assert set(portal.keys.values()) == {1}
    assert len(portal.requests) == 5 + len(EXPECTED)  # nothing overtook the first step while it was refused
    first = OutboxMessage.objects.filter(channel="portal").order_by("id").first()
    assert first.state == "sent" and first.attempts == 6


def test_a_portal_that_does_not_answer_at_all_gets_every_step_once_in_order_when_it_is_back(force, portal,
                                                                                          pm_connection, client):
    # given the portal's server is down: nothing listens at its address
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/api/complaints/status"
    PortalConnection.objects.filter(pk=pm_connection.pk).update(endpoint=closed)
    import_pm(pm_csv(pm_row()))
    complaint = to_resolution(force, imported())
    # when the worker tries for a few hours
    deliver_until_quiet(3)
    # then nothing is lost: the steps wait, the first with the error and its retries, and the cell sees them
    rows = list(OutboxMessage.objects.filter(channel="portal").order_by("id"))
    assert {row.state for row in rows} == {"pending"} and len(rows) == len(EXPECTED) - 1
    assert rows[0].attempts >= 2 and "unreachable" in rows[0].last_error
    assert all(row.attempts == 0 for row in rows[1:])  # none overtook the first
    client.force_login(force.officers["cell_A"])
    assert "unreachable" in client.get(reverse("channels:portals")).content.decode()
    # when the portal is back, then every step arrives once, in order
    PortalConnection.objects.filter(pk=pm_connection.pk).update(endpoint=portal.url)
    actions.record_feedback(complaint, actor=force.officers["cell_A"], satisfied=True)
    deliver_until_quiet(hours=12 + 3)
    assert [(body["status"], body["remarks"]) for body in portal.accepted] == EXPECTED
    assert len(portal.requests) == len(EXPECTED)


def test_a_permanent_refusal_lands_in_the_dead_letter_and_the_cell_retries_it(force, portal, pm_connection,
                                                                              client):
    # given the portal refuses the registration for good (400)
    portal.script = ["400"]
    import_pm(pm_csv(pm_row()))
    actions.assign(imported(), actor=force.officers["cell_A"], officer=force.officers["sho_A"])
    deliver_until_quiet(3)
    # then it is dead, and the later step was not held back by it
    dead, assigned = OutboxMessage.objects.filter(channel="portal").order_by("id")
    assert dead.state == "dead" and "HTTP 400" in dead.last_error and dead.attempts == 1
    assert assigned.state == "sent" and [b["remarks"] for b in portal.accepted] == [EXPECTED[1][1]]
    # and the complaint cell sees it with its error and a Retry now button
    client.force_login(force.officers["cell_A"])
    page = client.get(reverse("channels:portals"))
    html = page.content.decode()
    assert page.status_code == 200 and "complaint_no not found" in html and "Retry now" in html
    assert f'name="message" value="{dead.pk}"' in html and 'name="csrfmiddlewaretoken"' in html
    # when the cell retries it (the portal has meanwhile fixed its side)
    answer = client.post(reverse("channels:portals-retry"), {"message": [dead.pk]})
    assert answer.status_code == 302
    dead.refresh_from_db()
    assert dead.state == "pending" and dead.attempts == 0
    delivery.deliver_due()
    delivery.deliver_due()
    # then it is sent, once, and the later step (already sent) goes again after it, so the portal ends on the
    # complaint's current status rather than on the older one retried
    dead.refresh_from_db()
    assert dead.state == "sent"
    assert [b["remarks"] for b in portal.accepted] == [EXPECTED[1][1], EXPECTED[0][1], EXPECTED[1][1]]
    again = OutboxMessage.objects.filter(channel="portal").order_by("id").last()
    assert again.pk > assigned.pk and again.state == "sent" and again.context == assigned.context
    assert again.idempotency_key != assigned.idempotency_key  # the portal takes it as a new call


def test_retrying_an_older_step_while_a_later_one_still_waits_sends_nothing_twice(force, portal, pm_connection):
    # given the registration died and the next step is still waiting (the portal is down for it)
    portal.script = ["400", "503", "503", "503"]
    import_pm(pm_csv(pm_row()))
    actions.assign(imported(), actor=force.officers["cell_A"], officer=force.officers["sho_A"])
    delivery.deliver_due()
    dead, assigned = OutboxMessage.objects.filter(channel="portal").order_by("id")
    assert dead.state == "dead" and assigned.state == "pending"
    # when the older one is retried, nothing is queued again: the later step still goes after it
    delivery.requeue([dead.pk])
    assert OutboxMessage.objects.filter(channel="portal").count() == 2


def test_the_page_is_the_complaint_cell_s_and_retries_only_its_own(force, portal, pm_connection, client):
    portal.script = ["400"]
    import_pm(pm_csv(pm_row()))
    deliver_until_quiet(1)
    dead = OutboxMessage.objects.get(channel="portal")
    client.force_login(force.officers["sho_A"])
    assert client.get(reverse("channels:portals")).status_code == 403
    assert client.post(reverse("channels:portals-retry"), {"message": [dead.pk]}).status_code == 403
    # a district cell elsewhere does not see (nor retry) district A's complaint
    client.force_login(force.officers["cell_B"])
    assert "complaint_no not found" not in client.get(reverse("channels:portals")).content.decode()
    client.post(reverse("channels:portals-retry"), {"message": [dead.pk]})
    dead.refresh_from_db()
    assert dead.state == "dead"


def test_a_complaint_from_another_channel_queues_nothing_and_costs_no_query(force, portal, pm_connection):
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data())
    complaint = actions.assign(complaint, actor=force.officers["cell_A"], officer=force.officers["sho_A"])
    assert not OutboxMessage.objects.filter(channel="portal").exists() and not PortalDisposal.objects.exists()
    written = complaint.events.get(action="assign")
    event = hooks.ActionEvent(complaint=complaint, before=complaint, action="assign", from_status="registered",
                              to_status="assigned", actor=SYSTEM, channel="web", at=written.at, data={},
                              timeline=written)
    registered = hooks.Registered(complaints=(complaint,), actor=SYSTEM, channel="web", at=written.at)
    with CaptureQueriesContext(connection) as queries:
        listeners.step_taken(event)
        listeners.registered(registered)
    assert len(queries) == 0


def test_a_portal_without_a_connection_or_switched_off_hears_nothing(force, portal):
    import_pm(pm_csv(pm_row()))
    PortalConnection.objects.create(source="pm_portal", mode="off", mapping={})
    actions.assign(imported(), actor=force.officers["cell_A"], officer=force.officers["sho_A"])
    assert not OutboxMessage.objects.filter(channel="portal").exists()


def igrs_csv(reference="IGRS-77") -> bytes:
    header = ["Reference Number", "Applicant Name", "Mobile Number", "Address", "Grievance Type", "District",
              "Thana", "Grievance Details", "Registration Date"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerow([reference, "Ram Kumar", "03001234568", "Model Town", "Theft", "Lahore", "Model Town",
                     "My bicycle was stolen from outside the market on Sunday.", "01-12-2026 10:00:00"])
    return out.getvalue().encode()


def test_a_file_only_portal_gets_a_disposal_file_in_its_columns(force, client, tmp_path):
    # given IGRS takes files only, and one of its complaints is marked and contacted
    PortalConnection.objects.create(source="igrs", label="IGRS", mode="file", mapping={"extends": "igrs"})
    mapping = portal_import.build_mapping("igrs", IGRS_MAPPING)
    portal_import.import_file(content=igrs_csv(), file_name="igrs.csv", mapping=mapping, actor=SYSTEM)
    complaint = imported("IGRS-77", "igrs")
    complaint = actions.assign(complaint, actor=force.officers["cell_A"], officer=force.officers["sho_A"])
    actions.log_contact(complaint, actor=force.officers["sho_A"], method="call", outcome=CONTACT_NOTE)
    assert not OutboxMessage.objects.filter(channel="portal").exists()
    assert PortalDisposal.objects.filter(source="igrs", file__isnull=True).count() == 3
    # and the cell sees the steps waiting for the next file
    client.force_login(force.officers["cpo_cell"])
    assert "Waiting for the next disposal file" in client.get(reverse("channels:portals")).content.decode()
    # when the file is made on demand for today
    out = io.StringIO()
    call_command("portal_disposals", "--source", "igrs", "--date", timezone.localdate().isoformat(),
                 "--out", str(tmp_path), stdout=out)
    made = DisposalFile.objects.get()
    # then its columns are the mapping's, in the CSV and the XLSX alike, one row a step, oldest first
    columns = writeback.build("igrs", {"extends": "igrs"}).columns
    assert columns == ["Reference Number", "Department Reference", "Disposal Status", "Action Taken Report",
                       "Disposal Date", "Officer Designation", "Thana"]
    rows = list(csv.reader(io.StringIO(bytes(made.csv_content).decode("utf-8-sig"))))
    assert rows[0] == columns and len(rows) == 4 == made.rows + 1
    assert [row[2] for row in rows[1:]] == ["Pending", "Pending", "Under Enquiry"]
    assert {row[0] for row in rows[1:]} == {"IGRS-77"} and {row[1] for row in rows[1:]} == {complaint.etag_display}
    # IGRS reads Hindi, in its own date format (dd-mm-yyyy hh:mm:ss)
    assert rows[3][3] == HINDI_CALL
    assert rows[1][4] == timezone.localtime(complaint.received_at).strftime("%d-%m-%Y %H:%M:%S")
    sheet = openpyxl.load_workbook(io.BytesIO(bytes(made.xlsx_content))).active
    assert [["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)] == rows
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".csv", ".xlsx"]
    # and a step is in one file only: the next run finds nothing, the daily job too
    out = io.StringIO()
    call_command("portal_disposals", "--source", "igrs", stdout=out)
    assert "Nothing waiting" in out.getvalue()
    assert tasks.make_disposal_files.call() == {} and DisposalFile.objects.count() == 1
    # the top cell downloads it as an attachment; a district cell sees no files
    download = client.get(reverse("channels:portals-file", args=[made.pk, "csv"]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert b"Reference Number" in download.content
    client.force_login(force.officers["cell_A"])
    assert client.get(reverse("channels:portals-file", args=[made.pk, "xlsx"])).status_code == 404


def test_a_disposal_file_follows_a_mapping_of_its_own_columns_order_and_constants(force):
    # given a file-only portal whose mapping names its own columns, in its own order, with a fixed column (stored
    # as the admin saves it: on PostgreSQL a JSON object's keys come back in jsonb's order, so the order is a list)
    statuses = {status: ("Disposed" if status == Status.CLOSED else "Pending") for status in Status.values}
    PortalConnection.objects.create(source="igrs", mode="file", mapping={
        "fields": {"status": "Status", "reference": "Ref No", "remarks": "ATR", "date": "Dated"},
        "statuses": statuses, "constants": {"Department": "UP Police", "Ref No": "never used"},
        "date_format": "%Y-%m-%d", "language": "en", "columns": ["Status", "Ref No", "ATR", "Dated", "Department"]})
    portal_import.import_file(content=igrs_csv(), file_name="igrs.csv", mapping=portal_import.build_mapping(
        "igrs", IGRS_MAPPING), actor=SYSTEM)
    complaint = imported("IGRS-77", "igrs")
    actions.assign(complaint, actor=force.officers["cell_A"], officer=force.officers["sho_A"])
    # when the file is made
    made = disposal.make_file("igrs", day=timezone.localdate())
    # then its columns are the mapping's, in its order, with the constants it does not name already
    rows = list(csv.reader(io.StringIO(bytes(made.csv_content).decode("utf-8-sig"))))
    assert rows[0] == ["Status", "Ref No", "ATR", "Dated", "Department"]
    assert rows[1:] == [
        ["Pending", "IGRS-77", "Your complaint was registered.",
         timezone.localtime(complaint.received_at).strftime("%Y-%m-%d"), "UP Police"],
        ["Pending", "IGRS-77", "Your complaint was marked to an officer of rank Inspector at Sa1.",
         timezone.localdate().strftime("%Y-%m-%d"), "UP Police"]]
    sheet = openpyxl.load_workbook(io.BytesIO(bytes(made.xlsx_content))).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == rows
    # and without "columns" the order is ours (reference, etag, status, remarks, date, officer, unit; then the
    # constants by name), the same on every database
    mapping = PortalConnection.objects.get().mapping
    del mapping["columns"]
    assert writeback.build("igrs", mapping).columns == ["Ref No", "Status", "ATR", "Dated", "Department"]


def test_the_daily_job_makes_yesterday_s_file_for_each_file_portal(force):
    PortalConnection.objects.create(source="igrs", mode="file", mapping={"extends": "igrs"})
    mapping = portal_import.build_mapping("igrs", IGRS_MAPPING)
    portal_import.import_file(content=igrs_csv(), file_name="igrs.csv", mapping=mapping, actor=SYSTEM)
    PortalDisposal.objects.update(at=timezone.now() - timedelta(days=1))
    assert tasks.make_disposal_files.call() == {"igrs": 1}
    assert DisposalFile.objects.get().day == timezone.localdate() - timedelta(days=1)


# --- reminders and re-opened notices ------------------------------------------------------------------------


def test_a_reminder_is_linked_flags_the_complaint_tells_its_holder_and_is_never_duplicated(force, portal,
                                                                                           pm_connection):
    import_pm(pm_csv(pm_row()))
    complaint = actions.assign(imported(), actor=force.officers["cell_A"], officer=force.officers["sho_A"])
    reminder = pm_csv(pm_row(notice="Reminder", notice_no="R-55", received="28/11/2026"))
    # when the portal's reminder is imported (twice)
    first = import_pm(reminder)
    again = import_pm(reminder)
    # then it is linked, not registered: one complaint, one internal note, the holder told once
    assert (first.imported, first.linked, first.reopened, first.already_present) == (0, 1, 0, 0)
    assert (again.imported, again.linked, again.already_present) == (0, 0, 1)
    assert Complaint.objects.count() == 1
    notes = complaint.events.filter(action="add_note")
    assert notes.count() == 1 and not notes.get().is_public and "reminder" in notes.get().note
    notice = OfficerNotice.objects.get(kind="portal_notice")
    assert notice.user == force.officers["sho_A"] and notice.count == 1
    assert PortalNotice.objects.get().outcome == "flagged"


def test_a_reminder_in_the_same_file_as_the_complaint_is_linked_to_it(force):
    run = import_pm(pm_csv(pm_row(), pm_row(notice="Reminder", notice_no="R-1")))
    assert (run.imported, run.linked) == (1, 1) and Complaint.objects.count() == 1


def test_a_reopened_notice_reopens_a_complaint_awaiting_feedback(force, portal, pm_connection):
    import_pm(pm_csv(pm_row()))
    complaint = to_resolution(force, imported())
    assert complaint.status == Status.AWAITING_FEEDBACK
    reopened = pm_csv(pm_row(notice="Re-opened", notice_no="RO-9"))
    # when the complaint cell imports the portal's re-opened notice (twice)
    run = import_pm(reopened, actor=force.officers["cpo_cell"])
    import_pm(reopened, actor=force.officers["cpo_cell"])
    complaint.refresh_from_db()
    # then it is reopened once, one level up, through the workflow's reopen
    assert (run.linked, run.reopened) == (1, 1)
    assert complaint.status == Status.REOPENED and complaint.reopen_count == 1
    assert complaint.events.filter(action="reopen", channel="portal_import").count() == 1
    # the officer who held it is told the complainant is not satisfied, and the portal hears of the reopening
    assert OfficerNotice.objects.filter(kind="reopened", user=force.officers["sho_A"]).exists()
    delivery.deliver_due()
    assert portal.accepted[-1]["status"] == "Re-opened"


def test_a_reopened_notice_flags_an_open_complaint_and_the_system_may_not_reopen(force):
    import_pm(pm_csv(pm_row(), pm_row("PMDU-2002")))
    actions.assign(imported(), actor=force.officers["cell_A"], officer=force.officers["sho_A"])
    to_resolution(force, imported("PMDU-2002"))
    # when re-opened notices arrive through an import run by the system
    run = import_pm(pm_csv(pm_row(notice="Re-opened", notice_no="RO-1"),
                           pm_row("PMDU-2002", notice="Re-opened", notice_no="RO-2")))
    # then neither is reopened: the open one is flagged, the one awaiting feedback too (the system's role may not)
    assert (run.linked, run.reopened) == (2, 0)
    assert imported().status == Status.ASSIGNED and imported("PMDU-2002").status == Status.AWAITING_FEEDBACK
    outcomes = dict(PortalNotice.objects.values_list("notice_key", "outcome"))
    assert outcomes == {"id:RO-1": "flagged", "id:RO-2": "flagged"}
    assert "role" in PortalNotice.objects.get(notice_key="id:RO-2").detail
    assert imported("PMDU-2002").events.filter(action="add_note").count() == 1


def test_a_reopened_notice_on_a_satisfied_closing_is_recorded_for_the_cell(force, client):
    import_pm(pm_csv(pm_row()))
    complaint = to_resolution(force, imported())
    actions.record_feedback(complaint, actor=force.officers["cell_A"], satisfied=True)
    run = import_pm(pm_csv(pm_row(notice="Re-opened", notice_no="RO-3")), actor=force.officers["cpo_cell"])
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED and (run.linked, run.reopened) == (1, 0)
    notice = PortalNotice.objects.get()
    # a satisfied closing is not appealed (the follow-up question is the way back): the appeal's own reason
    assert notice.outcome == "not_applied" and "satisfied" in notice.detail
    assert OfficerNotice.objects.filter(kind="portal_notice", user=force.officers["sho_A"]).exists()
    PortalConnection.objects.create(source="pm_portal", mode="off", mapping={})
    client.force_login(force.officers["cell_A"])
    assert "Notices that could not be applied" in client.get(reverse("channels:portals")).content.decode()


def test_a_reopened_notice_on_a_rejected_complaint_is_its_appeal_one_level_above(force):
    o = force.officers
    import_pm(pm_csv(pm_row()))
    complaint = actions.assign(imported(), actor=o["cell_A"], officer=o["sho_A"])
    complaint = actions.log_contact(complaint, actor=o["sho_A"], method="call", outcome=CONTACT_NOTE)
    complaint = actions.request_rejection(complaint, actor=o["sho_A"], reason="civil_matter", explanation="Rent.")
    complaint = actions.approve_rejection(complaint, actor=o["sdpo_A"])  # decided at circle CA
    run = import_pm(pm_csv(pm_row(notice="Re-opened", notice_no="RO-4")), actor=o["cpo_cell"])
    complaint.refresh_from_db()
    assert complaint.status == Status.REOPENED and complaint.unit.code == "DA"  # above the decider's circle
    assert (run.linked, run.reopened) == (1, 1)
    assert PortalNotice.objects.get().outcome == "reopened"
    appeal = complaint.events.get(action="appeal")
    assert appeal.channel == "portal_import" and "re-opened" in appeal.note
    # the same file again changes nothing
    import_pm(pm_csv(pm_row(notice="Re-opened", notice_no="RO-4")), actor=o["cpo_cell"])
    assert complaint.events.filter(action="appeal").count() == 1


def test_an_unknown_notice_type_is_refused_with_the_known_ones(force):
    import_pm(pm_csv(pm_row()))
    run = import_pm(pm_csv(pm_row(notice="Escalation")))
    assert run.rejected == 1 and "“Escalation”" in run.report[0]["errors"]["notice"][0]
    assert "reminder" in run.report[0]["errors"]["notice"][0]


# --- the mapping -------------------------------------------------------------------------------------------------


def test_a_mapping_is_checked_when_built_and_when_saved_in_the_admin(force):
    with pytest.raises(InvalidInput, match="missing: closed"):
        writeback.build("x_portal", {"fields": {"reference": "ref", "status": "st"},
                                     "statuses": {s: "X" for s in Status.values if s != "closed"}})
    with pytest.raises(InvalidInput, match="for reference"):
        writeback.build("x_portal", {"fields": {"status": "st"}, "statuses": {s: "X" for s in Status.values}})
    with pytest.raises(InvalidInput, match="same field"):
        writeback.build("pm_portal", {"extends": "pm_portal", "fields": {"reference": "status"}})
    with pytest.raises(InvalidInput, match="“method”"):
        writeback.build("pm_portal", {"extends": "pm_portal", "method": "DELETE"})
    with pytest.raises(InvalidInput, match="“columns”.*complaint_no, department_reference, status"):
        writeback.build("pm_portal", {"extends": "pm_portal", "columns": ["complaint_no", "status", "remarks"]})
    assert writeback.build("pm_portal", {"extends": "pm_portal", "fields": {"remarks": "action_taken"}}).fields[
        "remarks"] == "action_taken"
    form = PortalConnectionForm(data={"source": "pm_portal", "mode": "api", "endpoint": "", "auth_header": "X-Key",
                                      "auth_scheme": "", "secret_env": "pcp-secret-token", "connect_timeout": 5,
                                      "read_timeout": 500, "mapping": json.dumps({"extends": "nowhere"})})
    assert not form.is_valid()
    assert set(form.errors) == {"mapping", "endpoint", "secret_env", "read_timeout"}
    good = PortalConnectionForm(data={"source": "pm_portal", "mode": "api", "endpoint": "https://pcp.example/api",
                                      "auth_header": "Authorization", "auth_scheme": "Bearer",
                                      "secret_env": "PCP_TOKEN", "connect_timeout": 5, "read_timeout": 15,
                                      "mapping": "{}"})
    assert good.is_valid(), good.errors


def test_a_form_body_portal_gets_its_fields_as_a_form(force, portal):
    PortalConnection.objects.create(source="igrs", mode="api", endpoint=portal.url, mapping={"extends": "igrs"})
    mapping = portal_import.build_mapping("igrs", IGRS_MAPPING)
    portal_import.import_file(content=igrs_csv(), file_name="igrs.csv", mapping=mapping, actor=SYSTEM)
    delivery.deliver_due()
    assert portal.requests[0]["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    assert portal.accepted[0]["Reference Number"] == "IGRS-77" and portal.accepted[0]["Disposal Status"] == "Pending"
    assert disposal.file_sources() == []


def test_the_import_report_counts_the_linked_notices(force, client):
    import_pm(pm_csv(pm_row()))
    client.force_login(force.officers["cpo_cell"])
    upload = SimpleUploadedFile("reminder.csv", pm_csv(pm_row(notice="Reminder", notice_no="R-7")))
    page = client.post(reverse("channels:imports"), {"source": "pm_portal", "file": upload}, follow=True)
    html = page.content.decode()
    assert page.status_code == 200 and 'id="count-linked">1<' in html and 'id="count-reopened">0<' in html
    assert Complaint.objects.count() == 1
