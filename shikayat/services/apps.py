from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "shikayat.services"
    label = "services"

    def ready(self):
        from shikayat.complaints import etag

        etag.also_held_by("services.ServiceRequest")  # applications take E-tags from the complaints' sequence
