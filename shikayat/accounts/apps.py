from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "shikayat.accounts"
    label = "accounts"

    def ready(self):
        from shikayat.core.refcache import clear_on_change

        from . import two_factor  # noqa: F401  (registers its system check)
        from .models import Posting, User

        # Routing decisions depend on who is posted where, at which rank; signing in changes neither.
        clear_on_change(Posting)
        clear_on_change(User, unless_only=frozenset({"last_login"}))
