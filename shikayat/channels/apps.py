from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "shikayat.channels"
    label = "channels"
    verbose_name = "Intake channels (email, SMS, portal imports)"
