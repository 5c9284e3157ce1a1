from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "shikayat.ops"
    label = "ops"
    verbose_name = "Operations: probes, metrics, logs"

    def ready(self):
        from . import requestid

        requestid.follow_requests_and_tasks()  # ids forgotten when a response is closed; jobs log with theirs
