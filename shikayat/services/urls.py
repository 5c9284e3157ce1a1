from django.urls import path

from . import views

app_name = "services"
urlpatterns = [
    path("services/", views.services, name="services"),
    path("services/track/", views.track, name="track"),
    path("services/track/<str:etag>/", views.status, name="status"),
    path("services/track/<str:etag>/certificate.pdf", views.certificate, name="certificate"),
    path("services/applied/<str:etag>/", views.applied, name="applied"),
    path("services/<slug:code>/apply/", views.apply, name="apply"),
    path("verify-certificate/", views.verify, name="verify"),
    path("verify-certificate/<str:code>/", views.verify, name="verify-code"),
    path("officer/services/", views.console, name="console"),
    path("officer/services/late/", views.late, name="late"),
    path("officer/services/new/<slug:code>/", views.counter_apply, name="counter-apply"),
    path("officer/services/<str:etag>/", views.staff_request, name="staff-request"),
    path("officer/services/<str:etag>/<slug:step>/", views.staff_step, name="staff-step"),
    path("officer/services/<str:etag>/documents/<int:pk>/", views.staff_document, name="staff-document"),
]
