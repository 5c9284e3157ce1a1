from django.urls import path

from . import views

app_name = "firs"
urlpatterns = [
    path("fir-copy/", views.copy_request, name="copy"),
    path("fir-copy/<str:token>/", views.copy_pdf, name="copy-pdf"),
    path("officer/firs/", views.register, name="register"),
    path("officer/firs/copies/", views.copies_served, name="copies"),
    path("officer/firs/import/", views.import_page, name="import"),
    path("officer/firs/import/<int:pk>/", views.import_run, name="import-run"),
]
