from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from shikayat.channels.views import SmsIntake
from shikayat.notifications.views import DeliveryStatusCallback
from shikayat.whatsapp.views import cloud_api_webhook

from . import views

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
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
