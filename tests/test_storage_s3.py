"""Files in an S3-compatible object store (SHIKAYAT_STORAGE=s3), as several web and worker hosts share them:
moto's S3 server, started here on a free loopback port, plays AWS S3 / MinIO / Ceph RGW, and the settings are
built by config/settings/base.py from the same environment variables production reads. Every kind of stored
file lands in the bucket as a private object (an anonymous GET is refused), reaches browsers only through the
app's scoped views, byte for byte, and nothing is written under MEDIA_ROOT meanwhile."""

import json
import os
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import boto3
import httpx
import pytest
from django.core import checks
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from config.settings.base import file_storage_from_env
from shikayat.accounts.models import Rank, Role
from shikayat.complaints.models import Complaint
from shikayat.core.checks import object_storage_named
from shikayat.information import alerts
from shikayat.information.models import MostWanted
from shikayat.services import actions as services
from shikayat.services.models import RequestDocument, ServiceRequest
from shikayat.whatsapp import media
from shikayat.whatsapp.models import MediaFetch

from .factories import officer
from .test_bot import Chat, bot  # noqa: F401  (fixtures)
from .test_bot_applying import PDF, fill_in, send_document, service  # noqa: F401  (fixtures)
from .test_desks import DESK, at_the_desk
from .test_whatsapp_webhook import PNG, graph, whatsapp_settings  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parent.parent
ACCESS_KEY, SECRET_KEY = "shikayat-test", "shikayat-test-secret"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


class Bucket:
    def __init__(self, endpoint: str, name: str):
        self.endpoint, self.name = endpoint, name
        self.client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                                   aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)

    def objects(self, prefix: str = "") -> dict[str, bytes]:
        listed = self.client.list_objects_v2(Bucket=self.name, Prefix=prefix).get("Contents", [])
        return {o["Key"]: self.client.get_object(Bucket=self.name, Key=o["Key"])["Body"].read() for o in listed}

    def anonymous_get(self, key: str) -> httpx.Response:
        """The object's plain address, asked for without credentials, as a browser would."""
        return httpx.get(f"{self.endpoint}/{self.name}/{key}")


@pytest.fixture
def bucket(s3_server, settings, monkeypatch, media_root):
    """A fresh private bucket, and the settings switched to it as SHIKAYAT_STORAGE=s3 would switch them."""
    name = f"shikayat-{uuid.uuid4().hex[:12]}"
    for key, value in {"SHIKAYAT_STORAGE": "s3", "SHIKAYAT_S3_BUCKET": name, "SHIKAYAT_S3_ENDPOINT_URL": s3_server,
                       "SHIKAYAT_S3_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": ACCESS_KEY,
                       "AWS_SECRET_ACCESS_KEY": SECRET_KEY}.items():
        monkeypatch.setenv(key, value)
    made = Bucket(s3_server, name)
    made.client.create_bucket(Bucket=name)
    settings.STORAGES = {**settings.STORAGES, "default": file_storage_from_env()}
    assert type(storages["default"]).__name__ == "S3Storage"  # what every FileField stores through now
    yield made
    # Nothing of any of it reached this machine's disk.
    assert not media_root.exists() or not [path for path in media_root.rglob("*") if path.is_file()]


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_scan_lodged_at_the_front_desk_is_a_private_object_downloaded_only_within_scope(client, force, bucket):
    # given a front-desk officer lodging a postal complaint with its scanned letter
    client.force_login(force.officers["desk_A"])
    scan = b"%PDF-1.4\n" + uuid.uuid4().bytes * 64
    response = client.post(DESK, {**at_the_desk(channel="post"),
                                  "attachments": [SimpleUploadedFile("letter.pdf", scan)]})
    assert response.status_code == 302, response.content[:500]
    complaint = Complaint.objects.get()

    # then the scan is one object in the bucket under the complaint's E-tag, refused to anyone without credentials
    [(key, stored)] = bucket.objects(f"complaints/{complaint.etag}/").items()
    assert stored == scan and key == complaint.attachments.get().file.name
    refused = bucket.anonymous_get(key)
    assert refused.status_code == 403 and scan not in refused.content

    # when officers ask for it through the app's download: within the scope byte for byte, outside it 404
    url = f"/api/v1/complaints/{complaint.etag}/attachments/{complaint.attachments.get().pk}/"
    download = api_as(force.officers["cell_A"]).get(url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == scan
    assert api_as(force.officers["cell_B"]).get(url).status_code == 404

    # and a photo an officer adds through the API lands beside it
    photo = api_as(force.officers["desk_A"]).post(f"/api/v1/complaints/{complaint.etag}/attachments/",
                                                  {"file": SimpleUploadedFile("scene.jpg", JPEG)}, format="multipart")
    assert photo.status_code == 201, photo.content
    assert sorted(bucket.objects(f"complaints/{complaint.etag}/").values()) == sorted([scan, JPEG])
    # while one from an officer outside the scope is refused and leaves no object behind
    refused = api_as(force.officers["desk_B"]).post(f"/api/v1/complaints/{complaint.etag}/attachments/",
                                                    {"file": SimpleUploadedFile("x.jpg", JPEG)}, format="multipart")
    assert refused.status_code == 404 and len(bucket.objects()) == 2


def test_a_refused_upload_stores_nothing_in_the_bucket(client, force, bucket):
    client.force_login(force.officers["desk_A"])
    response = client.post(DESK, {**at_the_desk(), "attachments": [SimpleUploadedFile("x.exe", b"MZ" * 40)]})
    assert response.status_code == 400 and not Complaint.objects.exists()
    assert bucket.objects() == {}


def test_missing_child_and_most_wanted_photos_are_streamed_from_the_bucket_while_public(force, bucket):
    # given an alert with the child's photo, and a most-wanted entry with his
    alert = alerts.report_missing_child(
        actor=force.officers["desk_A"], photo=SimpleUploadedFile("zara.jpg", JPEG),
        data={"name": "Zara", "age": "7", "last_seen_place": "Anarkali bazaar", "lat": "31.55", "lng": "74.35",
              "last_seen_at": timezone.now() - timedelta(hours=2), "details_en": "Pink frock.",
              "contact": "0300 1234567"})
    person = MostWanted(name_en="Wanted Man", details_en="Robbery.")
    person.photo.save("wanted.png", ContentFile(PNG), save=True)

    # then both are private objects in the bucket
    assert bucket.objects("missing-children/") == {alert.photo.name: JPEG}
    assert bucket.objects("most-wanted/") == {person.photo.name: PNG}
    assert bucket.anonymous_get(alert.photo.name).status_code == 403

    # and the public pages show them through the app, never by the bucket's address
    page = Client().get(f"/missing-children/{alert.pk}/").content.decode()
    assert f'src="/missing-children/{alert.pk}/photo/"' in page and bucket.endpoint not in page
    assert bucket.endpoint not in Client().get("/most-wanted/").content.decode()
    for url, content, kind in ((f"/missing-children/{alert.pk}/photo/", JPEG, "image/jpeg"),
                               (f"/most-wanted/{person.pk}/photo/", PNG, "image/png")):
        shown = Client().get(url)
        assert shown.status_code == 200 and shown["Content-Type"] == kind
        assert b"".join(shown.streaming_content) == content

    # when the alert is closed its photo is no longer public
    alerts.close_alert(actor=force.officers["desk_A"], alert=alert, found=True)
    assert Client().get(f"/missing-children/{alert.pk}/photo/").status_code == 404


def test_whatsapp_documents_are_staged_in_the_bucket_then_kept_with_the_application(
        force, service, graph, bucket, django_capture_on_commit_callbacks):  # noqa: F811
    # given an applicant on WhatsApp sending two documents, fetched by the worker from the Graph API
    graph.add("cnic-1", PDF, "application/pdf")
    graph.add("photo-1", PNG, "image/png")
    chat = Chat()
    fill_in(chat, lang="en", name="Bilal Ahmed")
    send_document(chat, "cnic-1")
    send_document(chat, "photo-1", mime="image/png", kind="image")
    chat.tap("skip")
    for row in MediaFetch.objects.filter(state=MediaFetch.State.PENDING):
        media.fetch(row.pk)

    # then the documents wait in the bucket
    staged = bucket.objects("whatsapp-staged/")
    assert sorted(staged.values()) == sorted([PDF, PNG])

    # when the applicant confirms, the application holds them and the staged copies go
    with django_capture_on_commit_callbacks(execute=True):
        chat.tap("yes")
    request = ServiceRequest.objects.get()
    assert bucket.objects("whatsapp-staged/") == {}
    kept = bucket.objects(f"services/{request.etag}/")
    assert {d.file.name: d.code for d in RequestDocument.objects.filter(request=request)}.keys() == kept.keys()
    assert sorted(kept.values()) == sorted([PDF, PNG])
    assert all(bucket.anonymous_get(key).status_code == 403 for key in kept)

    # and the staff who handle it read each document through the app; staff elsewhere get 404
    desk = officer("svc_A", Rank.ASI, [(force.units["dA"], Role.SERVICE_CENTRE)])
    elsewhere = officer("svc_B", Rank.ASI, [(force.units["dB"], Role.SERVICE_CENTRE)])
    cnic = request.documents.get(code="cnic")
    url = f"/officer/services/{request.etag}/documents/{cnic.pk}/"
    staff = Client()
    staff.force_login(desk)
    assert f'href="{url}"' in staff.get(f"/officer/services/{request.etag}/").content.decode()
    shown = staff.get(url)
    assert shown.status_code == 200 and shown["Content-Type"] == "application/pdf"
    assert b"".join(shown.streaming_content) == PDF
    other = Client()
    other.force_login(elsewhere)
    assert other.get(url).status_code == 404

    # and once approved, the certificate is drawn from the database when asked for: nothing more is stored
    weasyprint_or_skip()
    request = services.verify_address(request, actor=force.officers["sho_A"], confirmed=True, note="Lives there")
    request = services.approve(services.check_record(request, actor=desk, clear=True, note="No record"), actor=desk)
    applicant = Client()
    assert applicant.post("/services/track/", {"etag": request.etag_display,
                                               "mobile": "0300 1234567"}).status_code == 302
    certificate = applicant.get(f"/services/track/{request.etag}/certificate.pdf")
    assert certificate.status_code == 200 and certificate.content.startswith(b"%PDF")
    assert bucket.objects().keys() == kept.keys()


def test_abandoned_staged_documents_are_deleted_from_the_bucket(service, graph, bucket):  # noqa: F811
    graph.add("cnic-1", PDF, "application/pdf")
    chat = Chat()
    fill_in(chat, lang="en", name="Bilal Ahmed")
    send_document(chat, "cnic-1")
    chat.say("cancel")
    row = MediaFetch.objects.get()
    media.fetch(row.pk)
    assert list(bucket.objects("whatsapp-staged/").values()) == [PDF]
    assert media.discard_unused_documents(now=timezone.now() + timedelta(days=2)) == 1
    assert bucket.objects() == {}


def test_the_monthly_report_needs_no_stored_file(force, bucket, client):
    """Monthly reports (like certificates) are drawn when asked for, from the database: with the object store
    configured they are served as before and leave nothing in the bucket or under MEDIA_ROOT."""
    weasyprint_or_skip()
    client.force_login(force.officers["dpo_A"])
    report = client.get("/officer/reports/monthly/", {"unit": "DA", "month": "2026-10"})
    assert report.status_code == 200 and report["Content-Type"] == "application/pdf"
    assert report.content.startswith(b"%PDF")
    assert bucket.objects() == {}


def test_permit_documents_and_register_photos_are_private_objects_streamed_within_scope(client, force, bucket):
    from shikayat.permits import actions as permits
    from shikayat.registers import entries

    from .test_permits import CITIZEN, NOW, procession
    from .test_registers import PNG as PHOTO
    from .test_registers import _person_data, add_body, add_person

    # given an application for a procession with the organisers' letter, a missing person and an unidentified
    # body entered with their photos
    letter = b"%PDF-1.4\n" + uuid.uuid4().bytes * 32
    application = permits.apply(actor=CITIZEN, data=procession(), now=NOW,
                                uploads=[SimpleUploadedFile("letter.pdf", letter)])
    person = entries.record("persons", actor=force.officers["sho_A"], photo=SimpleUploadedFile("p.png", PHOTO),
                            data={**_person_data(add_person(force)), "station": force.units["sA1"]})
    body = add_body(force, photo=SimpleUploadedFile("b.png", PHOTO))

    # then each is one private object in the bucket
    [document] = application.documents.all()
    assert bucket.objects(f"permits/{application.etag}/") == {document.file.name: letter}
    assert bucket.objects("missing-persons/") == {person.photo.name: PHOTO}
    assert bucket.objects("unidentified-bodies/") == {body.photo.name: PHOTO}
    assert all(bucket.anonymous_get(key).status_code == 403 for key in bucket.objects())

    # and they leave through the app's views only, to whom each is for: the letter to the station's head (not
    # another district's), the missing person's photo to anyone while missing, the body's to its station's staff
    def streamed(response) -> bytes:
        assert response.status_code == 200, response.status_code
        return b"".join(response.streaming_content)

    document_url = f"/officer/permits/{application.etag}/documents/{document.pk}/"
    body_url = f"/officer/registers/body/{body.pk}/photo/"
    assert streamed(Client().get(f"/searches/missing-persons/{person.pk}/photo/")) == PHOTO
    client.force_login(force.officers["sho_A"])
    assert streamed(client.get(document_url)) == letter
    assert streamed(client.get(body_url)) == PHOTO
    client.force_login(force.officers["sho_B"])
    assert client.get(document_url).status_code == 403 and client.get(body_url).status_code == 403


def test_lost_receipts_and_permit_decisions_are_drawn_when_asked_and_store_nothing(force, bucket):
    """Like certificates and monthly reports, these papers are drawn from the database for each request: with
    the object store configured nothing of them lands in the bucket (or under MEDIA_ROOT: the fixture). FIR
    copies are kept as issued instead, as private objects (tests/test_fir_copies_kept.py); issuing one stores
    exactly that one."""
    weasyprint_or_skip()
    from shikayat.firs import copies
    from shikayat.lost.pdf import receipt_pdf
    from shikayat.permits.papers import decision_pdf

    from .test_lost import reported
    from .test_permits import decided

    branch = officer("sb_A", Rank.INSPECTOR, [(force.units["dA"], Role.SPECIAL_BRANCH)])
    for paper in (receipt_pdf(reported()), decision_pdf(decided(force, branch))):
        assert paper.startswith(b"%PDF")
    assert bucket.objects() == {}
    _import_firs(force)
    copies.request_copy(unit=force.units["sA1"], year=2024, number=101, mobile="+923001234567", channel="web",
                        client="ip:1", language="en")
    assert [key.split("/")[0] for key in bucket.objects()] == ["fir-copies"]


def _import_firs(force) -> None:
    from shikayat.firs import importing
    from shikayat.firs.mapping import for_name

    from .test_firs import ROWS, csv_bytes

    run = importing.import_file(content=csv_bytes(ROWS), file_name="firs.csv", mapping=for_name("default"),
                                user=force.officers["cell_A"])
    assert run.applied, run.report


def test_every_model_file_field_stores_through_the_configured_default_storage():
    """A FileField given a storage of its own (a FileSystemStorage on MEDIA_ROOT) would keep its files on one
    host whatever SHIKAYAT_STORAGE says. Every one follows STORAGES["default"] instead."""
    from django.apps import apps
    from django.core.files.storage import default_storage
    from django.db import models

    fields = {f"{model._meta.label}.{field.name}": field for model in apps.get_models()
              for field in model._meta.get_fields() if isinstance(field, models.FileField)}
    assert {"complaints.Attachment.file", "services.RequestDocument.file", "permits.PermitDocument.file",
            "information.MissingChildAlert.photo", "information.MostWanted.photo", "registers.MissingPerson.photo",
            "registers.UnidentifiedBody.photo", "whatsapp.MediaFetch.staged"} <= fields.keys()
    assert [name for name, field in fields.items() if field.storage is not default_storage] == []


def test_readiness_asks_for_the_bucket_and_a_missing_one_takes_the_host_out(client, db, bucket, settings,
                                                                         monkeypatch):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "READY_TIMEOUT_SECONDS": 15}  # a loaded test machine: the answer
    # given the bucket every host shares: the host is ready, and asking wrote nothing into it
    ready = client.get("/readyz")
    assert ready.status_code == 200 and json.loads(ready.content)["checks"]["storage"]["ok"] is True
    assert bucket.objects() == {}
    # when one host is configured with a bucket that does not exist (a mistyped SHIKAYAT_S3_BUCKET), where asking
    # for any object's name merely answers "no such object"
    monkeypatch.setenv("SHIKAYAT_S3_BUCKET", bucket.name + "-mistyped")
    settings.STORAGES = {**settings.STORAGES, "default": file_storage_from_env()}
    assert storages["default"].exists("anything") is False
    # then that host is not ready, and says why to those allowed to know
    refused = client.get("/readyz")
    check = json.loads(refused.content)["checks"]["storage"]
    assert refused.status_code == 503 and check["ok"] is False and "404" in check["error"]


def weasyprint_or_skip() -> None:
    try:
        import weasyprint  # noqa: F401
    except OSError as error:  # Pango missing: scripts/bootstrap installs it
        pytest.skip(f"WeasyPrint cannot load Pango: {error}")


# --- settings ------------------------------------------------------------------------------------------------------

def _production_storages(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SHIKAYAT_", "DJANGO_", "AWS_"))}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY="s3cr3t-" + "k" * 40,
                 DATABASE_URL="postgres://postgres@127.0.0.1:5432/shikayat", SHIKAYAT_TOTP_KEYS="t" * 40,
                 SHIKAYAT_PUBLIC_URL="https://shikayat.example.org", **env)
    code = ("import json, django; django.setup(); from django.conf import settings; "
            "print(json.dumps(settings.STORAGES))")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_production_stores_on_local_disk_by_default_and_in_a_private_bucket_when_told():
    local = _production_storages()
    assert local.returncode == 0, local.stderr[-500:]
    assert json.loads(local.stdout)["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}

    s3 = _production_storages(SHIKAYAT_STORAGE="s3", SHIKAYAT_S3_BUCKET="shikayat-files",
                              SHIKAYAT_S3_ENDPOINT_URL="http://minio.internal:9000")
    assert s3.returncode == 0, s3.stderr[-500:]
    stored = json.loads(s3.stdout)
    options = stored["default"]["OPTIONS"]
    assert stored["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"], options["addressing_style"]) == (
        "shikayat-files", "http://minio.internal:9000", "us-east-1", "path")
    assert options["default_acl"] is None and options["file_overwrite"] is False
    assert options["querystring_expire"] == 60
    # static files are unaffected: still WhiteNoise's hashed names from the web processes
    assert stored["staticfiles"] == json.loads(local.stdout)["staticfiles"]


def test_production_refuses_s3_without_a_bucket_or_an_unknown_storage():
    missing = _production_storages(SHIKAYAT_STORAGE="s3")
    assert missing.returncode != 0 and "SHIKAYAT_STORAGE=s3 needs SHIKAYAT_S3_BUCKET" in missing.stderr
    unknown = _production_storages(SHIKAYAT_STORAGE="nfs")
    assert unknown.returncode != 0 and "SHIKAYAT_STORAGE must be 'local' or 's3', not 'nfs'" in unknown.stderr


def test_the_system_check_warns_of_s3_without_a_bucket(settings, monkeypatch):
    assert object_storage_named() == []  # local disk: nothing to say
    monkeypatch.setenv("SHIKAYAT_STORAGE", "s3")
    monkeypatch.delenv("SHIKAYAT_S3_BUCKET", raising=False)
    settings.STORAGES = {**settings.STORAGES, "default": file_storage_from_env()}
    assert [m.id for m in object_storage_named()] == ["shikayat.W020"]
    assert object_storage_named in checks.registry.registry.get_checks()
