from django.apps import AppConfig


class CategoriesConfig(AppConfig):
    name = "shikayat.categories"
    label = "categories"

    def ready(self):
        from shikayat.core.refcache import clear_on_change

        from .models import SOP, Category, EscalationStep

        clear_on_change(Category, SOP, EscalationStep)
