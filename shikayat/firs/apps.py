from django.apps import AppConfig


class FirsConfig(AppConfig):
    name = "shikayat.firs"
    label = "firs"
    verbose_name = "FIR register"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from shikayat.core import verification

        from . import copies

        verification.register(copies.PREFIX, copies.checked)
