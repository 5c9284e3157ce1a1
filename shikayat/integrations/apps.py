from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "shikayat.integrations"
    label = "integrations"
    verbose_name = "Integrators (Open311 keys, webhooks)"
