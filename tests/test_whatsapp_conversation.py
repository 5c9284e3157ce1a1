"""The whole lodge-a-complaint conversation as Meta delivers it: signed
Cloud API payloads POSTed to the webhook, processed by the worker's
`process_pending` with the real bot, in Urdu and in Hindi. It ends with the
complaint in the database and the E-tag in the last WhatsApp reply."""

import time

import pytest

from shikayat.complaints.models import Complaint
from shikayat.notifications.models import OutboxMessage
from shikayat.whatsapp import processing
from shikayat.whatsapp.models import InboundWhatsAppMessage

from .test_bot import attachments, bot  # noqa: F401  (fixtures)
from .test_whatsapp_webhook import deliver, forget_waiting_runs, graph, whatsapp_settings  # noqa: F401  (fixtures)

WA_ID = "923001234567"


class Citizen:
    """Sends what a phone would send, through the real webhook and worker."""

    def __init__(self, post, name: str):
        self.post, self.name, self.n = post, name, 0

    def send(self, message: dict) -> list[OutboxMessage]:
        self.n += 1
        seen = set(self.replies().values_list("pk", flat=True))
        message = {"from": WA_ID, "id": f"wamid.HBgM{self.n:04d}", "timestamp": str(int(time.time()) - 600 + self.n),
                   **message}
        body = {"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [{
            "field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
                "contacts": [{"profile": {"name": self.name}, "wa_id": WA_ID}],
                "messages": [message]}}]}]}
        response = self.post(body)
        assert response.status_code == 200
        # Meta redelivers now and then: the same message again changes nothing.
        assert self.post(body).status_code == 200
        processing.process_pending()
        return [row for row in self.replies() if row.pk not in seen]

    def replies(self):
        return OutboxMessage.objects.filter(recipient=WA_ID, template="bot_reply").order_by("pk")

    def text(self, body: str):
        return self.send({"type": "text", "text": {"body": body}})

    def button(self, reply_id: str, title: str = "…"):
        return self.send({"type": "interactive",
                          "interactive": {"type": "button_reply", "button_reply": {"id": reply_id, "title": title}}})

    def pick(self, reply_id: str, title: str = "…"):
        return self.send({"type": "interactive",
                          "interactive": {"type": "list_reply", "list_reply": {"id": reply_id, "title": title}}})

    def photo(self, media_id: str):
        return self.send({"type": "image", "image": {"id": media_id, "mime_type": "image/jpeg", "sha256": "x"}})

    def location(self, lat: float, lng: float):
        return self.send({"type": "location", "location": {"latitude": lat, "longitude": lng}})


@pytest.mark.parametrize("lang, greeting, description, skip, yes, script", [
    ("ur", "السلام علیکم", "کل رات میری موٹر سائیکل مسجد کے باہر سے چوری ہو گئی۔", "آگے", "ہاں", ("\u0600", "\u06ff")),
    ("hi", "नमस्ते", "कल रात मेरी मोटरसाइकिल मस्जिद के बाहर से चोरी हो गई।", "आगे", "हाँ", ("\u0900", "\u097f")),
])
def test_lodging_through_the_webhook(deliver, bot, attachments, lang, greeting, description, skip, yes,  # noqa: F811
                                     script):
    citizen = Citizen(deliver, "Ali Raza")
    assert citizen.text(greeting)
    assert citizen.button(f"lang:{lang}")  # the menu
    [categories] = citizen.text("1")
    assert any(row["id"] == "cat:THEFT" for row in categories.context["interactive"]["action"]["sections"][0]["rows"])
    assert citizen.pick("cat:THEFT")
    assert citizen.text(description)
    assert citizen.photo("media-photo-1")
    [ask_place] = citizen.text(skip)
    assert ask_place.context["interactive"]["type"] == "location_request_message"
    assert citizen.location(31.601, 74.402)  # beside station SA2: the summary to confirm
    [registered] = citizen.text(yes)

    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.category.code, complaint.language) == ("whatsapp", "THEFT", lang)
    assert complaint.incident_unit.code == "SA2" and complaint.complainant_mobile == f"+{WA_ID}"
    assert complaint.description == description
    assert complaint.etag_display in registered.context["text"]
    assert registered.language == lang and any(script[0] <= ch <= script[1] for ch in registered.context["text"])
    assert registered == citizen.replies().last()
    [(attached_to, media)] = attachments
    assert attached_to == complaint and media.media_id == "media-photo-1"
    # Every message was delivered twice and handled once.
    assert InboundWhatsAppMessage.objects.count() == citizen.n
    assert set(InboundWhatsAppMessage.objects.values_list("state", flat=True)) == {"done"}


def test_applying_for_a_service_through_the_webhook_with_the_documents_from_the_graph_api(
        deliver, bot, graph):  # noqa: F811
    from shikayat.services.models import RequiredDocument, Service, ServiceRequest
    from shikayat.whatsapp import tasks
    from shikayat.whatsapp.models import MediaFetch

    from .test_bot_applying import PDF

    service = Service.objects.create(code="tenant-registration", name_en="Tenant registration",
                                     name_hi="किरायेदार पंजीकरण", needs_record_check=False)
    RequiredDocument.objects.create(service=service, code="cnic", name_en="Copy of CNIC", name_hi="पहचान पत्र")
    graph.add("media-cnic", PDF, "application/pdf")
    citizen = Citizen(deliver, "Ravi Kumar")
    citizen.text("नमस्ते")
    citizen.button("lang:hi")
    citizen.text("5")  # Verification
    citizen.button("ver:apply")
    citizen.pick("svc:tenant-registration")
    for answer in ("रवि कुमार", "35202-1234567-1", "मकान 12, मॉडल टाउन", "SA1", "आगे"):  # purpose skipped
        citizen.text(answer)
    citizen.send({"type": "document", "document": {"id": "media-cnic", "mime_type": "application/pdf",
                                                   "filename": "cnic.pdf", "sha256": "x"}})
    [fetch] = MediaFetch.objects.all()
    assert tasks.fetch_media.call(fetch.pk) == MediaFetch.State.DONE  # what the worker runs
    [submitted] = citizen.text("हाँ")
    request = ServiceRequest.objects.get()
    assert request.etag_display in submitted.context["text"] and submitted.language == "hi"
    assert (request.channel, request.language, request.applicant_name) == ("whatsapp", "hi", "रवि कुमार")
    assert request.documents.get().file.read() == PDF
