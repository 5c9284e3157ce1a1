"""Evidence attached to a complaint: checked by content, scoped like the
complaint, never half-written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from shikayat.complaints import actions
from shikayat.complaints.models import Attachment
from shikayat.complaints.selectors import attachments_for
from shikayat.core.errors import InvalidInput

from .journey import citizen_of

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"x" * 64


def upload(name="photo.png", content=PNG):
    return SimpleUploadedFile(name, content)


def api_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_officer_and_citizen_attach_files_with_timeline_events(force, new_complaint):
    complaint = new_complaint()
    internal = actions.add_attachment(complaint, actor=force.officers["cell_A"], upload=upload("memo.pdf", PDF),
                                      is_public=False)
    public = actions.add_attachment(complaint, actor=citizen_of(complaint), upload=upload(), is_public=False)
    assert internal.content_type == "application/pdf" and not internal.is_public
    assert public.is_public  # a citizen always sees what they sent
    assert list(attachments_for(citizen_of(complaint), complaint)) == [public]
    assert complaint.events.filter(action="add_attachment").count() == 2


@pytest.mark.parametrize("name, content", [("virus.exe", b"MZ\x90\x00" * 10), ("fake.png", b"GIF89a" + b"0" * 20),
                                           ("empty.png", b"")])
def test_files_that_are_not_photos_documents_or_voice_notes_are_refused(force, new_complaint, name, content):
    complaint = new_complaint()
    with pytest.raises(InvalidInput) as error:
        actions.add_attachment(complaint, actor=force.officers["cell_A"], upload=upload(name, content))
    assert "file" in error.value.fields
    assert not Attachment.objects.exists()


def test_too_large_files_are_refused(force, new_complaint, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "ATTACHMENT_MAX_BYTES": 32}
    with pytest.raises(InvalidInput):
        actions.add_attachment(new_complaint(), actor=force.officers["cell_A"], upload=upload())


def test_failed_event_write_removes_the_stored_file(force, new_complaint, monkeypatch, settings):
    complaint = new_complaint()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(actions, "record_event", fail)
    with pytest.raises(RuntimeError):
        actions.add_attachment(complaint, actor=force.officers["cell_A"], upload=upload())
    assert not Attachment.objects.exists()
    assert not [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]


def test_api_upload_list_and_download_are_scoped(force, new_complaint):
    complaint = new_complaint()
    url = f"/api/v1/complaints/{complaint.etag}/attachments/"
    created = api_as(force.officers["desk_A"]).post(url, {"file": upload()}, format="multipart")
    assert created.status_code == 201, created.content
    listing = api_as(force.officers["cell_A"]).get(url).json()
    assert [a["original_name"] for a in listing] == ["photo.png"]
    download = api_as(force.officers["cell_A"]).get(listing[0]["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    assert api_as(force.officers["cell_B"]).get(listing[0]["url"]).status_code == 404
    bad = api_as(force.officers["desk_A"]).post(url, {"file": upload("x.txt", b"hello world")}, format="multipart")
    assert bad.status_code == 400 and "file" in bad.json()["error"]["fields"]
    missing = api_as(force.officers["desk_A"]).post(url, {}, format="multipart")
    assert missing.status_code == 400
