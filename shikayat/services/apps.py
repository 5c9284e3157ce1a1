from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "shikayat.services"
    label = "services"
