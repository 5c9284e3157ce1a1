from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "shikayat.quality"
    label = "quality"

    def ready(self):
        from .listeners import register

        register()
