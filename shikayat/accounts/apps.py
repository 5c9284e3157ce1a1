from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "shikayat.accounts"
    label = "accounts"
