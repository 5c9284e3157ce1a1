from django.urls import path

from . import views

app_name = "quality"
urlpatterns = [
    path("", views.to_grade, name="to-grade"),
    path("<str:etag>/", views.grade_page, name="grade-page"),
    path("<str:etag>/grade/", views.grade, name="grade"),
]
