from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "shikayat.dashboards"
    label = "dashboards"

    def ready(self):
        from .listeners import register

        register()
