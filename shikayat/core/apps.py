from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "shikayat.core"
    label = "core"

    def ready(self):
        from . import checks  # noqa: F401  (registers the database checks)
