from django.urls import path

from . import portal_views, views

app_name = "channels"
urlpatterns = [
    path("", views.imports, name="imports"),
    path("<int:pk>/", views.import_run, name="import-run"),
    path("portals/", portal_views.portals, name="portals"),
    path("portals/retry/", portal_views.retry, name="portals-retry"),
    path("portals/files/<int:pk>.<str:kind>", portal_views.download, name="portals-file"),
]
