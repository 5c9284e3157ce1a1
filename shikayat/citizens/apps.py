from django.apps import AppConfig


class CitizensConfig(AppConfig):
    name = "shikayat.citizens"
    label = "citizens"
