"""Message texts, rendered in the recipient's language when sent."""

import json
import unicodedata

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from shikayat.core import dates

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
    "investigation_due_soon": _(
        "Reminder: complaint %(etag)s (%(category)s, %(unit)s): the investigation of its FIR must end in a challan "
        "or final report by %(due)s. %(url)s"
    ),
    "escalated_to_you": _(
        "Complaint %(etag)s (%(category)s, %(unit)s) missed its deadline and is escalated to you (level "
        "%(level)s). Held by: %(holder)s. %(url)s"
    ),
    "deadline_digest": _(
        "Deadlines in %(unit)s on %(date)s: %(pending)s open complaints, %(overdue)s overdue, %(breached_today)s "
        "deadlines missed today. Ledger: %(url)s"
    ),
    # The question some days after closing (shikayat/deadlines/followup.py); the answer by SMS or WhatsApp is
    # "1" or "2", or on the citizen's page.
    "followup_question": _(
        "Did the police action on complaint %(etag)s hold? Reply 1 for yes, 2 for no, or answer at %(url)s"
    ),
    "followup_question_email": _(
        "Did the police action on complaint %(etag)s hold? Please answer yes or no at %(url)s — if it did not, "
        "your complaint goes to a senior officer."
    ),
    # Complaints against police (shikayat/accountability): the outcome of the enquiry, in the officer's words.
    "enquiry_outcome": _(
        "Complaint %(etag)s: the enquiry into your complaint against police is complete. %(outcome)s"
    ),
    # Citizen services (shikayat/services).
    "service_received": _(
        "Your application for %(service)s has been received. E-tag: %(etag)s. Follow it at %(track_url)s"
    ),
    # On someone's behalf (employer, landlord): the person verified is asked for consent, then told.
    "service_consent_code": _(
        "%(applicant)s asks the police to verify you (%(service)s). If you agree, give them this code: %(code)s "
        "(valid %(minutes)s minutes). If you do not agree, do not share it."
    ),
    "service_subject_told": _(
        "%(applicant)s has applied to the police for %(service)s about you, with your consent. Application %(etag)s."
    ),
    "service_ready": _("Your application %(etag)s for %(service)s is approved. Details: %(track_url)s"),
    "service_rejected": _("Your application %(etag)s for %(service)s was not approved. Reason: %(reason)s"),
    "service_overdue": _(
        "Service application %(etag)s (%(station)s) is past its deadline and still undecided. %(url)s"
    ),
    # Permissions for processions, rallies, events, loudspeakers and film shooting (shikayat/permits).
    "permit_received": _(
        "Your application for permission (%(kind)s) has been received. E-tag: %(etag)s. The decision is due by "
        "%(due)s. Follow it at %(track_url)s"
    ),
    "permit_granted": _(
        "Permission %(number)s (%(kind)s) is granted, with conditions. Download the decision at %(track_url)s"
    ),
    "permit_refused": _(
        "Your application %(etag)s for permission (%(kind)s) is refused. The reasons are in the decision "
        "%(number)s at %(track_url)s"
    ),
    "permit_revoked": _(
        "Permission %(number)s (%(kind)s) is revoked: %(reasons)s. The event may not go ahead under it. Details "
        "at %(track_url)s"
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
    # Officers' notices (shikayat/updates/officers.py): to the officer who holds the complaint, in their language.
    "marked_to_you": _(
        "Complaint %(etag)s (%(category)s, %(unit)s) is marked to you. Contact the complainant by %(due)s. %(url)s"
    ),
    "marked_to_you_report_due": _(
        "Complaint %(etag)s (%(category)s, %(unit)s) is marked to you. The report is due by %(due)s. %(url)s"
    ),
    "complainant_added_information": _(
        "Complaint %(etag)s (%(category)s, %(unit)s): the complainant added information. %(url)s"
    ),
    "complainant_added_file": _("Complaint %(etag)s (%(category)s, %(unit)s): the complainant added a file. %(url)s"),
    "complainant_satisfied": _(
        "Complaint %(etag)s (%(category)s, %(unit)s): the complainant is satisfied with the resolution and it is "
        "closed. %(url)s"
    ),
    "complainant_not_satisfied": _(
        "Complaint %(etag)s (%(category)s): the complainant is not satisfied with the resolution. It is reopened "
        "and now with %(unit)s to be marked again. %(url)s"
    ),
    # A portal's notice about a complaint it forwarded (shikayat/channels/portal_notices.py): to its holder.
    "portal_reminder": _(
        "Complaint %(etag)s (%(category)s, %(unit)s): %(portal)s sent a reminder about it (their reference "
        "%(reference)s). %(url)s"
    ),
    "portal_reopened_notice": _(
        "Complaint %(etag)s (%(category)s, %(unit)s): %(portal)s re-opened it (their reference %(reference)s): "
        "the complainant is not satisfied. %(url)s"
    ),
    # Feature-phone commands by SMS (shikayat/channels/sms.py)
    "sms_help": _(
        "Send %(status_keyword)s for your complaint's status; %(info_keyword)s and details to add them; 1 and a "
        "rating 1-5 if satisfied with the resolution, 2 and why if not; %(appeal_keyword)s and why; "
        "%(complaint_keyword)s and what happened for a new complaint; %(stop_keyword)s or %(start_keyword)s "
        "for updates. Add the E-tag if you have several complaints."
    ),
    "sms_etag_not_found": _(
        "We found no complaint with E-tag %(etag)s for this mobile number. Send it from the mobile number you "
        "gave with the complaint."
    ),
    "sms_choose_complaint": _("You have more than one complaint: %(etags)s. Please send it again with the "
                              "E-tag, e.g. %(example)s"),
    "sms_no_complaint": _(
        "We found no complaint lodged with this mobile number. To lodge one, send %(complaint_keyword)s "
        "followed by what happened."
    ),
    "sms_status_list": _("Your open complaints: %(complaints)s. Send %(status_keyword)s and an E-tag for "
                         "details."),
    "sms_nothing_awaiting": _(
        "None of your complaints is waiting for your answer now. Send %(status_keyword)s to know where they "
        "stand."
    ),
    "sms_not_awaiting": _("Complaint %(etag)s is not waiting for your answer: it is “%(status)s”."),
    "sms_no_open_complaint": _(
        "You have no open complaint to add to. To lodge one, send %(complaint_keyword)s followed by what "
        "happened."
    ),
    "sms_not_open": _("Complaint %(etag)s is “%(status)s”: nothing more can be added to it."),
    "sms_refused": _("%(reason)s Please send, e.g.: %(example)s"),
    "sms_information_added": _("Thank you. Your information has been added to complaint %(etag)s."),
    "sms_appeal_received": _("Your appeal on complaint %(etag)s has been received; a senior officer will "
                             "look into it."),
    "sms_cannot_appeal": _("Complaint %(etag)s cannot be appealed: %(reason)s"),
    "sms_nothing_to_appeal": _("None of your complaints can be appealed now."),
    "sms_followup_recorded": _("Thank you. Your answer about complaint %(etag)s has been recorded."),
    "sms_stopped": _(
        "You will get no more updates about your complaints; answers to your own messages still come. Send "
        "%(start_keyword)s to get updates again."
    ),
    "sms_started": _("Updates about your complaints are on again. Send %(stop_keyword)s to stop them."),
}
# The whole text comes written already, in the recipient's language.
WRITTEN = frozenset({"bot_reply"})
# Messages to other machines (a portal's API, an integrator's webhook): the context is the JSON body itself,
# built when the change happened; there is no text to translate. Their channels are delivered in order
# (delivery.ORDERED_CHANNELS).
PAYLOADS = frozenset({"portal_status", "webhook_event"})


def _foreign(value) -> bool:
    """A value to set apart in a right-to-left message: one line with no right-to-left letter (an English
    name, a date, an E-tag); not a link (a phone would take the isolate for part of the address)."""
    return (isinstance(value, str) and "\n" not in value and not value.startswith(("http://", "https://"))
            and not any(unicodedata.bidirectional(char) in ("R", "AL") for char in value))


def _isolated(context: dict) -> dict:
    """In a right-to-left language, each foreign value filled in is set apart from the sentence
    (core.dates.isolate), so that it keeps its order and its punctuation stays where it was written."""
    return {key: dates.isolate(value) if _foreign(value) else value for key, value in context.items()}


def render(template: str, language: str, context: dict) -> str:
    if template in PAYLOADS:
        return json.dumps(context, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    with translation.override(language):
        if template in WRITTEN:
            return str(TEMPLATES[template]) % context
        return str(TEMPLATES[template]) % _isolated(context)


# Email subjects name the E-tag, so that a citizen's reply threads back to the
# complaint (shikayat/channels/email_intake.py looks for it in the subject).
SUBJECTS = {
    "complaint_registered": _("Complaint %(etag)s registered"),
    "contact_due_soon": _("Reminder: complaint %(etag)s"),
    "report_due_soon": _("Reminder: complaint %(etag)s"),
    "investigation_due_soon": _("Reminder: complaint %(etag)s"),
    "escalated_to_you": _("Complaint %(etag)s escalated to you"),
    "deadline_digest": _("Deadlines in %(unit)s on %(date)s"),
    "followup_question_email": _("Complaint %(etag)s: did the police action hold?"),
    "missing_child_alert": _("Missing child: %(name)s, age %(age)s"),
    "missing_child_report": _("Missing child reported: complaint %(etag)s"),
    # Officers' notices (shikayat/updates/officers.py)
    "marked_to_you": _("Complaint %(etag)s is marked to you"),
    "marked_to_you_report_due": _("Complaint %(etag)s is marked to you"),
    "complainant_added_information": _("Complaint %(etag)s: the complainant added information"),
    "complainant_added_file": _("Complaint %(etag)s: the complainant added a file"),
    "complainant_satisfied": _("Complaint %(etag)s: the complainant is satisfied"),
    "complainant_not_satisfied": _("Complaint %(etag)s: the complainant is not satisfied"),
    "portal_reminder": _("Complaint %(etag)s: a reminder from %(portal)s"),
    "portal_reopened_notice": _("Complaint %(etag)s: %(portal)s re-opened it"),
}
COMPLAINT_SUBJECT = _("Your complaint %(etag)s")


def render_subject(template: str, language: str, context: dict) -> str:
    """The subject line of an email message, in the recipient's language."""
    subject = SUBJECTS.get(template) or (COMPLAINT_SUBJECT if "etag" in context else None)
    with translation.override(language):
        return str(subject) % _isolated(context) if subject else str(_("Message from the police complaint service"))
