from django.urls import path

from . import public_views

app_name = "performance"
urlpatterns = [
    path("", public_views.performance, name="top"),
    path("data/", public_views.schema, name="schema"),
    path("data.csv", public_views.data_csv, name="csv"),
    path("data.json", public_views.data_json, name="json"),
    path("data.csv-metadata.json", public_views.csv_metadata, name="csv-metadata"),
    path("<str:code>/", public_views.performance, name="unit"),
]
