from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "shikayat.demo"
    label = "demo"
    verbose_name = "Demo data"
