"""Officer sign-in hardening: two-step sign-in with an authenticator app
(TOTP) and signing out idle officers."""

import base64
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory

from shikayat.accounts import two_factor
from shikayat.accounts.middleware import SESSION_LAST_SEEN, OfficerSessionMiddleware
from shikayat.accounts.models import FailedSignIn, OfficerTotp, User
from shikayat.citizens import access
from shikayat.core import clock

T0 = datetime(2026, 11, 24, 9, 0, 10, tzinfo=UTC)
PASSWORD = "pass-word-123"


class FrozenClock:
    def __init__(self, at: datetime):
        self.at = at

    def move(self, **delta) -> None:
        self.at += timedelta(**delta)


@pytest.fixture
def now(monkeypatch):
    """The application's clock stands still at T0 until a test moves it."""
    frozen = FrozenClock(T0)
    monkeypatch.setattr(clock, "now", lambda: frozen.at)
    return frozen


def app_code(secret: str, at: datetime, steps: int = 0) -> str:
    """What the officer's authenticator app shows (pyotp's defaults: SHA-1, 6 digits, 30 s)."""
    return pyotp.TOTP(secret).at(at, counter_offset=steps)


def wrong_code(secret: str, at: datetime) -> str:
    valid = {app_code(secret, at, steps) for steps in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)


def switched_on(user: User) -> str:
    return OfficerTotp.objects.create(user=user, secret=pyotp.random_base32(), confirmed_at=T0).secret


def password_step(client, username: str, **extra):
    return client.post("/officer/login/", {"username": username, "password": PASSWORD, **extra})


def code_step(client, code: str):
    return client.post("/officer/login/code/", {"code": code})


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


def with_shikayat(settings, **values) -> None:
    settings.SHIKAYAT = {**settings.SHIKAYAT, **values}


# --- the codes themselves -----------------------------------------------------------------


def test_codes_follow_rfc_6238_with_one_step_of_drift_either_way():
    # RFC 6238 appendix B (SHA-1 key "12345678901234567890"), last 6 of the 8 digits.
    secret = base64.b32encode(b"12345678901234567890").decode()
    at = datetime.fromtimestamp(1111111109, tz=UTC)
    assert two_factor.matching_step(secret, "081804", at) == 1111111109 // 30
    assert two_factor.matching_step(secret, "081 804", at + timedelta(seconds=30)) == 1111111109 // 30
    assert two_factor.matching_step(secret, "۰۸۱۸۰۴", at) == 1111111109 // 30  # Urdu digits
    assert two_factor.matching_step(secret, "081804", at + timedelta(seconds=61)) is None  # two steps late
    assert two_factor.matching_step(secret, "287082", datetime.fromtimestamp(59, tz=UTC)) == 1
    assert two_factor.matching_step(secret, "28708", datetime.fromtimestamp(59, tz=UTC)) is None


# --- enrolment ----------------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_and_needs_a_right_code(client, force, now):
    client.force_login(force.officers["cell_A"])

    page = client.get("/officer/security/").content.decode()
    record = OfficerTotp.objects.get(user=force.officers["cell_A"])
    assert "<svg" in page and " ".join([record.secret[:4], record.secret[4:8]]) in page
    assert two_factor.provisioning_uri(record.user, record.secret) == (
        f"otpauth://totp/Shikayat:cell_A?secret={record.secret}&issuer=Shikayat")
    client.get("/officer/security/")
    assert OfficerTotp.objects.get().secret == record.secret  # a reload shows the same key

    refused = client.post("/officer/security/", {"action": "switch_on", "code": wrong_code(record.secret, now.at)})
    assert refused.status_code == 200 and "That code is not right" in refused.content.decode()
    record.refresh_from_db()
    assert record.confirmed_at is None and not FailedSignIn.objects.exists()

    accepted = client.post("/officer/security/", {"action": "switch_on", "code": app_code(record.secret, now.at)})
    assert accepted.status_code == 200 and 'id="backup-codes"' in accepted.content.decode()  # shown this once
    record.refresh_from_db()
    assert record.confirmed_at == T0
    page = client.get("/officer/security/").content.decode()
    assert "Two-step sign-in is on" in page and record.secret[:4] not in page  # the key is not shown again


def test_switching_off_needs_a_current_code_and_wrong_ones_count(client, force, now):
    officer = force.officers["cell_A"]
    secret = switched_on(officer)
    client.force_login(officer)

    refused = client.post("/officer/security/", {"action": "switch_off", "code": wrong_code(secret, now.at)})
    assert refused.status_code == 200 and "That code is not right" in refused.content.decode()
    assert OfficerTotp.objects.filter(user=officer).exists() and FailedSignIn.objects.count() == 1

    done = client.post("/officer/security/", {"action": "switch_off", "code": app_code(secret, now.at)})
    assert done.status_code == 302 and not OfficerTotp.objects.filter(user=officer).exists()
    client.logout()
    assert password_step(client, "cell_A")["Location"] == "/officer/complaints/" and signed_in(client)


def test_supervisors_and_administrators_see_a_recommendation(client, force, now):
    admin = User.objects.create_superuser("root", password=PASSWORD)
    for officer, recommended in [(force.officers["dpo_A"], True), (admin, True), (force.officers["cell_A"], False)]:
        client.force_login(officer)
        page = client.get("/officer/security/").content.decode()
        assert ("Recommended for supervisors" in page) is recommended, officer.username


# --- signing in ---------------------------------------------------------------------------------


def test_the_password_alone_does_not_sign_in_an_officer_with_two_step_sign_in(client, force, now):
    secret = switched_on(force.officers["dpo_A"])

    response = password_step(client, "dpo_A", next="/officer/security/")
    assert response.status_code == 302 and response["Location"] == "/officer/login/code/"
    assert not signed_in(client)
    assert client.get("/officer/complaints/")["Location"] == "/officer/login/?next=/officer/complaints/"
    assert "6-digit code" in client.get("/officer/login/code/").content.decode()

    response = code_step(client, app_code(secret, now.at))
    assert response.status_code == 302 and response["Location"] == "/officer/security/"  # on to `next`
    assert client.session[SESSION_KEY] == str(force.officers["dpo_A"].pk)
    assert client.get("/officer/complaints/").status_code == 200


def test_wrong_codes_count_towards_the_lockout_and_a_right_password_does_not_reset_it(client, force, now):
    secret = switched_on(force.officers["dpo_A"])
    password_step(client, "dpo_A")
    for _ in range(3):
        response = code_step(client, wrong_code(secret, now.at))
        assert response.status_code == 200 and "That code is not right" in response.content.decode()

    assert password_step(client, "dpo_A")["Location"] == "/officer/login/code/"
    assert FailedSignIn.objects.filter(username="dpo_a").count() == 3  # still counted after the password
    for _ in range(2):
        code_step(client, wrong_code(secret, now.at))

    locked = code_step(client, app_code(secret, now.at))
    assert locked["Location"] == "/officer/login/" and not signed_in(client)
    assert "Too many wrong attempts" in client.get("/officer/login/").content.decode()
    assert password_step(client, "dpo_A").status_code == 200  # the password step is locked as well

    now.move(minutes=16)
    password_step(client, "dpo_A")
    assert code_step(client, app_code(secret, now.at))["Location"] == "/officer/complaints/" and signed_in(client)
    assert not FailedSignIn.objects.exists()  # the whole sign-in succeeded: the count is cleared


def test_a_code_cannot_be_used_twice(client, force, now):
    secret = switched_on(force.officers["dpo_A"])
    first = app_code(secret, now.at)
    password_step(client, "dpo_A")
    assert code_step(client, first).status_code == 302 and signed_in(client)
    client.logout()

    now.move(seconds=10)
    password_step(client, "dpo_A")
    replayed = code_step(client, first)
    assert replayed.status_code == 200 and not signed_in(client)
    assert code_step(client, app_code(secret, now.at, steps=-1)).status_code == 200  # an older one neither
    assert FailedSignIn.objects.count() == 2

    now.move(seconds=30)
    assert code_step(client, app_code(secret, now.at)).status_code == 302 and signed_in(client)


def test_the_code_step_expires_after_five_minutes(client, force, now):
    secret = switched_on(force.officers["dpo_A"])
    password_step(client, "dpo_A")

    now.move(minutes=5, seconds=1)
    response = code_step(client, app_code(secret, now.at))
    assert response["Location"] == "/officer/login/" and not signed_in(client)
    assert "longer than 5 minutes" in client.get("/officer/login/").content.decode()
    assert client.get("/officer/login/code/")["Location"] == "/officer/login/"  # nothing left pending


def test_officers_without_two_step_sign_in_sign_in_with_the_password(client, force, now):
    OfficerTotp.objects.create(user=force.officers["cell_A"], secret=pyotp.random_base32())  # enrolment unfinished

    response = password_step(client, "cell_A")
    assert response["Location"] == "/officer/complaints/" and signed_in(client)
    assert client.get("/officer/login/code/")["Location"] == "/officer/login/"


def test_a_role_that_requires_two_step_sign_in_is_sent_to_enrol(client, force, now, settings):
    with_shikayat(settings, TOTP_REQUIRED_ROLES=["supervisor"])

    response = password_step(client, "dpo_A")
    assert response["Location"] == "/officer/security/" and signed_in(client)
    assert client.get("/officer/complaints/")["Location"] == "/officer/security/"
    assert "Your role requires two-step sign-in" in client.get("/officer/security/").content.decode()

    secret = OfficerTotp.objects.get(user__username="dpo_A").secret
    client.post("/officer/security/", {"action": "switch_on", "code": app_code(secret, now.at)})
    assert client.get("/officer/complaints/").status_code == 200
    now.move(seconds=30)
    refused = client.post("/officer/security/", {"action": "switch_off", "code": app_code(secret, now.at)})
    assert "cannot be switched off" in refused.content.decode() and OfficerTotp.objects.filter(
        user__username="dpo_A", confirmed_at__isnull=False).exists()

    client.logout()
    assert password_step(client, "cell_A")["Location"] == "/officer/complaints/"  # not a supervisor


def test_the_admin_site_signs_in_through_the_officer_sign_in(client, force, now):
    User.objects.create_superuser("root", password=PASSWORD)
    response = client.post("/admin/login/?next=/admin/", {"username": "root", "password": PASSWORD})
    assert response["Location"] == "/officer/login/?next=/admin/" and not signed_in(client)


def test_the_admin_lists_enrolments_without_their_secrets(admin_client, force):
    secret = switched_on(force.officers["dpo_A"])
    record = OfficerTotp.objects.get()
    for url in ["/admin/accounts/officertotp/", f"/admin/accounts/officertotp/{record.pk}/change/"]:
        page = admin_client.get(url).content.decode()
        assert "dpo_A" in page and secret not in page, url


def test_an_unknown_required_role_is_a_configuration_error(settings):
    with_shikayat(settings, TOTP_REQUIRED_ROLES=["supervisr"])
    assert [error.id for error in two_factor.check_required_roles(None)] == ["accounts.E001"]


# --- idle timeout -------------------------------------------------------------------------------


def test_an_idle_officer_is_signed_out(client, force, now, settings):
    with_shikayat(settings, OFFICER_IDLE_MINUTES=2)
    password_step(client, "cell_A")
    assert client.session[SESSION_LAST_SEEN] == T0.timestamp()  # counted from the sign-in

    now.move(seconds=119)
    assert client.get("/officer/complaints/").status_code == 200
    assert client.session[SESSION_LAST_SEEN] == now.at.timestamp()

    now.move(seconds=121)
    response = client.get("/officer/complaints/?page=2")
    assert response["Location"] == "/officer/login/?next=/officer/complaints/%3Fpage%3D2"
    assert not signed_in(client)
    assert "Signed out after 2 minutes without activity." in client.get(response["Location"]).content.decode()


def test_the_idle_timeout_leaves_citizens_alone(client, force, now, settings):
    with_shikayat(settings, OFFICER_IDLE_MINUTES=1)
    session = client.session
    access.remember_mobile(session, "+923001234567")
    session.save()
    client.cookies["sessionid"] = session.session_key

    now.move(minutes=30)
    assert client.get("/my-complaints/").status_code == 200
    assert client.session.get(access.SESSION_MOBILE) == "+923001234567"
    assert SESSION_LAST_SEEN not in client.session


def test_the_middleware_reads_only_the_session(force, now, django_assert_num_queries):
    stored = SessionStore()
    stored.update({SESSION_KEY: str(force.officers["cell_A"].pk), SESSION_LAST_SEEN: T0.timestamp() - 5})
    stored.save()
    request = RequestFactory().get("/officer/complaints/", HTTP_COOKIE=f"sessionid={stored.session_key}")
    request.session = SessionStore(stored.session_key)
    assert request.session[SESSION_KEY]  # loaded: the one query the session costs anyway

    with django_assert_num_queries(0):
        response = OfficerSessionMiddleware(lambda request: HttpResponse("ok"))(request)
    assert response.status_code == 200 and not request.session.modified
