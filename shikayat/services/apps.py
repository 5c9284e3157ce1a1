from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "shikayat.services"
    label = "services"

    def ready(self):
        from shikayat.complaints import etag
        from shikayat.core import verification

        from . import actions

        etag.also_held_by("services.ServiceRequest")  # applications take E-tags from the complaints' sequence
        verification.register("", actions.checked)  # the certificates: every number no other paper's prefix claims
