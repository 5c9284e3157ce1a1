from django.apps import AppConfig


class InformationConfig(AppConfig):
    name = "shikayat.information"
    label = "information"

    def ready(self):
        from .listeners import register

        register()
