from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "shikayat.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks for integrators"

    def ready(self):
        from django.db.models.signals import m2m_changed

        from shikayat.core.refcache import clear_on_change, reference
        from shikayat.integrations.models import Integrator

        from .listeners import register
        from .models import Subscription

        register()
        # The listeners read active subscriptions from the per-process reference cache: any change to one (or to
        # its integrator, or to the categories and units it names, saved after the row) is seen at once.
        clear_on_change(Subscription)
        # Not on an API key's use or issue (Open311 writes last_used_at): only is_active matters here.
        clear_on_change(Integrator, unless_only=frozenset({"last_used_at", "key_prefix", "key_hash", "key_issued_at"}))
        for through in (Subscription.categories.through, Subscription.units.through, Integrator.services.through):
            m2m_changed.connect(reference.clear, sender=through, dispatch_uid=f"refcache-m2m-{through.__name__}")
