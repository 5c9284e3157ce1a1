from django.urls import path

from . import api, views

app_name = "registers"
urlpatterns = [
    path("api/v1/searches/vehicles/", api.VehicleSearch.as_view(), name="api-vehicles"),
    path("api/v1/searches/missing-persons/", api.PersonSearch.as_view(), name="api-persons"),
    path("api/v1/searches/unidentified-bodies/", api.BodySearch.as_view(), name="api-bodies"),
    path("searches/", views.searches, name="searches"),
    path("searches/vehicles/", views.vehicles, name="vehicles"),
    path("searches/missing-persons/", views.persons, name="persons"),
    path("searches/missing-persons/<int:pk>/photo/", views.person_photo, name="person-photo"),
    path("searches/unidentified-bodies/", views.bodies, name="bodies"),
    path("officer/registers/", views.officer_home, name="officer-home"),
    path("officer/registers/body/<int:pk>/photo/", views.officer_body_photo, name="officer-body-photo"),
    path("officer/registers/<str:register>/", views.officer_list, name="officer-list"),
    path("officer/registers/<str:register>/new/", views.officer_entry, name="officer-new"),
    path("officer/registers/<str:register>/<int:pk>/", views.officer_entry, name="officer-edit"),
    path("officer/registers/<str:register>/import/", views.officer_import, name="officer-import"),
]
