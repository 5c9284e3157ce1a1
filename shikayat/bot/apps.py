from django.apps import AppConfig


class BotConfig(AppConfig):
    name = "shikayat.bot"
    label = "bot"
    verbose_name = "WhatsApp service bot"
