from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "shikayat.worker"
    label = "worker"
    verbose_name = "Background worker and schedule"
