from django.apps import AppConfig


class LostConfig(AppConfig):
    name = "shikayat.lost"
    label = "lost"

    def ready(self):
        from shikayat.core import verification
        from shikayat.notifications import messages

        from . import actions, numbering, texts

        verification.register(numbering.PREFIX, actions.checked)  # the receipts: numbers LOST-…
        messages.TEMPLATES.update(texts.TEMPLATES)  # the messages to reporters, rendered by the outbox
