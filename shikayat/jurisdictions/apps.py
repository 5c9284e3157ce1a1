from django.apps import AppConfig


class JurisdictionsConfig(AppConfig):
    name = "shikayat.jurisdictions"
    label = "jurisdictions"

    def ready(self):
        from shikayat.core.refcache import clear_on_change

        from .models import Unit, UnitLevel

        clear_on_change(Unit, UnitLevel)
