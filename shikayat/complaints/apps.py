from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "shikayat.complaints"
    label = "complaints"
