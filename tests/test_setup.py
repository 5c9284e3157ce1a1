"""Settings, admin and the demo loader."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from shikayat.complaints.models import Complaint
from shikayat.complaints.workflow import Status

ROOT = Path(__file__).resolve().parent.parent


def _check_production(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL")}
    clean.update({"SHIKAYAT_TOTP_KEYS": "t" * 40, "SHIKAYAT_PUBLIC_URL": "https://shikayat.example.org"}, **env,
                 DJANGO_SETTINGS_MODULE="config.settings.production")
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_production_refuses_to_start_without_a_secret_key():
    result = _check_production({"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/shikayat"})
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_starts_with_its_configuration():
    result = _check_production({"SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/shikayat"})
    assert result.returncode == 0, result.stderr


def test_a_shared_cache_is_configured_by_its_url_and_a_wrong_url_is_refused():
    env = {"SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/shikayat"}
    shown = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
         "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default'].get('LOCATION'))"],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": "config.settings.production",
             "SHIKAYAT_CACHE_URL": "redis://127.0.0.1:6379/3", "SHIKAYAT_TOTP_KEYS": "t" * 40,
             "SHIKAYAT_PUBLIC_URL": "https://shikayat.example.org"})
    assert shown.stdout.split() == ["django.core.cache.backends.redis.RedisCache", "redis://127.0.0.1:6379/3"], (
        shown.stderr)
    wrong = _check_production({**env, "SHIKAYAT_CACHE_URL": "memcached://127.0.0.1"})
    assert wrong.returncode != 0 and "ImproperlyConfigured: SHIKAYAT_CACHE_URL must be a redis:// URL" in wrong.stderr


@pytest.mark.parametrize("url", ["/admin/jurisdictions/unit/", "/admin/categories/category/", "/admin/categories/sop/",
                                 "/admin/accounts/user/", "/admin/accounts/posting/", "/admin/complaints/complaint/",
                                 "/admin/categories/sop/add/", "/admin/jurisdictions/unit/add/"])
def test_admin_pages_work(admin_client, force, new_complaint, url):
    new_complaint()
    assert admin_client.get(url).status_code == 200


def test_admin_cannot_edit_complaints_around_the_workflow(admin_client, new_complaint):
    complaint = new_complaint()
    response = admin_client.post(f"/admin/complaints/complaint/{complaint.pk}/change/", {"status": "closed"})
    assert response.status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == Status.REGISTERED


@pytest.mark.parametrize("profile", ["punjab", "rampur"])
def test_demo_loader_builds_a_force_with_complaints_in_every_status(db, profile, settings):
    if profile == "rampur":
        settings.SHIKAYAT = {**settings.SHIKAYAT, "DEFAULT_REGION": "IN"}
    call_command("load_demo", profile=profile, complaints=40, verbosity=0)
    assert set(Complaint.objects.values_list("status", flat=True)) == set(Status.values)
    assert Complaint.objects.filter(events__action="register").distinct().count() == Complaint.objects.count()
    call_command("load_demo", profile=profile, complaints=0, verbosity=0)  # re-running is safe
