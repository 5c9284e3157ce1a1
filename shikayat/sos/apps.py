from django.apps import AppConfig


class SosConfig(AppConfig):
    name = "shikayat.sos"
    label = "sos"
    verbose_name = "SOS alerts"

    def ready(self):
        from shikayat.notifications import messages

        from .texts import TEMPLATES

        # The outbox renders by template name; the alert's text is this app's, added to the registry here.
        for name, text in TEMPLATES.items():
            messages.TEMPLATES.setdefault(name, text)
