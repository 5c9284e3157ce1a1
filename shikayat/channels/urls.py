from django.urls import path

from . import views

app_name = "channels"
urlpatterns = [
    path("", views.imports, name="imports"),
    path("<int:pk>/", views.import_run, name="import-run"),
]
