from django.apps import AppConfig


class WhatsAppConfig(AppConfig):
    name = "shikayat.whatsapp"
    label = "whatsapp"
    verbose_name = "WhatsApp (Cloud API webhook, inbound messages, media)"

    def ready(self):
        from . import checks  # noqa: F401  (registers its system checks)
