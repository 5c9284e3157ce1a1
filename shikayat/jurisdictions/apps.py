from django.apps import AppConfig


class JurisdictionsConfig(AppConfig):
    name = "shikayat.jurisdictions"
    label = "jurisdictions"
