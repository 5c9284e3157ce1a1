from django.apps import AppConfig


class CategoriesConfig(AppConfig):
    name = "shikayat.categories"
    label = "categories"
