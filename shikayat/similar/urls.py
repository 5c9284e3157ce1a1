from django.urls import path

from . import views

app_name = "similar"
urlpatterns = [
    path("hot-spots/", views.hot_spots, name="hot-spots"),
    path("<str:etag>/not-the-same/<int:suggestion_id>/", views.dismiss, name="dismiss"),
]
