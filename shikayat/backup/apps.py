from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "shikayat.backup"
    label = "backup"
    verbose_name = "Backup and restore"
