from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "shikayat.notifications"
    label = "notifications"
