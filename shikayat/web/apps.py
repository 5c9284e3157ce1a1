from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "shikayat.web"
    label = "web"
