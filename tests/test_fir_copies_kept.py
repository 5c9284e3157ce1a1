"""An FIR copy is kept as issued: its PDF is drawn once and stored (local disk, or a private S3 bucket), every
download serves those bytes, also after the register is imported again with other sections, and the verification
page shows what the copy says with a plain word when the register has changed since. Copies issued before copies
were kept are drawn and kept at their first download. A storage that fails makes issuing fail cleanly."""

import hashlib
import logging
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import DatabaseError

from shikayat.core import clock, dates, verification
from shikayat.firs import copies, importing, kept
from shikayat.firs.mapping import for_name
from shikayat.firs.models import FirCopy

from .test_bot import Chat, texts
from .test_citizen_pages import verify
from .test_firs import ROWS, _start_flow, ask, csv_bytes, fir, register  # noqa: F401  (fixture)
from .test_storage_s3 import bucket, s3_server, weasyprint_or_skip  # noqa: F401  (fixtures)

UPDATED = "The FIR register has been updated since this copy was issued on"
NOT_MADE = "Your FIR copy could not be made just now, and nothing was recorded"
NOT_OPENED = "Your FIR copy cannot be opened just now"


@pytest.fixture
def imported(register):  # noqa: F811
    """The register of tests/test_firs.py imported (its officers are register.officers)."""
    return register


class RefusingStorage(FileSystemStorage):
    """A storage that is down: every file given to it is refused."""

    def _save(self, name, content):
        raise OSError("the storage is down")


def reimport(force, **changes) -> None:
    """The register imported again, FIR 101/2024 with other values (columns by their header)."""
    from .test_firs import HEADER

    rows = [row[:] for row in ROWS]
    for header, value in changes.items():
        rows[0][HEADER.index(header)] = value
    run = importing.import_file(content=csv_bytes(rows), file_name="again.csv", mapping=for_name("default"),
                                user=force.officers["cell_A"])
    assert run.applied, run.report


def stored_files(root: Path) -> dict[str, bytes]:
    base = root / "fir-copies"
    return {str(p.relative_to(root)): p.read_bytes() for p in base.rglob("*") if p.is_file()} if base.exists() else {}


def issued_on_the_web(client):
    verify(client, next_url="/fir-copy/")
    response = ask(client, 101)
    assert response.status_code == 302, response.content[:300]
    return FirCopy.objects.get(), response["Location"]


def legacy_copy(**fields) -> FirCopy:
    """A copy as they were issued before copies were kept: a row, no file, no facts."""
    return FirCopy.objects.create(number="FIRC-2026-0000042", fir=fir(101), mobile="+923001234567", channel="web",
                                  language="en", issued_at=fields.pop("issued_at", clock.now()), **fields)


def test_the_copy_is_stored_once_and_every_download_is_those_bytes_after_a_new_import(imported, client,
                                                                                       media_root):
    # given the complainant's copy, issued on the web
    copy, link = issued_on_the_web(client)

    # then its PDF was stored once at issue, with its SHA-256 and what it says
    [(name, stored)] = stored_files(media_root).items()
    assert name == copy.file.name and name.startswith("fir-copies/") and stored.startswith(b"%PDF")
    assert copy.sha256 == hashlib.sha256(stored).hexdigest() and copy.kept_at == copy.issued_at
    assert {k: copy.facts[k] for k in ("number", "fir_number", "station", "sections", "complainant", "status",
                                       "investigating_officer")} == {
        "number": copy.number, "fir_number": "101/2024", "station": "Sa1", "sections": ["379 PPC", "411 PPC"],
        "complainant": "Ali Raza", "status": "under_investigation", "investigating_officer": "SI Tariq Mehmood"}

    # when it is downloaded, twice: the stored bytes each time
    first, second = client.get(link), client.get(link)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first.content == second.content == stored

    # when the register is imported again with other sections, status and date
    reimport(imported, Sections="379 PPC, 411 PPC, 34 PPC", Status="Challan", **{"Registered At": "04/02/2024 10:15"})
    assert fir(101).sections == ["379 PPC", "411 PPC", "34 PPC"]

    # then the copy is still the one issued, byte for byte, and nothing more was stored
    assert client.get(link).content == stored
    assert stored_files(media_root) == {name: stored}

    # and the verification page shows the copy as issued, and says plainly that the register changed since
    page = client.get(verification.path(copy.number)).content.decode()
    assert "03/02/2024" in page and "04/02/2024" not in page
    assert f"{UPDATED} {dates.date_only(copy.issued_at)}." in page
    assert "Ali Raza" not in page and "379" not in page


def test_the_verification_page_says_nothing_of_changes_the_copy_does_not_show(imported, client):
    copy = copies.request_copy(unit=fir(101).unit, year=2024, number=101, mobile="+923001234567", channel="web",
                               client="ip:1")
    path = verification.path(copy.number)
    assert UPDATED not in client.get(path).content.decode()

    # the same file again, then a new mobile (not on the copy): the copy still says what the register says
    reimport(imported)
    reimport(imported, **{"Complainant Mobile": "0300 7654321"})
    assert fir(101).complainant_mobile == "+923007654321"
    page = client.get(path).content.decode()
    assert "101/2024" in page and UPDATED not in page

    # the status moved on: the copy no longer says what the register says
    reimport(imported, Status="Untraced")
    assert UPDATED in client.get(path).content.decode()
    assert verification.check(verification.sign(copy.number)).state == verification.GENUINE


def test_a_copy_issued_before_copies_were_kept_is_drawn_and_kept_at_its_first_download(imported, client,
                                                                                       media_root):
    # given a copy issued before this change: a row without a file
    copy = legacy_copy()
    link = copies.download_url(copy).removeprefix("http://127.0.0.1:8000")
    assert UPDATED not in client.get(verification.path(copy.number)).content.decode()

    # when its link is first opened, it is drawn from the register and kept
    first = client.get(link)
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    copy.refresh_from_db()
    assert stored_files(media_root) == {copy.file.name: first.content}
    assert copy.sha256 == hashlib.sha256(first.content).hexdigest() and copy.kept_at >= copy.issued_at
    assert copy.facts["issued_at"] == copy.issued_at.isoformat() and copy.facts["sections"] == ["379 PPC", "411 PPC"]

    # then later downloads are those bytes, also after the register changed
    reimport(imported, Sections="379 PPC")
    assert client.get(link).content == first.content and len(stored_files(media_root)) == 1
    assert UPDATED in client.get(verification.path(copy.number)).content.decode()


def test_an_unkept_copy_of_an_fir_updated_after_its_issue_is_said_to_be_out_of_date(imported, client):
    copy = legacy_copy(issued_at=fir(101).updated_at - timedelta(days=3))
    assert UPDATED in client.get(verification.path(copy.number)).content.decode()
    assert not FirCopy.objects.get().file  # checking it stores nothing


def test_two_first_downloads_at_once_keep_one_file(imported, media_root):
    legacy_copy()
    one, other = FirCopy.objects.get(), FirCopy.objects.get()  # both read before either kept it
    assert kept.pdf_of(one) == kept.pdf_of(other)
    assert len(stored_files(media_root)) == 1 and FirCopy.objects.get().file.name == one.file.name


def test_issuing_fails_cleanly_when_the_storage_refuses(imported, client, settings, media_root):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.RefusingStorage"}}
    verify(client, next_url="/fir-copy/")
    response = ask(client, 101)
    assert response.status_code == 503 and NOT_MADE in response.content.decode()
    assert FirCopy.objects.count() == 0 and stored_files(media_root) == {}

    # on WhatsApp alike
    chat = Chat()
    chat.start("en")
    _start_flow(chat, "en")
    chat.say("Sa1")
    answer = texts(chat.say("101/2024"))
    assert NOT_MADE in answer and "/fir-copy/" not in answer and chat.state == "menu"
    assert FirCopy.objects.count() == 0 and stored_files(media_root) == {}


def test_a_row_that_cannot_be_written_leaves_no_file_stored(imported, monkeypatch, media_root):
    save = FirCopy.save

    def failing(self, *args, **kwargs):
        if "file" in (kwargs.get("update_fields") or ()):
            raise DatabaseError("the database went away")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(FirCopy, "save", failing)
    with pytest.raises(DatabaseError):
        copies.request_copy(unit=fir(101).unit, year=2024, number=101, mobile="+923001234567", channel="web",
                            client="ip:1")
    assert FirCopy.objects.count() == 0 and stored_files(media_root) == {}


@pytest.mark.parametrize("damage", ["altered", "missing"])
def test_a_stored_copy_that_is_not_the_one_kept_is_never_served(imported, client, media_root, caplog, damage):
    copy, link = issued_on_the_web(client)
    path = media_root / copy.file.name
    if damage == "altered":
        path.write_bytes(path.read_bytes().replace(b"%PDF", b"%PDF\n% changed", 1))
    else:
        path.unlink()
    with caplog.at_level(logging.ERROR, logger="shikayat.firs.kept"):
        response = client.get(link)
    assert response.status_code == 503 and NOT_OPENED in response.content.decode()
    assert copy.number in caplog.text


def test_on_s3_the_copy_is_a_private_object_served_byte_for_byte(imported, client, bucket):  # noqa: F811
    weasyprint_or_skip()
    copy, link = issued_on_the_web(client)
    [(key, stored)] = bucket.objects("fir-copies/").items()
    assert key == copy.file.name and hashlib.sha256(stored).hexdigest() == copy.sha256
    assert bucket.anonymous_get(key).status_code == 403

    assert client.get(link).content == stored
    reimport(imported, Sections="302 PPC")
    assert client.get(link).content == stored and bucket.objects().keys() == {key}


def test_the_admin_names_the_stored_copy_without_linking_the_storage(imported, client, django_user_model):
    copy = copies.request_copy(unit=fir(101).unit, year=2024, number=101, mobile="+923001234567", channel="web",
                               client="ip:1")
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "x"))
    listing = client.get("/admin/firs/fircopy/")
    assert listing.status_code == 200 and copy.number in listing.content.decode()
    page = client.get(f"/admin/firs/fircopy/{copy.pk}/change/")
    assert page.status_code == 200 and copy.file.name in page.content.decode()
    assert f'href="/media/{copy.file.name}"' not in page.content.decode() and copy.sha256 in page.content.decode()
