from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "shikayat.channels"
    label = "channels"
    verbose_name = "Intake channels (email, SMS, portal imports)"

    def ready(self):
        from shikayat.core.refcache import clear_on_change

        from . import listeners
        from .models import PortalConnection

        listeners.register()
        # The listeners read connections through the per-process cache: a change made here is seen at once.
        clear_on_change(PortalConnection)
