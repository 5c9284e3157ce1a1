from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("map/", views.map_cells, name="map"),
    path("league/", views.league_table, name="league"),
    path("officer/<str:username>/", views.officer, name="officer"),
]
