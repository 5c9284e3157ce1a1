"""/open311/v2/: GeoReport v2, each resource as .json or .xml (any other extension is answered 404)."""

from django.urls import re_path

from . import views

app_name = "open311"
FMT = r"\.(?P<fmt>[^/.]+)$"
urlpatterns = [
    re_path(r"^services" + FMT, views.services, name="services"),
    re_path(r"^services/(?P<code>[^/]+?)" + FMT, views.service_definition, name="service"),
    re_path(r"^requests" + FMT, views.requests, name="requests"),
    re_path(r"^requests/(?P<request_id>[^/]+?)" + FMT, views.request_detail, name="request"),
    re_path(r"^tokens/(?P<token>[^/]+?)" + FMT, views.token, name="token"),
    re_path(r"^(?P<path>.*)$", views.unknown),
]
