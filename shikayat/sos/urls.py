from django.urls import path

from . import views

app_name = "sos"
urlpatterns = [
    path("officer/sos/alarms/", views.alarms, name="alarms"),
    path("officer/sos/map/", views.map_page, name="map"),
    path("officer/sos/map/alerts/", views.map_alerts, name="map-alerts"),
    path("officer/sos/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
]
