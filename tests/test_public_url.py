"""SHIKAYAT_PUBLIC_URL (issue 18, part B): the one address every link and QR
code sent out starts with; production refuses to start without a sound one,
and scripts/run sets it from PORT."""

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from shikayat.complaints.links import grant_from_token
from shikayat.complaints.models import Complaint
from shikayat.notifications.messages import render
from shikayat.notifications.models import OutboxMessage
from shikayat.services import actions as services
from shikayat.services.models import Certificate

from .test_desk_slip import DESK, at_the_desk
from .test_services import desk, issued, service  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://shikayat.example.org"


@pytest.fixture
def site(settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "PUBLIC_URL": SITE + "/"}  # a trailing slash is tolerated
    return SITE


@pytest.fixture
def qr_codes(monkeypatch):
    """What every QR code drawn encodes (segno.make may call make_qr: a set)."""
    import segno

    drawn = set()
    for name in ("make", "make_qr"):
        real = getattr(segno, name)
        monkeypatch.setattr(segno, name, lambda content, *a, _real=real, **kw: drawn.add(content) or _real(
            content, *a, **kw))
    return drawn


# --- every link sent out ------------------------------------------------------------------------------------------

def test_the_sms_acknowledgement_links_to_the_public_site(site, new_complaint):
    # Given an installation reached at https://shikayat.example.org
    # When a citizen lodges a complaint
    complaint = new_complaint()
    # Then the SMS acknowledgement's tracking link is on that site, and it works there
    sms = OutboxMessage.objects.get(complaint=complaint, template="complaint_registered", channel="sms")
    text = render(sms.template, "en", sms.context)
    link = sms.context["track_url"]
    assert link.startswith(f"{SITE}/track/link/") and link in text and "127.0.0.1" not in text
    assert grant_from_token(link.removeprefix(f"{SITE}/track/link/").rstrip("/")).etag == complaint.etag


def test_the_desk_slip_and_its_qr_code_link_to_the_public_site(site, qr_codes, client, force):
    # Given a front-desk officer
    client.force_login(force.officers["desk_A"])
    # When he registers a complaint and prints the slip
    printed = client.get(client.post(DESK, at_the_desk())["Location"]).content.decode()
    # Then the slip's address, its link and the link in its QR code are all on the public site
    complaint = Complaint.objects.get()
    (link,) = qr_codes
    assert link.startswith(f"{SITE}/track/link/")
    assert grant_from_token(link.removeprefix(f"{SITE}/track/link/").rstrip("/")).etag == complaint.etag
    assert link in printed and f"{SITE}/track/" in printed and "127.0.0.1" not in printed


def test_the_certificates_qr_code_verifies_on_the_public_site(site, qr_codes, force, service, desk):  # noqa: F811
    from shikayat.services.pdf import certificate_pdf

    # Given a character certificate issued
    certificate = Certificate.objects.get(request=issued(force, service, desk))
    # When its PDF is made
    certificate_pdf(certificate)
    # Then its QR code holds the verification address on the public site
    url = services.verification_url(certificate)
    assert qr_codes == {url} and url.startswith(f"{SITE}/verify-certificate/")
    # (and the messages about the application link there too)
    links = [m.context["track_url"] for m in OutboxMessage.objects.all() if "track_url" in m.context]
    assert links and set(links) == {f"{SITE}/services/track/"}


# --- production ---------------------------------------------------------------------------------------------------

def _production_check(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SHIKAYAT_", "DJANGO_"))}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY="s3cr3t-" + "k" * 40,
                 DATABASE_URL="postgres://postgres@127.0.0.1:5432/shikayat", SHIKAYAT_TOTP_KEYS="t" * 40, **env)
    code = "import django; django.setup(); from django.conf import settings; print(settings.SHIKAYAT['PUBLIC_URL'])"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)


@pytest.mark.parametrize("value", [
    None, "", "shikayat.example.org", "ftp://shikayat.example.org", "https://", "https:///track/",
    "https://shikayat.example.org/shikayat/", "https://shikayat.example.org/?lang=ur",
    "https://shikayat.example.org/#top", "https://admin:secret@shikayat.example.org", "https://shikayat.example.org:x/",
])
def test_production_refuses_a_missing_or_malformed_public_url(value):
    result = _production_check(**({} if value is None else {"SHIKAYAT_PUBLIC_URL": value}))
    assert result.returncode != 0 and "ImproperlyConfigured: SHIKAYAT_PUBLIC_URL must be set" in result.stderr, (
        result.stderr[-500:])


@pytest.mark.parametrize(("value", "used"), [
    ("https://shikayat.example.org", "https://shikayat.example.org"),
    ("https://shikayat.example.org/", "https://shikayat.example.org"),
    ("http://10.0.0.5:8080", "http://10.0.0.5:8080"),
])
def test_production_starts_with_a_sound_public_url(value, used):
    result = _production_check(SHIKAYAT_PUBLIC_URL=value)
    assert result.returncode == 0 and result.stdout.strip() == used, result.stderr[-500:]


# --- scripts/run --------------------------------------------------------------------------------------------------

def _run_script(tmp_path, **env) -> str:
    """scripts/run in a copy whose bootstrap and Python are fakes: what the web server was started with."""
    (tmp_path / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "run", tmp_path / "scripts" / "run")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    fakes = {"scripts/bootstrap": "#!/bin/sh\nexit 0\n",
             ".venv/bin/python": '#!/bin/sh\n[ "$2" = runserver ] && echo "runserver $3 $SHIKAYAT_PUBLIC_URL"\n'
                                 'exit 0\n'}
    for name, text in fakes.items():
        (tmp_path / name).write_text(text)
        (tmp_path / name).chmod(stat.S_IRWXU)
    clean = {k: v for k, v in os.environ.items() if k not in ("PORT", "SHIKAYAT_PUBLIC_URL")}
    result = subprocess.run(["bash", str(tmp_path / "scripts" / "run")], env={**clean, **env}, capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return next(line for line in result.stdout.splitlines() if line.startswith("runserver "))


def test_scripts_run_points_links_at_its_own_port(tmp_path):
    assert _run_script(tmp_path, PORT="8001") == "runserver 127.0.0.1:8001 http://127.0.0.1:8001"


def test_scripts_run_defaults_to_port_8000_and_keeps_a_public_url_it_is_given(tmp_path):
    assert _run_script(tmp_path / "a") == "runserver 127.0.0.1:8000 http://127.0.0.1:8000"
    assert _run_script(tmp_path / "b", PORT="8002", SHIKAYAT_PUBLIC_URL="http://192.168.1.5:8002") == (
        "runserver 127.0.0.1:8002 http://192.168.1.5:8002")
