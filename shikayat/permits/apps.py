from django.apps import AppConfig


class PermitsConfig(AppConfig):
    name = "shikayat.permits"
    label = "permits"

    def ready(self):
        from shikayat.complaints import etag
        from shikayat.core import verification

        from . import papers

        etag.also_held_by("permits.PermitApplication")  # applications take E-tags from the complaints' sequence
        verification.register("PRM-", papers.checked)  # the decision papers
