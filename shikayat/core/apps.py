from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "shikayat.core"
    label = "core"
