from django.urls import path

from . import views

app_name = "accountability"
urlpatterns = [
    path("officers/", views.officers, name="officers"),
    path("officers/<str:username>/", views.officer_record, name="officer"),
    path("access-log/", views.access_log, name="access-log"),
]
