from django.apps import AppConfig


class UpdatesConfig(AppConfig):
    name = "shikayat.updates"
    label = "updates"

    def ready(self):
        from . import citizen, officers

        citizen.register()
        officers.register()
