"""The FIR register: importing the force's FIR system's exports (CSV, XLSX, API against a real local HTTP server),
and instant FIR copies for the complainant (web with one-time code, WhatsApp), refused in one neutral wording for
sensitive FIRs, wrong mobiles and FIRs that do not exist; the copy's QR code checked at /verify-certificate/."""

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from shikayat.core import verification
from shikayat.firs import copies, importing, pdf
from shikayat.firs.mapping import BUILTIN, build, for_name
from shikayat.firs.models import Fir, FirCopy, FirCopyRefusal, FirImportRun, FirMapping
from shikayat.firs.sensitivity import is_sensitive

from .test_bot import Chat, texts
from .test_citizen_pages import verify

HEADER = ["Police Station", "FIR No", "Year", "Registered At", "Sections", "Offence Category", "Complainant",
          "Complainant Mobile", "Brief Facts", "Investigating Officer", "Status"]
ROWS = [
    ["SA1", "101", "2024", "03/02/2024 10:15", "379 PPC, 411 PPC", "theft", "Ali Raza", "0300 1234567",
     "Motorcycle stolen outside the mosque.", "SI Tariq Mehmood", "Under Investigation"],
    ["Sa1", "102", "2024", "05/02/2024 18:40", "376 PPC", "rape", "Confidential", "03001234567",
     "Facts withheld.", "Inspector Nadia Khan", "Challan"],
    ["SA2", "7", "2025", "11/01/2025 09:00", "354-A PPC", "assault", "Bushra Bibi", "03001234567",
     "Assault.", "ASI Kamran", "Pending"],
    ["SB1", "55", "2024", "20/06/2024 12:00", "302 PPC, 34 PPC", "murder", "Ghulam Abbas", "03217654321",
     "Shot dead in a land dispute.", "Inspector Rashid", "Untraced"],
]
SENSITIVE_WORDS = "We cannot give a copy of this FIR online"


def csv_bytes(rows, header=HEADER) -> bytes:
    lines = [",".join(f'"{cell}"' for cell in row) for row in [header, *rows]]
    return ("\n".join(lines) + "\n").encode()


def xlsx_bytes(rows, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [header, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def register(force):
    run = importing.import_file(content=csv_bytes(ROWS), file_name="firs.csv", mapping=for_name("default"),
                                user=force.officers["cell_A"])
    assert run.applied, run.report
    return force


def fir(number: int) -> Fir:
    return Fir.objects.get(number=number)


# --- sensitivity -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("category, sections, expected", [
    ("theft", ["379 PPC"], False), ("", ["PPC 376(2)"], True), ("", ["u/s 354-A PPC"], True),
    ("", ["354 PPC"], False), ("", ["BNS 64"], True), ("", ["BNS 71"], False), ("", ["377-B PPC"], True),
    ("Child-Abuse", ["328 PPC"], True), ("", ["Section 4 POCSO"], True), ("", ["376"], True),
])
def test_sensitive_is_derived_from_category_and_sections(db, category, sections, expected):
    assert is_sensitive(category, sections) is expected


def test_sensitive_lists_come_from_settings(db, settings):
    settings.SHIKAYAT_FIR_SENSITIVE_SECTIONS = ["PPC 302"]
    settings.SHIKAYAT_FIR_SENSITIVE_CATEGORIES = []
    assert is_sensitive("", ["302 PPC"]) and not is_sensitive("rape", ["376 PPC"])


# --- import ----------------------------------------------------------------------------------------------------


def test_csv_import_registers_every_row_with_sensitive_flags(register):
    assert Fir.objects.count() == 4
    theft = fir(101)
    assert theft.unit.code == "SA1" and theft.year == 2024 and theft.sections == ["379 PPC", "411 PPC"]
    assert theft.complainant_mobile == "+923001234567" and theft.status == Fir.Status.UNDER_INVESTIGATION
    assert not theft.sensitive and fir(102).sensitive and fir(7).sensitive and not fir(55).sensitive
    assert fir(102).status == Fir.Status.CHARGE_SHEETED and fir(55).unit.code == "SB1"


def test_reimport_updates_by_station_year_number_without_duplicates(register):
    changed = [row[:] for row in ROWS]
    changed[0][10] = "Challan"
    run = importing.import_file(content=xlsx_bytes(changed), file_name="firs.xlsx", mapping=for_name("default"),
                                user=register.officers["cell_A"])
    assert run.applied and (run.created, run.updated, run.unchanged) == (0, 1, 3)
    assert Fir.objects.count() == 4 and fir(101).status == Fir.Status.CHARGE_SHEETED
    again = importing.import_file(content=xlsx_bytes(changed), file_name="firs.xlsx", mapping=for_name("default"),
                                  user=register.officers["cell_A"])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_a_file_with_bad_rows_writes_nothing_and_names_each_row(force):
    bad = [ROWS[0], ["NOWHERE", "x", "2024", "31/31/2024", "", "", "", "12", "", "", "Lost"], ROWS[0]]
    run = importing.import_file(content=csv_bytes(bad), file_name="bad.csv", mapping=for_name("default"),
                                user=force.officers["cell_A"])
    assert not run.applied and Fir.objects.count() == 0 and run.rejected == 2
    report = {entry["row"]: entry["errors"] for entry in run.report}
    assert set(report) == {3, 4}
    assert set(report[3]) == {"station", "number", "registered_at", "sections", "complainant_name",
                              "complainant_mobile", "status"}
    assert "row 2" in report[4]["number"][0]


def test_row_errors_are_in_the_uploaders_language(force, client):
    client.force_login(force.officers["cell_A"])
    bad = [["NOWHERE", "1", "2024", "01/01/2024", "379 PPC", "", "Ali", "", "", "", ""]]
    with translation.override("ur"):
        response = client.post("/officer/firs/import/", {"file": _named(bad)},
                               follow=True, HTTP_ACCEPT_LANGUAGE="ur")
    run = FirImportRun.objects.get()
    assert response.status_code == 200 and not run.applied
    assert run.report[0]["errors"]["station"][0] in response.content.decode()


def _named(rows):
    upload = io.BytesIO(csv_bytes(rows))
    upload.name = "firs.csv"
    return upload


def test_import_page_is_for_the_complaint_cell(force, client):
    client.force_login(force.officers["sho_A"])
    assert client.post("/officer/firs/import/", {"file": _named(ROWS)}).status_code == 403
    assert Fir.objects.count() == 0


def test_a_mapping_kept_as_data_reads_other_headers(force):
    raw = {"columns": {"station": "Thana", "number": "FIR", "registered_at": "Date", "sections": "Dafa",
                       "complainant_name": "Mudai", "complainant_mobile": "Mobile"},
           "values": {"station": {"Civil Lines": "SB2"}}, "sections_separator": ";"}
    FirMapping.objects.create(name="pfsa", mapping=raw)
    rows = [["Civil Lines", "12/2024", "01/03/2024", "379 PPC; 411 PPC", "Sana", "03001112223"]]
    run = importing.import_file(content=csv_bytes(rows, ["Thana", "FIR", "Date", "Dafa", "Mudai", "Mobile"]),
                                file_name="x.csv", mapping=for_name("pfsa"), user=force.officers["cell_A"])
    assert run.applied and fir(12).unit.code == "SB2" and fir(12).sections == ["379 PPC", "411 PPC"]


def test_a_broken_mapping_is_refused():
    with pytest.raises(Exception, match="station"):
        build("x", {"columns": {"number": "FIR"}})


def test_the_demo_register_and_its_sample_file_load(db):
    from pathlib import Path

    from shikayat.demo import firs as demo_firs
    from shikayat.demo import force as demo_force

    units = demo_force.load_units("punjab")
    assert demo_firs.load("punjab", units) == demo_firs.COUNT and demo_firs.load("punjab", units)
    assert Fir.objects.count() == demo_firs.COUNT  # loading again changes nothing
    assert Fir.objects.filter(sensitive=True).exists() and Fir.objects.filter(sensitive=False).exists()
    assert Fir.objects.filter(complainant_mobile="+923001112233").exists()
    run = importing.import_table(importing.read_table(Path(demo_firs.SAMPLE_CSV).read_bytes()), for_name("default"),
                                 source="file", file_name="firs_sample.csv")
    assert run.applied and run.created == 5, run.report
    assert Fir.objects.get(number=41, unit__code="LHR-MDT-GDT").sensitive


class FirApi:
    """The force's FIR system's API: two pages, a bearer token required."""

    def __init__(self, token="secret", pages=None):
        self.token, self.requests = token, []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/firs"
        self.pages = pages or {
            "/firs": {"results": [dict(zip(HEADER, ROWS[0], strict=True)), dict(zip(HEADER, ROWS[1], strict=True))],
                      "next": self.url + "?page=2"},
            "/firs?page=2": {"results": [dict(zip(HEADER, ROWS[3], strict=True))], "next": None},
        }
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _handler(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                api.requests.append((self.path, self.headers.get("Authorization")))
                if self.headers.get("Authorization") != f"Bearer {api.token}":
                    self.send_response(401)
                    self.end_headers()
                    return
                body = json.dumps(api.pages[self.path]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fir_api():
    api = FirApi()
    yield api
    api.stop()


def test_import_firs_pulls_every_page_with_the_token(force, fir_api, settings):
    settings.SHIKAYAT_FIR_API_TOKEN = "secret"
    call_command("import_firs", "--url", fir_api.url)
    assert [path for path, _auth in fir_api.requests] == ["/firs", "/firs?page=2"]
    assert {f.number for f in Fir.objects.all()} == {101, 102, 55} and fir(102).sensitive
    call_command("import_firs", "--url", fir_api.url)
    assert Fir.objects.count() == 3 and FirImportRun.objects.filter(source="api", applied=True).count() == 2


def test_import_firs_with_a_wrong_token_writes_nothing(force, fir_api, settings):
    settings.SHIKAYAT_FIR_API_TOKEN = "wrong"
    with pytest.raises(CommandError, match="401"):
        call_command("import_firs", "--url", fir_api.url)
    assert Fir.objects.count() == 0


# --- copies on the web -----------------------------------------------------------------------------------------


def ask(client, number, year=2024, station="SA1"):
    from shikayat.jurisdictions.models import Unit

    return client.post("/fir-copy/", {"station": Unit.objects.get(code=station).pk, "number": number, "year": year})


def test_the_copy_page_asks_for_the_mobile_first(register, client):
    response = client.get("/fir-copy/")
    assert response.status_code == 302 and response["Location"].startswith("/verify/?next=/fir-copy/")


@pytest.mark.parametrize("lang", ["en", "ur", "hi"])
def test_the_complainant_gets_the_copy_at_once(register, client, lang):
    client.cookies["django_language"] = lang
    verify(client, next_url="/fir-copy/")
    response = ask(client, 101)
    assert response.status_code == 302
    pdf_response = client.get(response["Location"])
    assert pdf_response.status_code == 200 and pdf_response["Content-Type"] == "application/pdf"
    assert pdf_response.content.startswith(b"%PDF")
    copy = FirCopy.objects.get()
    assert copy.fir == fir(101) and copy.mobile == "+923001234567" and copy.channel == "web"
    assert copy.language == lang and copy.number.startswith("FIRC-")


def test_the_copy_labels_are_in_the_citizens_language_and_urdu_is_right_to_left(register):
    copy = copies.request_copy(unit=fir(101).unit, year=2024, number=101, mobile="+923001234567", channel="web",
                               client="ip:1", language="ur")
    html = pdf.copy_html(copy.facts, url="https://example.org/v")
    assert 'dir="rtl"' in html and 'lang="ur"' in html
    assert copy.facts["language"] == "ur" and copy.facts["status_label"] == "زیرِ تفتیش"
    assert pdf.copy_pdf(copy.facts, url="https://example.org/v").startswith(b"%PDF")
    assert copy.file.read().startswith(b"%PDF")


@pytest.mark.parametrize("number, year, station, mobile", [
    (102, 2024, "SA1", "03001234567"),  # sensitive category and section, the right mobile
    (7, 2025, "SA2", "03001234567"),  # sensitive section 354-A only
    (101, 2024, "SA1", "03009999999"),  # wrong mobile
    (999, 2024, "SA1", "03001234567"),  # no such FIR
    (101, 2023, "SA1", "03001234567"),  # wrong year
])
def test_refusals_share_one_wording_that_does_not_confirm_the_fir(register, client, number, year, station, mobile):
    verify(client, mobile=mobile, next_url="/fir-copy/") if mobile == "03001234567" else _verify_other(client, mobile)
    response = ask(client, number, year, station)
    page = response.content.decode()
    assert response.status_code == 404 and SENSITIVE_WORDS in page and "ask for the copy at the police station" in page
    for secret in ("Confidential", "Bushra", "Ali Raza", "376", "sensitive"):
        assert secret not in page
    assert FirCopy.objects.count() == 0 and FirCopyRefusal.objects.count() == 1


def _verify_other(client, mobile):
    from .test_citizen_pages import sent_code

    client.post("/verify/", {"step": "send", "mobile": mobile, "next": "/fir-copy/"})
    client.post("/verify/", {"step": "check", "mobile": "+923009999999", "code": sent_code("+923009999999"),
                             "next": "/fir-copy/"})


def test_refusals_are_logged_with_their_true_reason(register):
    for number, year in ((102, 2024), (999, 2024)):
        with pytest.raises(copies.CopyRefused):
            copies.request_copy(unit=fir(101).unit, year=year, number=number, mobile="+923001234567",
                                channel="web", client="ip:9")
    assert list(FirCopyRefusal.objects.order_by("pk").values_list("reason", flat=True)) == ["sensitive", "not_found"]


def test_guessing_one_fir_rests_it_whoever_asks(register):
    unit = fir(101).unit
    for n in range(5):
        with pytest.raises(copies.CopyRefused):
            copies.request_copy(unit=unit, year=2024, number=101, mobile=f"+92300111222{n}", channel="web",
                                client=f"ip:10.0.0.{n}")
    with pytest.raises(copies.RateLimited):  # even the complainant, from elsewhere, until the window passes
        copies.request_copy(unit=unit, year=2024, number=101, mobile="+923001234567", channel="web", client="ip:2")
    assert FirCopy.objects.count() == 0


def test_one_client_is_limited_across_firs(register, settings):
    settings.SHIKAYAT_FIR_COPY_RATE = "3/hour"
    unit = fir(101).unit
    for number in (900, 901, 902):
        with pytest.raises(copies.CopyRefused):
            copies.request_copy(unit=unit, year=2024, number=number, mobile="+923001234567", channel="web",
                                client="ip:7")
    with pytest.raises(copies.RateLimited):
        copies.request_copy(unit=unit, year=2024, number=101, mobile="+923001234567", channel="web", client="ip:7")
    assert FirCopyRefusal.objects.filter(reason="rate_limited").count() == 1


def test_the_web_page_answers_429_when_guessing(register, client, settings):
    settings.SHIKAYAT_FIR_COPY_RATE = "2/hour"
    verify(client, next_url="/fir-copy/")
    ask(client, 900), ask(client, 901)
    assert ask(client, 101).status_code == 429


# --- verification ----------------------------------------------------------------------------------------------


def test_a_served_copy_is_genuine_on_the_verify_page_without_names_or_facts(register, client):
    copy = copies.request_copy(unit=fir(101).unit, year=2024, number=101, mobile="+923001234567", channel="web",
                               client="ip:1")
    page = client.get(verification.path(copy.number)).content.decode()
    assert verification.check(verification.sign(copy.number)).state == verification.GENUINE
    assert "101/2024" in page and copy.number in page and "Sa1" in page
    assert "Ali Raza" not in page and "Motorcycle" not in page and "379" not in page


def test_forged_and_altered_codes_are_not_genuine(register):
    copy = copies.request_copy(unit=fir(101).unit, year=2024, number=101, mobile="+923001234567", channel="web",
                               client="ip:1")
    code = verification.sign(copy.number)
    altered = code.replace(copy.number, copy.number[:-1] + ("9" if copy.number[-1] != "9" else "8"))
    for forged in (altered, copy.number, "FIRC-2026-0000001:abc", verification.sign("FIRC-2026-9999999")):
        assert verification.check(forged).state == verification.NOT_GENUINE


def test_each_copy_has_its_own_number(register):
    made = [copies.request_copy(unit=fir(101).unit, year=2024, number=101, mobile="+923001234567", channel="web",
                                client="ip:1") for _ in range(2)]
    assert made[0].number != made[1].number and FirCopy.objects.filter(fir=fir(101)).count() == 2


def test_an_expired_or_forged_download_link_is_refused(register, client):
    assert client.get("/fir-copy/FIRC-2026-0000001:forged/").status_code == 404


# --- officers --------------------------------------------------------------------------------------------------


def test_officers_see_their_stations_firs_and_copies(register, client):
    copies.request_copy(unit=fir(101).unit, year=2024, number=101, mobile="+923001234567", channel="web",
                        client="ip:1")
    client.force_login(register.officers["sho_A"])
    page = client.get("/officer/firs/").content.decode()
    assert "101/2024" in page and "55/2024" not in page
    served = client.get("/officer/firs/copies/").content.decode()
    assert "FIRC-" in served and "+923001234567" in served
    client.force_login(register.officers["sho_B"])
    assert "101/2024" not in client.get("/officer/firs/").content.decode()
    assert "FIRC-" not in client.get("/officer/firs/copies/").content.decode()


# --- WhatsApp --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ur", "hi"])
def test_whatsapp_gives_the_complainant_the_link(register, lang):
    from shikayat.bot import fir as flow
    from shikayat.bot.engine import HANDLERS

    assert flow.HANDLERS.items() <= HANDLERS.items()
    chat = Chat()
    chat.start(lang)
    _start_flow(chat, lang)
    assert chat.state == "fir:station"
    chat.say("Sa1")
    assert chat.state == "fir:number"
    answer = texts(chat.say("101/24"))
    copy = FirCopy.objects.get()
    assert copy.channel == "whatsapp" and copy.mobile == "+923001234567" and copy.language == lang
    assert "/fir-copy/" in answer and copy.number in answer


def _start_flow(chat, lang):
    """The menu helper adds the entry; here the flow is started as the menu will start it."""
    from django.db import transaction

    from shikayat.bot import engine
    from shikayat.bot import fir as flow
    from shikayat.bot.models import Conversation
    from shikayat.bot.turn import Turn

    with transaction.atomic(), translation.override(lang):
        conversation = Conversation.objects.select_for_update().get(wa_id=chat.wa_id)
        incoming = chat.incoming(text="fir")
        turn = Turn(conversation, incoming, now=incoming.at)
        flow.start(turn)
        conversation.mark_handled(incoming.message_id)
        conversation.last_message_at = incoming.at
        conversation.save()
        turn.queue_replies()
    assert engine  # the engine answers the following messages


@pytest.mark.parametrize("number", ["102/2024", "999/2024"])
def test_whatsapp_refuses_sensitive_and_unknown_firs_alike(register, number):
    chat = Chat()
    chat.start("en")
    _start_flow(chat, "en")
    chat.say("Sa1")
    answer = texts(chat.say(number))
    assert SENSITIVE_WORDS in answer and FirCopy.objects.count() == 0 and chat.state == "menu"


def test_whatsapp_from_another_number_is_refused_alike(register):
    chat = Chat(wa_id="923009999999", phone="+923009999999")
    chat.start("en")
    _start_flow(chat, "en")
    chat.say("Sa1")
    assert SENSITIVE_WORDS in texts(chat.say("101/2024")) and FirCopy.objects.count() == 0


def test_officer_lists_withhold_sensitive_complainants_and_guessers_mobiles(register, client):
    with pytest.raises(copies.CopyRefused):
        copies.request_copy(unit=fir(101).unit, year=2024, number=101, mobile="+923007654321", channel="web",
                            client="ip:3")
    client.force_login(register.officers["sho_A"])
    page = client.get("/officer/firs/").content.decode()
    assert "102/2024" in page and "Confidential" not in page and "Withheld" in page
    served = client.get("/officer/firs/copies/").content.decode()
    assert "+923007654321" not in served and "4321" in served and "Not the complainant" in served


def test_the_mapping_admin_refuses_a_mapping_that_cannot_work(db):
    from shikayat.firs.admin import FirMappingForm

    broken = FirMappingForm(data={"name": "pfsa", "mapping": json.dumps({"columns": {"number": "FIR"}}),
                                  "is_active": True})
    assert not broken.is_valid() and "station" in str(broken.errors)
    good = FirMappingForm(data={"name": "pfsa", "mapping": json.dumps(BUILTIN["default"]), "is_active": True})
    assert good.is_valid(), good.errors


def test_import_firs_reads_a_file_and_rederives_after_the_lists_change(force, tmp_path, settings):
    export = tmp_path / "firs.xlsx"
    export.write_bytes(xlsx_bytes(ROWS))
    call_command("import_firs", "--file", str(export))
    assert Fir.objects.count() == 4 and not fir(55).sensitive
    settings.SHIKAYAT_FIR_SENSITIVE_SECTIONS = ["PPC 302"]
    call_command("import_firs", "--rederive")
    assert fir(55).sensitive and not fir(7).sensitive
    with pytest.raises(copies.CopyRefused):
        copies.request_copy(unit=fir(55).unit, year=2024, number=55, mobile="+923217654321", channel="web",
                            client="ip:4")


def test_import_firs_reports_bad_rows_and_writes_nothing(force, tmp_path):
    export = tmp_path / "firs.csv"
    export.write_bytes(csv_bytes([ROWS[0], ["SA1", "0", "2024", "", "", "", "", "", "", "", ""]]))
    with pytest.raises(CommandError, match="1 of 2 rows refused"):
        call_command("import_firs", "--file", str(export))
    assert Fir.objects.count() == 0
