from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "shikayat.api"
    label = "api"
