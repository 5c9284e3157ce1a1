from django.urls import path

from . import views

app_name = "deadlines"
urlpatterns = [
    path("", views.ledger_summary, name="ledger"),
    path("entries/", views.ledger_entries, name="entries"),
    path("entries/<int:pk>/", views.ledger_entry, name="entry"),
]
