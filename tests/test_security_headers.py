"""Response headers on every page: a strict Content-Security-Policy (and no
inline script or style for it to block), nosniff, Referrer-Policy,
Permissions-Policy, framing refused; in production HSTS and the redirect to
https, with `manage.py check --deploy` clean."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from shikayat.accounts.models import User

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {"DJANGO_SETTINGS_MODULE": "config.settings.production",
                  "SECRET_KEY": "pQ7#vL2x!Zm9Rt4&wK7yB3nF6hJ1sD5gA0cE8uT-iO2eW9qX4rY6",
                  "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/shikayat",
                  "SHIKAYAT_TOTP_KEYS": "totp-key-" + "k7" * 20, "ALLOWED_HOSTS": "shikayat.example.org",
                  "SHIKAYAT_PUBLIC_URL": "https://shikayat.example.org"}
# Rendered by WeasyPrint into PDFs, never served as pages: their <style> is not a page's.
# The papers' base (certificates, receipts, FIR copies, decisions extend it) and the monthly report.
PDF_TEMPLATES = {"core/paper.html", "reports/monthly.html"}
# Third-party pages with inline styles the policy blocks. Swagger UI and Redoc get their own policy; django-rq's
# queue dashboard (administrators only) merely loses a column width.
INLINE_STYLE_ALLOWED = ("/api/docs/", "/api/redoc/", "/admin/django_rq/")


def production(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("SHIKAYAT_", "SECURE_", "DJANGO_")) and k not in ("SECRET_KEY", "DATABASE_URL",
                                                                                      "DEBUG", "ALLOWED_HOSTS")}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env={**clean, **PRODUCTION_ENV, **env},
                          capture_output=True, text=True)


# --- production ---------------------------------------------------------------------------------


def test_check_deploy_is_clean_in_production_settings():
    result = production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_warns_when_https_is_switched_off():
    result = production("manage.py", "check", "--deploy", SHIKAYAT_HTTPS="0")
    assert "security.W004" in result.stderr and "security.W008" in result.stderr  # no HSTS, no redirect


def test_production_redirects_to_https_and_sends_hsts_and_secure_cookies():
    shown = production("-c", "import django; django.setup(); from django.conf import settings as s; "
                             "print(s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_SECONDS, "
                             "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SESSION_COOKIE_SECURE, "
                             "s.CSRF_COOKIE_SECURE, s.SHIKAYAT['CONTENT_SECURITY_POLICY'] == "
                             "s.CONTENT_SECURITY_POLICY)")
    assert shown.stdout.split(maxsplit=3)[:3] == ["True", "('HTTP_X_FORWARDED_PROTO',", "'https')"], shown.stderr
    assert shown.stdout.split()[3:] == ["31536000", "True", "True", "True", "True", "True"]


@pytest.fixture
def https_settings(settings):
    """The settings SHIKAYAT_HTTPS=1 gives production (checked above), in this process."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = settings.SECURE_HSTS_PRELOAD = True
    return settings


def test_behind_the_proxy_http_is_redirected_and_https_gets_hsts(db, client, https_settings):
    plain = client.get("/track/", headers={"x-forwarded-proto": "http"})
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/track/"
    assert plain["Content-Security-Policy"]  # even on the redirect
    secure = client.get("/track/", headers={"x-forwarded-proto": "https"})
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


# --- every page -----------------------------------------------------------------------------------


def _routes(patterns=None, prefix: str = ""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _url(route: str, etag: str) -> str | None:
    if route.startswith("^") or "(?P" in route:  # the admin's regular expressions: covered by its index
        return None
    path = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: {"int": "1"}.get(m[1], etag if "etag" in m[2] else "x"), route)
    return "/" + path


@pytest.fixture
def every_url(new_complaint):
    etag = new_complaint().etag
    urls = sorted({url for route in _routes() if (url := _url(route, etag))})
    assert len(urls) > 60
    return urls + ["/admin/", "/admin/accounts/user/", "/no-such-page/"]


def _check_headers(response, url: str) -> None:
    expected = (django_settings.SHIKAYAT["API_DOCS_CSP"] if url.startswith(("/api/docs/", "/api/redoc/"))
                else django_settings.SHIKAYAT["CONTENT_SECURITY_POLICY"])
    assert response["Content-Security-Policy"] == expected, url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["Referrer-Policy"] == "same-origin", url
    assert response["X-Frame-Options"] == "DENY", url
    assert "camera=()" in response["Permissions-Policy"], url


@pytest.mark.parametrize("who", ["anonymous", "officer", "administrator"])
def test_every_page_carries_the_security_headers(every_url, force, who):
    client = Client(raise_request_exception=False)
    if who == "officer":
        client.force_login(force.officers["igp"])
    elif who == "administrator":
        client.force_login(User.objects.create_superuser("root", password="pass-word-123"))
    statuses = {}
    for url in every_url:
        response = client.get(url)
        statuses[url] = response.status_code
        _check_headers(response, url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html") and not url.startswith(
                INLINE_STYLE_ALLOWED):
            _check_nothing_inline(response.content.decode(), url)
    assert list(statuses.values()).count(200) > 10 and 404 in statuses.values(), statuses


def _check_nothing_inline(text: str, where) -> None:
    assert not re.search(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", text), (
        where, "inline <script>: move it to a static .js file")
    assert not re.search(r"<style\b", text), (where, "<style>: move it to a static .css file")
    assert not re.search(r"<[^>]+\sstyle\s*=", text), (where, "style attribute: use a class in a static .css file")
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", text), (where, "inline event handler: wire it in a static .js file")
    assert "javascript:" not in text, where


def test_the_policy_is_strict():
    policy = dict(part.strip().split(" ", 1) for part in django_settings.SHIKAYAT["CONTENT_SECURITY_POLICY"].split(";"))
    assert policy["script-src"] == policy["style-src"] == policy["default-src"] == "'self'"
    assert policy["object-src"] == policy["base-uri"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in django_settings.SHIKAYAT["CONTENT_SECURITY_POLICY"]
    assert "'unsafe-inline'" not in django_settings.SHIKAYAT["API_DOCS_CSP"].split("script-src")[1].split(";")[0]


def _templates():
    for path in sorted((ROOT / "shikayat").rglob("templates/**/*.html")):
        if path.as_posix().split("/templates/", 1)[1] not in PDF_TEMPLATES:
            yield path


@pytest.mark.parametrize("path", list(_templates()), ids=lambda p: str(p.relative_to(ROOT / "shikayat")))
def test_no_template_has_inline_script_style_or_event_handlers(path):
    _check_nothing_inline(path.read_text(), path.name)


@pytest.mark.parametrize(("env", "warning"), [
    ({"SHIKAYAT_WHATSAPP_BASE_URL": "http://graph.facebook.com"}, "whatsapp.W001"),
    ({"SHIKAYAT_WHATSAPP_MEDIA_HOSTS": "https://lookaside.fbsbx.com/"}, "whatsapp.W002"),
])
def test_check_deploy_warns_about_a_whatsapp_token_sent_in_clear(env, warning):
    result = production("manage.py", "check", "--deploy", **env)
    assert warning in result.stderr, result.stderr


def test_in_development_djangos_technical_error_pages_keep_their_inline_style(db, client, settings):
    settings.DEBUG = True
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and "Content-Security-Policy" not in missing
    assert client.get("/track/")["Content-Security-Policy"] == settings.SHIKAYAT["CONTENT_SECURITY_POLICY"]
