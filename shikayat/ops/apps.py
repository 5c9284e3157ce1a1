from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "shikayat.ops"
    label = "ops"
    verbose_name = "Operations: probes, metrics, logs"

    def ready(self):
        from . import requestid

        requestid.follow_tasks()  # the worker's jobs log with their task id
