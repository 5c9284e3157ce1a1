"""Message texts, rendered in the recipient's language when sent."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

TEMPLATES = {
    "complaint_registered": _(
        "Your complaint has been registered. E-tag: %(etag)s. An officer will contact you within "
        "%(contact_hours)s hours. Keep this E-tag to follow your complaint: %(track_url)s"
    ),
    # These five (and complaint_escalated, enquiry_outcome) went to the complainant before shikayat.updates told
    # every step as "complaint_update": kept so that rows queued then still render; the bot's replies use three.
    "feedback_requested": _(
        "Complaint %(etag)s: the police have proposed a resolution. Please tell us whether you are "
        "satisfied. Your complaint stays open until you do."
    ),
    "complaint_reopened": _(
        "Complaint %(etag)s has been reopened and sent to a senior officer because you were not satisfied."
    ),
    "complaint_closed": _("Complaint %(etag)s is now closed. Thank you for your feedback."),
    "complaint_rejected": _("Complaint %(etag)s was not taken forward. Reason: %(reason)s"),
    "complaint_withdrawn": _("Complaint %(etag)s has been withdrawn as you asked."),
    "otp_code": _("Your Shikayat verification code is %(code)s. It is valid for %(minutes)s minutes. Do not share it."),
    # Replies to SMS sent to the gateway (shikayat/channels/sms.py).
    "status_reply": _("Complaint %(etag)s (%(category)s): %(status)s. Office: %(unit)s. Details: %(track_url)s"),
    "status_not_found": _(
        "We found no complaint with E-tag %(etag)s for this mobile number. Send %(status_keyword)s and the "
        "E-tag from the mobile number you gave with the complaint."
    ),
    "status_limited": _(
        "Too many status requests. Please wait a while, then send %(status_keyword)s and your E-tag again."
    ),
    "sms_help": _(
        "To lodge a complaint, send %(complaint_keyword)s followed by what happened. To follow a complaint, "
        "send %(status_keyword)s followed by your E-tag, e.g. %(status_keyword)s K7QM-4XZ2."
    ),
    "sms_not_registered": _(
        "Your complaint was not registered: %(reason)s Send %(complaint_keyword)s followed by what happened."
    ),
    # WhatsApp (shikayat/whatsapp/media.py): a file the citizen sent could not be attached.
    "whatsapp_attachment_refused": _("The file you sent could not be added to complaint %(etag)s: %(reason)s"),
    # Every step of a complaint, to its complainant, in their words (shikayat/updates): one or several steps
    # (folded), the link to follow and answer, and how to stop these updates.
    "complaint_update": _("Complaint %(etag)s:\n%(steps)s\nFollow it or answer: %(track_url)s\n"
                          "Reply STOP to stop updates."),
    # Answers to STOP and START (shikayat/updates/stops.py), on the channel the citizen said it.
    "updates_stopped": _("You will get no more updates about your complaints. Reply START to get them again."),
    "updates_started": _("You will get updates about your complaints again. Reply STOP to stop them."),
    # Deadlines (shikayat/deadlines): to officers in their own language.
    "complaint_escalated": _(
        "Complaint %(etag)s has not been dealt with in time and has been escalated to a senior officer."
    ),
    "contact_due_soon": _(
        "Reminder: complaint %(etag)s (%(category)s, %(unit)s): contact the complainant by %(due)s. %(url)s"
    ),
    "report_due_soon": _(
        "Reminder: complaint %(etag)s (%(category)s, %(unit)s): the enquiry report is due by %(due)s. %(url)s"
    ),
    "escalated_to_you": _(
        "Complaint %(etag)s (%(category)s, %(unit)s) missed its deadline and is escalated to you (level "
        "%(level)s). Held by: %(holder)s. %(url)s"
    ),
    "deadline_digest": _(
        "Deadlines in %(unit)s on %(date)s: %(pending)s open complaints, %(overdue)s overdue, %(breached_today)s "
        "deadlines missed today. Ledger: %(url)s"
    ),
    # Complaints against police (shikayat/accountability): the outcome of the enquiry, in the officer's words.
    "enquiry_outcome": _(
        "Complaint %(etag)s: the enquiry into your complaint against police is complete. %(outcome)s"
    ),
    # Citizen services (shikayat/services).
    "service_received": _(
        "Your application for %(service)s has been received. E-tag: %(etag)s. Follow it at %(track_url)s"
    ),
    "service_ready": _("Your application %(etag)s for %(service)s is approved. Details: %(track_url)s"),
    "service_rejected": _("Your application %(etag)s for %(service)s was not approved. Reason: %(reason)s"),
    "service_overdue": _(
        "Service application %(etag)s (%(station)s) is past its deadline and still undecided. %(url)s"
    ),
    # The WhatsApp bot's replies (shikayat/bot), already written in the citizen's language by the bot.
    "bot_reply": "%(text)s",
    # Missing child (Zainab Alert, shikayat/information/alerts.py): to the stations near where the child was last seen.
    "missing_child_found": _("Missing-child alert closed: %(name)s has been found. Thank you. %(url)s"),
    "missing_child_closed": _("Missing-child alert for %(name)s is closed; the search is called off. %(url)s"),
    "missing_child_alert": _(
        "MISSING CHILD: %(name)s, age %(age)s, last seen at %(place)s on %(seen_at)s. %(description)s "
        "Information: %(contact)s. %(url)s"
    ),
    # A citizen's missing-child complaint, before an officer publishes the alert.
    "missing_child_report": _(
        "MISSING CHILD reported by a citizen (complaint %(etag)s, %(seen_at)s), near %(place)s: %(description)s "
        "Reporter: %(contact)s."
    ),
}


def render(template: str, language: str, context: dict) -> str:
    with translation.override(language):
        return str(TEMPLATES[template]) % context


# Email subjects name the E-tag, so that a citizen's reply threads back to the
# complaint (shikayat/channels/email_intake.py looks for it in the subject).
SUBJECTS = {
    "complaint_registered": _("Complaint %(etag)s registered"),
    "contact_due_soon": _("Reminder: complaint %(etag)s"),
    "report_due_soon": _("Reminder: complaint %(etag)s"),
    "escalated_to_you": _("Complaint %(etag)s escalated to you"),
    "deadline_digest": _("Deadlines in %(unit)s on %(date)s"),
    "missing_child_alert": _("Missing child: %(name)s, age %(age)s"),
    "missing_child_report": _("Missing child reported: complaint %(etag)s"),
}
COMPLAINT_SUBJECT = _("Your complaint %(etag)s")


def render_subject(template: str, language: str, context: dict) -> str:
    """The subject line of an email message, in the recipient's language."""
    subject = SUBJECTS.get(template) or (COMPLAINT_SUBJECT if "etag" in context else None)
    with translation.override(language):
        return str(subject) % context if subject else str(_("Message from the police complaint service"))
