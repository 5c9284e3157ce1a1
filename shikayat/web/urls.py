from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("officer/login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("officer/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("officer/complaints/", views.complaint_list, name="officer-complaints"),
    path("officer/complaints/<str:etag>/", views.complaint_detail, name="officer-complaint"),
    path("officer/complaints/<str:etag>/actions/<str:action>/", views.complaint_action, name="officer-action"),
]
