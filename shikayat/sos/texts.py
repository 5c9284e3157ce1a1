"""The alert's text to the station's officers and the call centre's duty number (rendered by the outbox in the
recipient's language when sent)."""

from django.utils.translation import gettext_lazy as _

TEMPLATES = {
    "sos_alert": _("SOS from WhatsApp %(phone)s at %(time)s. %(place)s Station: %(station)s. Call the citizen now; "
                   "the call centre has the alarm."),
}
