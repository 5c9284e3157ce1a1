from django.urls import path

from . import views

app_name = "calls"
urlpatterns = [
    path("telephony/events/", views.telephony_event, name="telephony-event"),
    path("officer/calls/", views.dashboard, name="dashboard"),
    path("officer/calls/live/", views.live, name="live"),
    path("officer/calls/review/", views.review_list, name="review"),
    path("officer/calls/<int:pk>/close/", views.close, name="close"),
    path("officer/calls/<int:pk>/review/", views.mark_for_review, name="mark-review"),
]
