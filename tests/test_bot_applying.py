"""Applying for a police service on WhatsApp: the conversation with the real
engine, each document fetched from a real local server playing the Graph
API and checked by its bytes, the application submitted through
services.actions.apply with the documents, in Urdu. Waiting for a slow
download, a document that turns out not to be a photo or PDF, wrong kinds
of message, bad fields and abandoned applications."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage

from shikayat.bot import applying
from shikayat.notifications.models import OutboxMessage
from shikayat.services.models import RequestDocument, RequiredDocument, Service, ServiceRequest
from shikayat.whatsapp import media
from shikayat.whatsapp.models import MediaFetch

from .test_bot import Chat, bot, has_script, in_language, texts  # noqa: F401  (fixtures)
from .test_whatsapp_webhook import PNG, graph, whatsapp_settings  # noqa: F401  (fixtures)

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
URDU = ("\u0600", "\u06ff")


@pytest.fixture
def service(bot):  # noqa: F811
    row = Service.objects.create(code="character-certificate", name_en="Character certificate",
                                 name_ur="کریکٹر سرٹیفکیٹ", name_hi="चरित्र प्रमाण पत्र", sla_hours=72,
                                 fee_note_en="Rs 500", fee_note_ur="500 روپے")
    RequiredDocument.objects.create(service=row, code="cnic", name_en="Copy of CNIC", name_ur="شناختی کارڈ کی نقل",
                                    sort_order=1)
    RequiredDocument.objects.create(service=row, code="photo", name_en="Photograph", name_ur="تصویر", sort_order=2)
    RequiredDocument.objects.create(service=row, code="letter", name_en="Employer's letter", name_ur="آجر کا خط",
                                    required=False, sort_order=3)
    return row


def send_document(chat: Chat, media_id: str, mime: str = "application/pdf", kind: str = "document"):
    return chat.deliver(chat.incoming(kind, media_id=media_id, media_mime=mime, media_filename=f"{media_id}.pdf"))


def fill_in(chat: Chat, lang: str = "ur", name: str = "بلال احمد") -> None:
    """From the menu to the first document."""
    chat.start(lang)
    chat.say("5")  # Verification
    chat.tap("ver:apply")
    chat.tap("svc:character-certificate")
    chat.say(name)
    chat.say("35202-1234567-1")
    chat.say("مکان 12، ماڈل ٹاؤن")
    chat.say("SA1")
    assert chat.state == "svc:purpose"
    chat.say("بیرون ملک ملازمت" if lang == "ur" else "Employment abroad")
    assert chat.state == "svc:document"


def fetch_all() -> None:
    """What the worker does with the queued downloads (each settles the conversation)."""
    for row in MediaFetch.objects.filter(state=MediaFetch.State.PENDING):
        media.fetch(row.pk)


def test_an_application_in_urdu_with_its_documents_fetched_from_whatsapp(
        service, graph, django_capture_on_commit_callbacks):  # noqa: F811
    graph.add("cnic-1", PDF, "application/pdf")
    graph.add("photo-1", PNG, "image/png")
    chat = Chat()
    fill_in(chat)
    [received, next_one] = send_document(chat, "cnic-1")
    assert has_script(received.context["text"], URDU) and "شناختی کارڈ کی نقل" in received.context["text"]
    assert "تصویر" in next_one.context["text"]
    replies = send_document(chat, "photo-1", mime="image/png", kind="image")
    assert "آجر کا خط" in texts(replies)  # the optional document is asked for, with "skip"
    [summary] = chat.tap("skip")
    assert chat.state == "svc:confirm" and "بلال احمد" in summary.context["text"]
    assert summary.language == "ur" and has_script(summary.context["text"], URDU)
    fetch_all()
    assert not ServiceRequest.objects.exists()  # nothing before the applicant confirms
    with django_capture_on_commit_callbacks(execute=True):
        [done] = chat.tap("yes")
    request = ServiceRequest.objects.get()
    assert request.etag_display in done.context["text"] and done.language == "ur" and chat.state == "menu"
    assert (request.channel, request.applicant_name, request.station.code, request.language, request.mobile) == (
        "whatsapp", "بلال احمد", "SA1", "ur", "+923001234567")
    assert request.purpose == "بیرون ملک ملازمت" and "بیرون ملک ملازمت" in summary.context["text"]
    assert request.events.get().actor_label == "citizen +923001234567"
    stored = {doc.code: doc for doc in RequestDocument.objects.filter(request=request)}
    assert set(stored) == {"cnic", "photo"}
    assert stored["cnic"].file.read() == PDF and stored["cnic"].content_type == "application/pdf"
    assert stored["photo"].file.read() == PNG and stored["photo"].content_type == "image/png"
    assert stored["cnic"].original_name == "cnic-1.pdf"  # as the phone named it
    fetches = MediaFetch.objects.filter(document_code__in=["cnic", "photo"])
    assert {row.service_request_id for row in fetches} == {request.pk}
    assert all(not row.staged for row in fetches)  # the staged copies are gone once the request holds them
    assert OutboxMessage.objects.filter(template="service_received", recipient="+923001234567").exists()
    # The applicant follows it by its E-tag like a complaint.
    chat.say("2")  # Complaint status
    assert "کریکٹر سرٹیفکیٹ" in texts(chat.say(request.etag_display))


def test_an_application_waits_for_a_slow_download_and_is_submitted_when_it_arrives(service, graph):  # noqa: F811
    graph.add("cnic-1", PDF, "application/pdf")
    graph.add("photo-1", PNG, "image/png")
    chat = Chat()
    fill_in(chat, lang="en", name="Bilal Ahmed")
    send_document(chat, "cnic-1")
    send_document(chat, "photo-1", mime="image/png", kind="image")
    chat.say("skip")
    [waiting] = chat.tap("yes")
    assert chat.state == applying.WAITING and not ServiceRequest.objects.exists()
    assert "still receiving your documents" in waiting.context["text"]
    assert "still receiving" in texts(chat.say("hello?"))
    fetch_all()  # the last download ends: the worker submits it
    request = ServiceRequest.objects.get()
    assert request.documents.count() == 2 and chat.state == "menu"
    assert request.etag_display in chat.replies().last().context["text"]


def test_a_document_that_is_not_a_photo_or_pdf_is_asked_for_again_before_anything_is_registered(
        service, graph):  # noqa: F811
    graph.add("cnic-1", b"<html><body>not a document</body></html>", "application/pdf")
    graph.add("cnic-2", PDF, "application/pdf")
    graph.add("photo-1", PNG, "image/png")
    chat = Chat()
    fill_in(chat, lang="en", name="Bilal Ahmed")
    send_document(chat, "cnic-1")
    fetch_all()  # refused by its content: the applicant is told at once
    told = chat.replies().last().context["text"]
    assert "Copy of CNIC" in told and "Documents must be photos (JPEG, PNG) or PDF files." in told
    assert chat.state == "svc:document"
    send_document(chat, "photo-1", mime="image/png", kind="image")
    chat.say("skip")
    [again, ask] = chat.tap("yes")
    assert chat.state == "svc:document" and not ServiceRequest.objects.exists()
    assert "could not be used" in again.context["text"] and "Copy of CNIC" in ask.context["text"]
    [summary] = send_document(chat, "cnic-2")[-1:]  # straight back to the summary
    assert chat.state == "svc:confirm" and "Please check your application" in summary.context["text"]
    fetch_all()
    chat.tap("yes")
    request = ServiceRequest.objects.get()
    assert request.documents.get(code="cnic").file.read() == PDF


@pytest.mark.parametrize("kind, mime", [("audio", "audio/ogg"), ("video", "video/mp4"),
                                        ("document", "application/zip"), ("document", "application/x-msdownload")])
def test_a_voice_note_video_or_other_file_type_is_refused_before_it_is_fetched(service, kind, mime):
    chat = Chat()
    fill_in(chat)
    [refused, again] = chat.deliver(chat.incoming(kind, media_id="m-1", media_mime=mime, media_filename="x.bin"))
    assert refused.context["text"] == in_language("ur", "Documents must be photos (JPEG, PNG) or PDF files.")
    assert again.language == "ur" and chat.state == "svc:document"
    assert not MediaFetch.objects.exists() and chat.conversation.answers["documents"] == {}


def test_a_required_document_cannot_be_skipped(service):
    chat = Chat()
    fill_in(chat, lang="en", name="Bilal Ahmed")
    [sorry, again] = chat.say("skip")
    assert "expected a photo or a PDF" in sorry.context["text"] and "Copy of CNIC" in again.context["text"]
    assert chat.state == "svc:document" and chat.conversation.answers["document"] == 0


@pytest.mark.parametrize("step, bad, message", [
    ("svc:service", "qq", "Sorry, that is not one of the services. Please reply with a number from 1 to %(n)d."),
    ("svc:name", "x" * 151, "The name is too long (at most %(max)d characters)."),
    ("svc:id_number", "1" * 33, "Please give the applicant's CNIC / identity number."),
    ("svc:address", "a" * 301, "Please give the applicant's address (at most 300 characters)."),
    ("svc:station", "Nowhere-in-particular", "We found no police station called “%(name)s”. Please check the name, "
                                             "or share your location."),
    ("svc:purpose", "x" * 201, "Please say in a few words what the certificate is for (at most %(max)d characters), "
                               "or send “skip”."),
])
def test_bad_answers_are_explained_in_urdu_and_nothing_is_taken(service, step, bad, message):
    chat = Chat()
    chat.start("ur")
    chat.say("5")  # Verification
    chat.tap("ver:apply")
    for answer in ["1", "بلال احمد", "35202-1234567-1", "مکان 12", "SA1"]:
        if chat.state == step:
            break
        chat.say(answer)
    assert chat.state == step
    answers = dict(chat.conversation.answers)
    replies = chat.say(bad)
    expected = in_language("ur", message, n=1, max=200 if step == "svc:purpose" else 150, name=bad)
    assert expected in texts(replies) and {row.language for row in replies} == {"ur"}
    assert chat.state == step and chat.conversation.answers == answers
    assert not ServiceRequest.objects.exists()


def test_an_applicant_writing_from_abroad_is_asked_where_they_live(service, graph):  # noqa: F811
    graph.add("cnic-1", PDF, "application/pdf")
    graph.add("photo-1", PNG, "image/png")
    chat = Chat(wa_id="447911123456", phone="+447911123456")
    chat.start("en")
    chat.say("5")  # Verification
    chat.tap("ver:apply")
    for answer in ["1", "Bilal Ahmed", "35202-1234567-1", "House 12, Model Town", "SA1", "skip"]:
        chat.say(answer)
    assert chat.state == "svc:country"
    assert "type the name of the country" in texts(chat.say("7"))
    chat.say("United Kingdom")
    send_document(chat, "cnic-1")
    send_document(chat, "photo-1", mime="image/png", kind="image")
    fetch_all()
    assert "Living in: United Kingdom" in texts(chat.say("skip"))
    chat.tap("yes")
    request = ServiceRequest.objects.get()
    assert request.is_overseas and request.country == "United Kingdom" and request.mobile == "+447911123456"
    assert request.purpose == ""  # skipped


def test_an_abandoned_application_registers_nothing_and_its_files_are_discarded(service, graph):  # noqa: F811
    graph.add("cnic-1", PDF, "application/pdf")
    chat = Chat()
    fill_in(chat, lang="en", name="Bilal Ahmed")
    send_document(chat, "cnic-1")
    assert "Cancelled. Nothing was registered." in texts(chat.say("cancel"))
    said = chat.replies().count()
    fetch_all()  # the download ends after the applicant cancelled: nothing happens
    row = MediaFetch.objects.get()
    assert row.state == MediaFetch.State.DONE and row.staged and chat.state == "menu"
    assert not ServiceRequest.objects.exists() and chat.replies().count() == said
    name = row.staged.name  # a name in the storage (local disk or the object store), never a path
    assert media.discard_unused_documents(now=row.created_at + timedelta(hours=1)) == 0
    assert media.discard_unused_documents(now=row.created_at + timedelta(days=2)) == 1
    row.refresh_from_db()
    assert not row.staged
    assert not default_storage.exists(name)


def test_no_services_means_a_polite_answer(bot):  # noqa: F811
    chat = Chat()
    chat.start("en")
    chat.say("5")  # Verification
    replies = chat.tap("ver:apply")
    assert "not available at the moment" in texts(replies) and chat.state == "menu"
