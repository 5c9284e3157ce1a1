from django.apps import AppConfig
from django.core import checks


class ComplaintsConfig(AppConfig):
    name = "shikayat.complaints"
    label = "complaints"

    def ready(self):
        checks.register(barring_handlings_have_rules)


def barring_handlings_have_rules(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Complaints against police need the rules that keep the accused out (hooks.provide_handling):
    without them the core refuses such complaints; say so at start-up, not at the first one."""
    from . import hooks
    from .permissions import BARRING_HANDLINGS

    return [checks.Error(f"No rules provided for complaints handled as {handling!r}.",
                         hint="Install the feature that provides them (shikayat.accountability) or remove such "
                              "categories.", id="complaints.E001")
            for handling in sorted(BARRING_HANDLINGS) if hooks.handling_rules(handling) is None]
