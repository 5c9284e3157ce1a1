"""Importing other portals' exports: a messy CSV and an XLSX; bad rows
reported with their spreadsheet row number and reasons, good rows imported
exactly once, a second import adds nothing, a dry run writes nothing; the
command and the staff page."""

import csv
import io
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from shikayat.channels import portal_import
from shikayat.channels.models import ImportRun
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.core.errors import InvalidInput, PermissionDenied
from shikayat.notifications.models import OutboxMessage

FIXTURES = Path(__file__).parent / "fixtures" / "imports"
MESSY_CSV = FIXTURES / "pm_portal_messy.csv"
MAPPING = FIXTURES / "pm_test_mapping.json"


@pytest.fixture
def mapping():
    return portal_import.mapping_from_json("pm_portal", MAPPING.read_bytes())


def run_import(mapping, content=None, **kwargs):
    kwargs.setdefault("actor", SYSTEM)
    return portal_import.import_file(content=content if content is not None else MESSY_CSV.read_bytes(),
                                     file_name="export.csv", mapping=mapping, **kwargs)


def reasons(run) -> dict:
    return {entry["row"]: (entry["reference"], set(entry["errors"])) for entry in run.report}


def test_the_messy_file_imports_good_rows_and_reports_bad_ones(force, mapping):
    before = timezone.now()
    run = run_import(mapping, imported_by=force.officers["cell_A"])

    assert (run.rows, run.imported, run.already_present, run.rejected) == (7, 3, 1, 3)
    # Row numbers as the spreadsheet shows them: header = 1, the blank line is row 4.
    assert reasons(run) == {5: ("PMDU-1003", {"mobile"}), 6: ("PMDU-1004", {"category"}),
                            7: ("PMDU-1005", {"description"})}
    assert "Kidnapping of pets" in run.report[1]["errors"]["category"][0]
    assert ImportRun.objects.get() == run and run.finished_at is not None and run.imported_by.username == "cell_A"

    complaints = {c.external_ref: c for c in Complaint.objects.select_related("unit", "category")}
    assert set(complaints) == {"pm_portal:PMDU-1001", "pm_portal:PMDU-1002", "pm_portal:PMDU-1006"}
    first, urdu, spaced = (complaints[f"pm_portal:PMDU-100{n}"] for n in (1, 2, 6))
    assert {c.channel for c in complaints.values()} == {"portal_import"}
    assert {c.category.code for c in complaints.values()} == {"THEFT"}
    # Station from the value map, district only, and a station code within a named district.
    assert (first.incident_unit.code, urdu.incident_unit.code, spaced.incident_unit.code) == ("SA1", "DA", "SA2")
    assert urdu.complainant_name == "علی حسن" and urdu.language == "ur" and first.language == "en"
    assert spaced.complainant_name == "Imran Shah" and spaced.complainant_mobile == "+923041234567"
    assert first.complainant_id_number == "35202-1234567-1"
    # The portal's own date is kept with the complaint; our deadlines run from our registration.
    assert first.description.startswith("My motorcycle was stolen")
    assert "PMDU-1001" in first.description and "20/11/2026 14:30" in first.description
    assert "23/11/2026" in spaced.description and "21/11/2026" in urdu.description
    # The Prime Minister's Citizen Portal's complaints are priority complaints: half the SOP's 72 hours.
    assert first.received_at >= before and first.report_due_at == first.received_at + timedelta(hours=36)
    assert {c.priority for c in complaints.values()} == {1}
    assert OutboxMessage.objects.filter(template="complaint_registered").count() == 3


def test_importing_the_same_file_again_adds_nothing(force, mapping):
    run_import(mapping)
    complaints, messages = Complaint.objects.count(), OutboxMessage.objects.count()
    again = run_import(mapping)
    assert (again.imported, again.already_present, again.rejected) == (0, 4, 3)
    assert Complaint.objects.count() == complaints == 3 and OutboxMessage.objects.count() == messages
    assert ImportRun.objects.count() == 2


def test_a_reference_registered_meanwhile_is_caught_by_the_unique_constraint(force, mapping, monkeypatch):
    """Another import registered the same references after our check: the
    database refuses the duplicates and they count as already present."""
    run_import(mapping)
    monkeypatch.setattr(portal_import, "_existing", lambda refs: set())
    again = run_import(mapping)
    assert (again.imported, again.already_present, again.rejected) == (0, 4, 3)
    assert Complaint.objects.count() == 3


def test_a_dry_run_writes_nothing(force, mapping):
    run = run_import(mapping, dry_run=True)
    assert (run.rows, run.imported, run.already_present, run.rejected) == (7, 3, 1, 3)
    assert run.pk is None
    assert (Complaint.objects.count(), ImportRun.objects.count(), OutboxMessage.objects.count()) == (0, 0, 0)


def test_an_xlsx_export_with_numbers_and_real_dates(force, mapping):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Complaint No", "Citizen Name", "Mobile No", "CNIC", "Category", "District", "Police Station",
                  "Complaint Detail", "Date Received"])
    sheet.append([5001, "Ayesha Khan", 3001234567, None, "Theft", "Lahore", "Model Town",
                  "My handbag was snatched near the park gate.", datetime(2026, 11, 18, 9, 15)])
    sheet.append([5002, "Usman", "12345", None, "Theft", "Lahore", "Atlantis",
                  "Nobody helps me with my stolen bicycle.", datetime(2026, 11, 18)])
    sheet.append([])
    sheet.append([5003, "Hina", "03111234567", None, "against-police", "", "SB1",
                  "A man keeps following me from the college.", "19/11/2026"])
    # The refused reference again, now correct: refused too, pointing at the first row.
    sheet.append([5002, "Usman", "03121234567", None, "Theft", "Lahore", "Model Town",
                  "Nobody helps me with my stolen bicycle.", datetime(2026, 11, 18)])
    buffer = io.BytesIO()
    workbook.save(buffer)

    run = run_import(mapping, buffer.getvalue())

    assert (run.rows, run.imported, run.already_present, run.rejected) == (4, 2, 0, 2)
    assert reasons(run) == {3: ("5002", {"mobile", "unit"}), 6: ("5002", {"reference"})}
    assert "row 3" in run.report[1]["errors"]["reference"][0]
    handbag = Complaint.objects.get(external_ref="pm_portal:5001")
    assert handbag.complainant_mobile == "+923001234567" and "18/11/2026 09:15" in handbag.description
    police = Complaint.objects.get(external_ref="pm_portal:5003")
    assert police.category.code == "AGAINST-POLICE" and police.incident_unit.code == "SB1"
    assert "19/11/2026" in police.description
    assert run_import(mapping, buffer.getvalue()).already_present == 2


def test_a_file_that_is_not_utf8_is_refused_clearly(force, mapping):
    lines = MESSY_CSV.read_bytes().decode("utf-8-sig").splitlines()
    content = "\n".join([lines[0], lines[1], "PMDU-2001,Imrán Shah,03001234567,,Theft,Lahore,Model Town,"
                          "My car was stolen from the street at night.,20/11/2026"]).encode("cp1252")
    with pytest.raises(InvalidInput) as caught:
        run_import(mapping, content)
    assert "not UTF-8" in str(caught.value.message) and "line 3" in str(caught.value.message)
    assert "CSV UTF-8" in str(caught.value.message)
    assert ImportRun.objects.count() == 0 and Complaint.objects.count() == 0


def test_a_file_without_the_mapped_columns_is_refused_with_what_was_found(force, mapping):
    with pytest.raises(InvalidInput) as caught:
        run_import(mapping, b"Ref,Text\nA1,Something happened here today\n")
    message = str(caught.value.message)
    assert "“Complaint No”" in message and "Columns found: Ref, Text" in message


def test_a_mapping_naming_unknown_fields_is_refused():
    with pytest.raises(InvalidInput) as caught:
        portal_import.build_mapping("other", {"columns": {"reference": "No", "description": "Text",
                                                          "colour": "Colour"}})
    assert "colour" in str(caught.value.message)
    with pytest.raises(InvalidInput):
        portal_import.build_mapping("no_such_portal")


def test_an_officer_without_an_intake_role_cannot_import(force, mapping):
    with pytest.raises(PermissionDenied):
        run_import(mapping, actor=force.officers["sho_A"])
    assert Complaint.objects.count() == 0


# --- the command --------------------------------------------------------------


def test_the_command_imports_prints_the_refused_rows_and_writes_the_report(force, tmp_path):
    out, report = io.StringIO(), tmp_path / "refused.csv"
    call_command("import_portal", str(MESSY_CSV), "--source", "pm_portal", "--mapping", str(MAPPING),
                 "--as", "cell_A", "--report", str(report), stdout=out)
    text = out.getvalue()
    assert "7 rows; imported 3, already present 1, refused 3" in text
    assert "row 5 (PMDU-1003): mobile:" in text
    with report.open(encoding="utf-8-sig") as handle:
        lines = list(csv.DictReader(handle))
    assert [(line["row"], line["reference"], line["field"]) for line in lines] == [
        ("5", "PMDU-1003", "mobile"), ("6", "PMDU-1004", "category"), ("7", "PMDU-1005", "description")]
    assert ImportRun.objects.get().imported_by.username == "cell_A"


def test_the_command_dry_run_writes_nothing_and_refuses_unsuitable_users(force, tmp_path):
    out = io.StringIO()
    call_command("import_portal", str(MESSY_CSV), "--source", "pm_portal", "--mapping", str(MAPPING), "--dry-run",
                 stdout=out)
    assert "would import 3" in out.getvalue() and Complaint.objects.count() == 0 and not ImportRun.objects.exists()
    with pytest.raises(CommandError, match="importing"):
        call_command("import_portal", str(MESSY_CSV), "--source", "pm_portal", "--mapping", str(MAPPING),
                     "--as", "sho_A", stdout=io.StringIO())
    with pytest.raises(CommandError, match="not UTF-8"):
        bad = tmp_path / "bad.csv"
        bad.write_bytes("Complaint No\nCaf\u00e9\n".encode("latin-1"))
        call_command("import_portal", str(bad), "--source", "pm_portal", stdout=io.StringIO())


# --- the staff page ---------------------------------------------------------------


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client, **extra):
    return client.post("/officer/imports/", {
        "source": "pm_portal",
        "file": SimpleUploadedFile("pm-export.csv", MESSY_CSV.read_bytes(), content_type="text/csv"),
        "mapping": SimpleUploadedFile("mapping.json", MAPPING.read_bytes(), content_type="application/json"),
        **extra,
    })


def test_the_complaint_cell_uploads_an_export_and_sees_the_report(force):
    client = signed_in(force.officers["cell_A"])
    assert 'href="/officer/imports/"' in client.get("/officer/complaints/").content.decode()
    assert client.get("/officer/imports/").status_code == 200

    response = upload(client)
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/officer/imports/{run.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert 'id="count-imported">3<' in page and 'id="count-present">1<' in page
    assert 'id="count-rejected" class="overdue">3<' in page
    assert "PMDU-1004" in page and "Unknown complaint category" in page
    assert Complaint.objects.count() == 3 and run.imported_by == force.officers["cell_A"]
    assert "pm-export.csv" in client.get("/officer/imports/").content.decode()


def test_a_dry_run_on_the_page_shows_the_counts_and_imports_nothing(force):
    response = upload(signed_in(force.officers["cell_A"]), dry_run="on")
    assert response.status_code == 200 and 'id="count-imported">3<' in response.content.decode()
    assert Complaint.objects.count() == 0 and not ImportRun.objects.exists()


def test_a_bad_file_on_the_page_is_explained(force):
    client = signed_in(force.officers["cell_A"])
    response = client.post("/officer/imports/", {
        "source": "pm_portal", "file": SimpleUploadedFile("x.csv", "Complaint No\nCaf\u00e9\n".encode("latin-1"))})
    assert response.status_code == 400 and "not UTF-8" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_an_sho_may_not_import_nor_read_reports(force):
    upload(signed_in(force.officers["cell_A"]))
    run = ImportRun.objects.get()
    sho = signed_in(force.officers["sho_A"])
    assert 'href="/officer/imports/"' not in sho.get("/officer/complaints/").content.decode()
    assert sho.get("/officer/imports/").status_code == 403
    assert upload(sho).status_code == 403
    assert sho.get(f"/officer/imports/{run.pk}/").status_code == 403
    assert ImportRun.objects.count() == 1 and Complaint.objects.count() == 3
    assert Client().get("/officer/imports/").status_code == 302  # to the sign-in page


def test_district_cells_see_their_own_runs_the_province_cell_sees_all(force):
    upload(signed_in(force.officers["cell_A"]))
    run = ImportRun.objects.get()
    assert signed_in(force.officers["cell_B"]).get(f"/officer/imports/{run.pk}/").status_code == 404
    assert signed_in(force.officers["cpo_cell"]).get(f"/officer/imports/{run.pk}/").status_code == 200
    assert signed_in(force.officers["portal"]).get("/officer/imports/").status_code == 200


def test_runs_and_inbound_messages_are_read_only_in_the_admin(force, admin_client):
    upload(signed_in(force.officers["cell_A"]))
    run = ImportRun.objects.get()
    assert admin_client.get("/admin/channels/importrun/").status_code == 200
    assert admin_client.get("/admin/channels/inboundmessage/").status_code == 200
    assert admin_client.get(f"/admin/channels/importrun/{run.pk}/change/").status_code == 200
    assert admin_client.get("/admin/channels/importrun/add/").status_code == 403
    assert admin_client.post(f"/admin/channels/importrun/{run.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ImportRun.objects.filter(pk=run.pk).exists()
