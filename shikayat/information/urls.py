from django.urls import path

from . import views

app_name = "information"
urlpatterns = [
    path("information/", views.topics, name="topics"),
    path("information/<slug:code>/", views.topic, name="topic"),
    path("missing-children/", views.missing_children, name="missing-children"),
    path("missing-children/<int:pk>/", views.missing_child, name="missing-child"),
    path("most-wanted/", views.most_wanted, name="most-wanted"),
    path("missing-children/<int:pk>/photo/", views.missing_child_photo, name="missing-child-photo"),
    path("most-wanted/<int:pk>/tip/", views.tip, name="most-wanted-tip"),
    path("most-wanted/<int:pk>/photo/", views.most_wanted_photo, name="most-wanted-photo"),
    path("officer/missing-children/", views.officer_alerts, name="officer-alerts"),
    path("officer/missing-child/new/", views.new_missing_child, name="missing-child-new"),
    path("officer/missing-child/<int:pk>/close/", views.close_missing_child, name="missing-child-close"),
]
