from django.urls import path, re_path

from . import views

app_name = "reports"
urlpatterns = [
    path("review/", views.review_page, name="review"),
    path("review/directions/", views.review_directions, name="review-directions"),
    re_path(r"^review/export\.(?P<kind>csv|xlsx)$", views.review_export, name="review-export"),
    path("reports/monthly/", views.monthly_report, name="monthly"),
    re_path(r"^complaints/export\.(?P<kind>csv|xlsx)$", views.complaints_export, name="complaints-export"),
]
