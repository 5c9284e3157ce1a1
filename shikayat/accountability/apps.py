from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "shikayat.accountability"
    label = "accountability"
