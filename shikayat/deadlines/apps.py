from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "shikayat.deadlines"
    label = "deadlines"

    def ready(self):
        from shikayat.core.refcache import clear_on_change

        from .models import Holiday

        clear_on_change(Holiday)

        from .listeners import register

        register()
