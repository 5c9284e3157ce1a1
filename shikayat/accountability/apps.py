from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "shikayat.accountability"
    label = "accountability"

    def ready(self):
        from .listeners import register

        register()
