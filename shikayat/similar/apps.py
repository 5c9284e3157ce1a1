from django.apps import AppConfig


class SimilarConfig(AppConfig):
    name = "shikayat.similar"
    label = "similar"
    verbose_name = "Similar complaints"

    def ready(self):
        from .listeners import register

        register()
