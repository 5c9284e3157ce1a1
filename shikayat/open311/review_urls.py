"""/officer/open311/: the complaint cell's list of Open311 requests to check."""

from django.urls import path

from . import review_views

app_name = "open311-review"
urlpatterns = [
    path("", review_views.to_check, name="list"),
    path("<int:pk>/accept/", review_views.accept, name="accept"),
    path("<int:pk>/refuse/", review_views.refuse, name="refuse"),
]
