from django.apps import AppConfig


class CallsConfig(AppConfig):
    name = "shikayat.calls"
    label = "calls"
    verbose_name = "8787 call records"

    def ready(self):
        from .listeners import register

        register()
