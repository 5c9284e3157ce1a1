"""Listeners of the complaint core (complaints/hooks.py) that tell the officers about its events."""


def register() -> None:
    """Register this module's listeners (called from UpdatesConfig.ready)."""
