"""A backup restores: the database and every stored file go into a fresh database and a fresh media folder;
every model's row count and every file's bytes come back equal to the source and to the manifest; a tampered
backup and a non-empty target are refused with nothing written.

The data is committed (transactional tests): pg_dump and SQLite's backup API read what other connections see."""

import hashlib
import json
import sqlite3
from contextlib import contextmanager
from urllib.parse import quote

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.utils import load_backend

from shikayat.complaints.intake import lodge_with_attachments
from shikayat.complaints.models import Attachment, Complaint
from shikayat.complaints.permissions import CitizenActor
from shikayat.information.models import MissingChildAlert
from shikayat.services import actions as services
from shikayat.services.models import RequestDocument, RequiredDocument, Service

from .factories import build_force, complaint_data

pytestmark = pytest.mark.django_db(transaction=True)

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
PDF = b"%PDF-1.4\n" + b"evidence " * 300
JPEG = b"\xff\xd8\xff\xe0" + b"\x10JFIF" + bytes(range(200))


def citizen(mobile="+923001234567") -> CitizenActor:
    return CitizenActor(mobile=mobile, credential="otp")


@pytest.fixture
def site():
    build_site()


def build_site() -> None:
    """A small force with what a running site stores: complaints lodged with evidence through intake, a
    service application with its documents, a missing-child alert with a photo, the demo's information pages."""
    from shikayat.demo import force as demo

    build_force()
    demo.load_information("punjab")
    for n in range(3):
        lodge_with_attachments(actor=citizen(), channel="web", data=complaint_data(description=(
            f"Complaint number {n}: my motorcycle was stolen outside the mosque after Friday prayers.")),
            uploads=[SimpleUploadedFile(f"photo{n}.png", PNG + bytes([n])),
                     SimpleUploadedFile(f"report{n}.pdf", PDF + bytes([n]))])
    service = Service.objects.create(code="character-certificate", name_en="Character certificate",
                                     name_ur="کریکٹر سرٹیفکیٹ", name_hi="चरित्र प्रमाण पत्र", sla_hours=72)
    RequiredDocument.objects.create(service=service, code="cnic", name_en="Copy of CNIC", name_ur="شناختی کارڈ",
                                    name_hi="पहचान पत्र")
    services.apply(actor=citizen(), channel="web", service_code=service.code,
                   data={"name": "Bilal Ahmed", "father_name": "Ahmed Ali", "id_number": "35202-1234567-1",
                         "mobile": "03001234567", "address": "House 12, Street 4, Model Town", "station": "SA1",
                         "purpose": "Employment abroad", "language": "en"},
                   uploads={"cnic": SimpleUploadedFile("cnic.pdf", PDF, content_type="application/pdf")})
    alert = MissingChildAlert.objects.first()
    alert.photo.save("child.jpg", ContentFile(JPEG))
    assert Attachment.objects.count() == 6 and RequestDocument.objects.count() == 1


def counts(alias: str = "default") -> dict[str, int]:
    return {model._meta.label: model._base_manager.using(alias).count()
            for model in apps.get_models(include_auto_created=True) if model._meta.managed}


@contextmanager
def second_connection(settings_dict: dict, alias: str = "restored"):
    """A Django connection of its own to the restored database, to count through the ORM."""
    config = connections.configure_settings({"default": dict(settings_dict)})["default"]
    connections[alias] = load_backend(config["ENGINE"]).DatabaseWrapper(config, alias)
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]


@pytest.fixture
def fresh_database(tmp_path):
    """(URL, settings) of a new, empty database next to the test database: a new PostgreSQL database on the
    same server, or a new SQLite file."""
    source = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield f"sqlite:///{path}", {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}
        return
    import psycopg

    name = f"{source['NAME']}_restored"
    server = {"host": source["HOST"] or None, "port": source["PORT"] or None, "user": source["USER"] or None,
              "password": source["PASSWORD"] or None, "dbname": "postgres", "autocommit": True}
    with psycopg.connect(**server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    credentials = quote(source["USER"]) + (f":{quote(source['PASSWORD'])}" if source["PASSWORD"] else "")
    url = f"postgres://{credentials}@{source['HOST'] or 'localhost'}:{source['PORT'] or 5432}/{name}"
    try:
        yield url, {**source, "NAME": name, "ENGINE": "django.db.backends.postgresql"}
    finally:
        with psycopg.connect(**server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def stored_files(root) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def test_a_backup_restores_into_a_fresh_database_and_folder_with_equal_counts_and_bytes(
        site, tmp_path, settings, fresh_database):
    # given a running site's database and media folder
    url, restored_settings = fresh_database
    source_counts = counts()
    source_files = stored_files(settings.MEDIA_ROOT)
    assert len(source_files) == 8  # six attachments, a service document, a photo
    backup = tmp_path / "backup"

    # when it is backed up, and restored into a new database and an empty media folder
    call_command("backup", "--to", str(backup), verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    call_command("restore", "--from", str(backup), "--database-url", url, verbosity=0)

    # then every model has as many rows there as here
    with second_connection(restored_settings) as alias:
        restored_counts = counts(alias)
        attachment_names = list(Attachment.objects.using(alias).values_list("file", flat=True))
    assert restored_counts == source_counts and restored_counts["complaints.Complaint"] == 3
    # and the files the restored rows name are there, byte for byte
    restored = storages["default"]
    for name in attachment_names[:3]:
        with restored.open(name, "rb") as stream:
            assert stream.read() == source_files[name]
    assert stored_files(settings.MEDIA_ROOT) == source_files
    # and the manifest holds every file's SHA-256 and every table's count
    manifest = json.loads((backup / "manifest.json").read_text())
    assert {entry["name"]: entry["sha256"] for entry in manifest["files"]} == {
        name: hashlib.sha256(content).hexdigest() for name, content in source_files.items()}
    assert manifest["tables"]["complaints_complaint"] == {"rows": 3, "model": "complaints.Complaint"}
    assert manifest["database"]["engine"] == connection.vendor and manifest["missing_files"] == []


def test_restore_refuses_a_tampered_backup_and_writes_nothing(site, tmp_path, settings, fresh_database):
    # given a backup in which one attachment was altered after it was taken
    url, restored_settings = fresh_database
    backup = tmp_path / "backup"
    call_command("backup", "--to", str(backup), verbosity=0)
    name = Attachment.objects.order_by("id").first().file.name
    (backup / "files" / name).write_bytes(PNG + b"altered")
    settings.MEDIA_ROOT = tmp_path / "restored-media"

    # when it is restored (or only checked), then it fails loudly naming the file
    with pytest.raises(CommandError, match="does not match its manifest") as error:
        call_command("restore", "--from", str(backup), "--database-url", url, verbosity=0)
    assert name in str(error.value)
    with pytest.raises(CommandError, match=name):
        call_command("restore", "--from", str(backup), "--check", verbosity=0)
    # and nothing was written: no table, no file
    with second_connection(restored_settings) as alias, connections[alias].cursor() as cursor:
        assert connections[alias].introspection.table_names(cursor) == []
    assert not (tmp_path / "restored-media").exists() or stored_files(tmp_path / "restored-media") == {}


def test_a_damaged_database_dump_is_refused(site, tmp_path, settings, fresh_database):
    backup = tmp_path / "backup"
    call_command("backup", "--to", str(backup), verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    dump = next(backup.glob("database.*"))
    dump.write_bytes(dump.read_bytes()[:-10])
    with pytest.raises(CommandError, match="does not match its SHA-256"):
        call_command("restore", "--from", str(backup), "--database-url", fresh_database[0], verbosity=0)


def test_restore_refuses_a_database_that_is_not_empty(site, tmp_path, settings):
    # given a backup, and the site's own database (full) as the target
    backup = tmp_path / "backup"
    call_command("backup", "--to", str(backup), verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    before = counts()
    # when it is restored without --force, then it is refused and nothing changes
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", "--from", str(backup), verbosity=0)
    assert counts() == before and not (tmp_path / "restored-media").exists()


def test_force_restores_over_an_earlier_restore(site, tmp_path, settings, fresh_database):
    # given a backup already restored once, after which the restored copy was changed
    url, restored_settings = fresh_database
    backup = tmp_path / "backup"
    call_command("backup", "--to", str(backup), verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    call_command("restore", "--from", str(backup), "--database-url", url, verbosity=0)
    with second_connection(restored_settings) as alias:
        Attachment.objects.using(alias).filter(pk=Attachment.objects.order_by("id").first().pk).delete()
    name = Attachment.objects.order_by("id").first().file.name
    (settings.MEDIA_ROOT / name).write_bytes(b"overwritten")
    # when it is restored again with --force, then the rows and the file are the backup's again
    call_command("restore", "--from", str(backup), "--database-url", url, "--force", verbosity=0)
    with second_connection(restored_settings) as alias:
        assert counts(alias) == counts()
    assert stored_files(settings.MEDIA_ROOT)[name] == Attachment.objects.order_by("id").first().file.read()


def test_restore_refuses_a_storage_that_already_holds_files(site, tmp_path, settings, fresh_database):
    backup = tmp_path / "backup"
    call_command("backup", "--to", str(backup), verbosity=0)
    with pytest.raises(CommandError, match="already holds files"):  # the site's own media folder
        call_command("restore", "--from", str(backup), "--database-url", fresh_database[0], verbosity=0)


def test_a_sample_is_read_back_and_a_file_lost_before_the_backup_is_reported(
        site, tmp_path, settings, fresh_database, capsys):
    # given a site whose storage lost one attachment the database still names
    lost = Attachment.objects.order_by("id").first().file
    lost.storage.delete(lost.name)
    backup = tmp_path / "backup"
    # when it is backed up, then the manifest and the summary name the missing file
    call_command("backup", "--to", str(backup))
    assert "1 referenced file(s) MISSING" in capsys.readouterr().out
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["missing_files"] == [lost.name] and len(manifest["files"]) == 7
    # and a restore reading back a sample of 2 files verifies them
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    call_command("restore", "--from", str(backup), "--database-url", fresh_database[0], "--sample", "2")
    assert "2 of 7 files' SHA-256 checked" in capsys.readouterr().out


def test_backup_refuses_a_folder_that_is_not_empty(site, tmp_path):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="not an empty folder"):
        call_command("backup", "--to", str(tmp_path / "backup"), verbosity=0)
    assert [p.name for p in (tmp_path / "backup").iterdir()] == ["old.txt"]


def test_sqlite_backup_is_a_database_file(site, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite path")
    call_command("backup", "--to", str(tmp_path / "backup"), verbosity=0)
    copy = sqlite3.connect(tmp_path / "backup" / "database.sqlite3")
    assert copy.execute("SELECT COUNT(*) FROM complaints_complaint").fetchone() == (Complaint.objects.count(),)
    copy.close()


@pytest.mark.postgres
def test_postgresql_backup_is_a_pg_dump_custom_archive(site, tmp_path):
    call_command("backup", "--to", str(tmp_path / "backup"), verbosity=0)
    assert (tmp_path / "backup" / "database.dump").read_bytes()[:5] == b"PGDMP"
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["database"]["engine"] == "postgresql" and manifest["database"]["server_version"]


@pytest.fixture(scope="module")
def s3_server():
    """moto's S3 server on a free loopback port, playing AWS S3 / MinIO / Ceph RGW."""
    server_module = pytest.importorskip("moto.server", reason="moto (the storage helper's test dependency)")
    pytest.importorskip("storages.backends.s3", reason="django-storages")
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def use_bucket(settings, endpoint: str, name: str) -> None:
    """A new private bucket as the default storage (what SHIKAYAT_STORAGE=s3 configures)."""
    import boto3

    credentials = {"access_key": "backup-test", "secret_key": "backup-test-secret", "region_name": "us-east-1"}
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="backup-test",
                 aws_secret_access_key="backup-test-secret").create_bucket(Bucket=name)
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": name, "endpoint_url": endpoint, "default_acl": "private", "file_overwrite": False,
        **credentials}}}


def bucket_files(name: str) -> dict[str, bytes]:
    storage = storages["default"]
    assert storage.bucket_name == name
    from shikayat.backup.files import walk

    return {key: storage.open(key, "rb").read() for key in walk(storage)}


def test_a_backup_of_a_bucket_restores_into_a_fresh_bucket(s3_server, settings, tmp_path, fresh_database):
    # given a site whose files are in an S3 bucket
    use_bucket(settings, s3_server, "shikayat-source")
    build_site()
    source_files = bucket_files("shikayat-source")
    assert len(source_files) == 8 and not (tmp_path / "media").exists()
    # when it is backed up, and restored into a fresh database and a fresh bucket
    call_command("backup", "--to", str(tmp_path / "backup"), verbosity=0)
    use_bucket(settings, s3_server, "shikayat-restored")
    call_command("restore", "--from", str(tmp_path / "backup"), "--database-url", fresh_database[0], verbosity=0)
    # then the new bucket holds the same objects, byte for byte, and the rows are all there
    assert bucket_files("shikayat-restored") == source_files
    with second_connection(fresh_database[1]) as alias:
        assert Attachment.objects.using(alias).count() == 6


def test_a_manifest_naming_a_file_outside_the_backup_is_refused(tmp_path):
    # given a backup folder whose manifest was edited to reach outside files/
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "manifest.json").write_text(json.dumps({
        "format": 1, "database": {"engine": connection.vendor, "file": "database.dump", "size": 0, "sha256": ""},
        "tables": {}, "files": [{"name": "../../etc/cron.d/x", "size": 1, "sha256": ""}]}))
    # when it is checked or restored, then it is refused before anything is read or written
    with pytest.raises(CommandError, match="Unsafe file name"):
        call_command("restore", "--from", str(backup), "--check", verbosity=0)
