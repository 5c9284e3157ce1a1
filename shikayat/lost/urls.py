from django.urls import path

from . import views

app_name = "lost"
urlpatterns = [
    path("lost/", views.report, name="report"),
    path("lost/mine/", views.mine, name="mine"),
    path("lost/receipt/<str:token>/", views.receipt_by_link, name="receipt-link"),
    path("lost/<str:number>/", views.receipt, name="receipt"),
    path("lost/<str:number>/receipt.pdf", views.receipt_pdf, name="receipt-pdf"),
    path("lost/<str:number>/withdraw/", views.withdraw, name="withdraw"),
    path("officer/lost/", views.station_list, name="station-list"),
    path("officer/lost/found/", views.found, name="found"),
    path("officer/lost/found/<int:pk>/", views.found_article, name="found-article"),
    path("officer/lost/found/<int:pk>/confirm/<str:number>/", views.confirm, name="confirm"),
]
