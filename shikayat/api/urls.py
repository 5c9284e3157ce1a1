from django.conf import settings
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from shikayat.channels.views import SmsIntake
from shikayat.core.security_headers import content_security_policy
from shikayat.notifications.views import DeliveryStatusCallback
from shikayat.whatsapp.views import cloud_api_webhook

from . import views

# Swagger UI's page has an inline <style> and Redoc injects styles: their own policy allows inline styles
# (never inline script: Swagger UI's start-up script is served as a file by the split view).
docs_csp = content_security_policy(settings.SHIKAYAT["API_DOCS_CSP"])

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs_csp(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    path("redoc/", docs_csp(SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")),
         name="redoc"),
    path("v1/complaints/", views.ComplaintListCreate.as_view(), name="complaints"),
    path("v1/complaints/<str:etag>/", views.ComplaintDetail.as_view(), name="complaint"),
    path("v1/complaints/<str:etag>/timeline/", views.ComplaintTimeline.as_view(), name="timeline"),
    path("v1/complaints/<str:etag>/actions/<str:action>/", views.ComplaintAction.as_view(), name="action"),
    path("v1/complaints/<str:etag>/attachments/", views.ComplaintAttachments.as_view(), name="attachments"),
    path("v1/complaints/<str:etag>/attachments/<int:pk>/", views.AttachmentDownload.as_view(), name="attachment"),
    path("v1/track/", views.TrackComplaint.as_view(), name="track"),
    path("v1/categories/", views.CategoryList.as_view(), name="categories"),
    path("v1/units/", views.UnitList.as_view(), name="units"),
    path("v1/intake/sms/", SmsIntake.as_view(), name="intake-sms"),
    path("v1/delivery/<str:provider>/", DeliveryStatusCallback.as_view(), name="delivery-status"),
    path("v1/whatsapp/webhook/", cloud_api_webhook, name="whatsapp-webhook"),
]
