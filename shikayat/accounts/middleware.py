"""Signed-in officers' sessions: signed out after a while without activity
(SHIKAYAT["OFFICER_IDLE_MINUTES"]; SESSION_COOKIE_AGE still caps the whole
session), and kept on the security page while a second factor their role
requires is missing. Citizens' sessions carry no signed-in user and are left
alone.

Cheap by design: it reads only the session, which the session middleware
loads anyway, never the user row, and writes the last-activity time back at
most once a minute, so most requests do not save the session (the price: the
timeout may come up to a minute early)."""

from functools import cache

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import ngettext

from shikayat.core import clock

SESSION_LAST_SEEN = "officer_last_seen"
SESSION_MUST_ENROL = "officer_must_enrol"
TOUCH_EVERY_SECONDS = 60


def idle_minutes() -> int:
    return settings.SHIKAYAT.get("OFFICER_IDLE_MINUTES", 30)


@cache
def _open_while_enrolling() -> frozenset[str]:
    names = ["web:security", "web:logout", "web:login", "web:login-code", "set_language"]
    return frozenset(reverse(name) for name in names)


class OfficerSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = clock.now().timestamp()
        # No session cookie, no signed-in officer: do not even load the session.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and SESSION_KEY in request.session:
            session = request.session
            last_seen = session.get(SESSION_LAST_SEEN)
            if idle_minutes() > 0 and last_seen is not None and now - last_seen > idle_minutes() * 60:
                return self._sign_out(request)
            if session.get(SESSION_MUST_ENROL) and request.path_info not in _open_while_enrolling():
                return redirect("web:security")
            if last_seen is None or now - last_seen >= TOUCH_EVERY_SECONDS:
                session[SESSION_LAST_SEEN] = now
        response = self.get_response(request)
        session = request.session
        if session.modified and SESSION_KEY in session and SESSION_LAST_SEEN not in session:
            session[SESSION_LAST_SEEN] = now  # signed in by this request: idle time counts from here
        return response

    def _sign_out(self, request):
        logout(request)
        minutes = idle_minutes()
        messages.info(request, ngettext("Signed out after %(minutes)d minute without activity.",
                                        "Signed out after %(minutes)d minutes without activity.",
                                        minutes) % {"minutes": minutes})
        if request.method == "GET":
            return redirect_to_login(request.get_full_path())
        return redirect(settings.LOGIN_URL)
