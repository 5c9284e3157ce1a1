"""Message texts, rendered in the recipient's language when sent."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

TEMPLATES = {
    "complaint_registered": _(
        "Your complaint has been registered. E-tag: %(etag)s. An officer will contact you within "
        "%(contact_hours)s hours. Keep this E-tag to follow your complaint: %(track_url)s"
    ),
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
}


def render(template: str, language: str, context: dict) -> str:
    with translation.override(language):
        return str(TEMPLATES[template]) % context
