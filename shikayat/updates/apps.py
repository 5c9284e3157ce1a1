from django.apps import AppConfig


class UpdatesConfig(AppConfig):
    name = "shikayat.updates"
    label = "updates"

    def ready(self):
        from . import checks, citizen, officers  # noqa: F401  (checks registers the settings' system check)

        citizen.register()
        officers.register()
