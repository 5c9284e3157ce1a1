from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("shikayat.api.urls")),
    path("open311/v2/", include("shikayat.open311.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("officer/imports/", include("shikayat.channels.urls")),
    path("officer/ledger/", include("shikayat.deadlines.urls")),
    path("officer/open311/", include("shikayat.open311.review_urls")),
    path("officer/quality/", include("shikayat.quality.urls")),
    path("officer/similar/", include("shikayat.similar.urls")),
    path("officer/dashboard/", include("shikayat.dashboards.urls")),
    path("performance/", include("shikayat.dashboards.public_urls")),
    path("officer/accountability/", include("shikayat.accountability.urls")),
    path("officer/updates/", include("shikayat.updates.urls")),
    path("", include("shikayat.calls.urls")),
    path("", include("shikayat.sos.urls")),
    path("", include("shikayat.services.urls")),
    path("", include("shikayat.permits.urls")),
    path("", include("shikayat.lost.urls")),
    path("", include("shikayat.information.urls")),
    path("", include("shikayat.registers.urls")),
    path("officer/", include("shikayat.reports.urls")),
    path("", include("shikayat.firs.urls")),
    path("", include("shikayat.web.urls")),
]
