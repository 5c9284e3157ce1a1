from django.contrib.auth import views as auth_views
from django.urls import path

from shikayat.accounts import views as accounts_views
from shikayat.accounts.signin import LockoutAuthenticationForm

from . import citizen_views, desk_views, lodge_views, map_views, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("offices/", views.offices, name="offices"),
    path("privacy/", views.privacy, name="privacy"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("lodge/", lodge_views.lodge, name="lodge"),
    path("lodge/done/<str:etag>/", lodge_views.lodged, name="lodged"),
    path("lodge/station/", lodge_views.station_for_location, name="lodge-station"),
    path("map/shapes/", map_views.shapes, name="map-shapes"),
    path("track/", citizen_views.track, name="track"),
    path("track/link/<str:token>/", citizen_views.track_link, name="track-link"),
    path("track/<str:etag>/", citizen_views.status, name="track-status"),
    path("track/<str:etag>/feedback/", citizen_views.feedback, name="track-feedback"),
    path("track/<str:etag>/withdraw/", citizen_views.withdraw, name="track-withdraw"),
    path("track/<str:etag>/attach/", citizen_views.attach, name="track-attach"),
    path("track/<str:etag>/information/", citizen_views.add_information, name="track-information"),
    path("track/<str:etag>/appeal/", citizen_views.appeal, name="track-appeal"),
    path("track/<str:etag>/followup/", citizen_views.followup, name="track-followup"),
    path("verify/", citizen_views.verify, name="verify"),
    path("my-complaints/", citizen_views.my_complaints, name="my-complaints"),
    path("officer/login/", accounts_views.OfficerLoginView.as_view(template_name="web/login.html",
                                                                   authentication_form=LockoutAuthenticationForm),
         name="login"),
    path("officer/login/code/", accounts_views.login_code, name="login-code"),
    path("officer/security/", accounts_views.security, name="security"),
    path("officer/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("officer/call-centre/", desk_views.call_centre, name="call-centre"),
    path("officer/call-centre/register/", desk_views.call_centre_register, name="call-centre-register"),
    path("officer/call-centre/registered/<str:etag>/", desk_views.call_centre_registered,
         name="call-centre-registered"),
    path("officer/call-centre/appeal/<str:etag>/", desk_views.call_centre_appeal, name="call-centre-appeal"),
    path("officer/call-centre/callbacks/", desk_views.callbacks, name="call-centre-callbacks"),
    path("officer/call-centre/callbacks/<str:etag>/<str:outcome>/", desk_views.callback_record,
         name="call-centre-callback"),
    path("officer/front-desk/", desk_views.front_desk, name="front-desk"),
    path("officer/front-desk/slip/<str:etag>/", desk_views.slip, name="front-desk-slip"),
    path("officer/complaints/", views.complaint_list, name="officer-complaints"),
    path("officer/complaints/<str:etag>/", views.complaint_detail, name="officer-complaint"),
    path("officer/complaints/<str:etag>/actions/<str:action>/", views.complaint_action, name="officer-action"),
]
