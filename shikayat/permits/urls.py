from django.urls import path

from . import api, views

app_name = "permits"
urlpatterns = [
    path("permits/", views.overview, name="overview"),
    path("permits/apply/", views.apply, name="apply"),
    path("permits/mine/", views.mine, name="mine"),
    path("permits/mine/<str:etag>/", views.mine_one, name="mine-one"),
    path("permits/mine/<str:etag>/decision.pdf", views.decision_pdf, name="decision-pdf"),
    path("api/v1/permits/", api.PermitApply.as_view(), name="api-apply"),
    path("api/v1/permits/code/", api.PermitCode.as_view(), name="api-code"),
    path("api/v1/permits/<str:etag>/", api.PermitStatusRead.as_view(), name="api-status"),
    path("officer/permits/", views.inbox, name="inbox"),
    path("officer/permits/late/", views.late, name="late"),
    path("officer/permits/<str:etag>/", views.detail, name="detail"),
    path("officer/permits/<str:etag>/documents/<int:pk>/", views.document, name="document"),
    path("officer/permits/<str:etag>/revoke/", views.revoke, name="revoke"),
    path("officer/permits/<str:etag>/<slug:step>/", views.step, name="step"),
]
