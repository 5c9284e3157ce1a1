from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "shikayat.registers"
    label = "registers"
    verbose_name = "Public searches (vehicles, missing persons, unidentified bodies)"
