from django.urls import path

from . import views

app_name = "updates"
urlpatterns = [
    path("", views.notice_list, name="notices"),
    path("<int:pk>/", views.open_notice, name="open"),
    path("read/", views.read_all, name="read-all"),
]
