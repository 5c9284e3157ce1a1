"""Officer sign-in: wrong passwords slow the guesser down (per account, per
account and address, per address), never lock the owner out of a known device."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from shikayat.accounts import signin
from shikayat.accounts.models import FailedSignIn


def sign_in(client, password, username="cell_A", **extra):
    return client.post("/officer/login/", {"username": username, "password": password}, **extra)


def refused(response) -> bool:
    return response.status_code == 200 and "Too many wrong attempts" in response.content.decode()


def forget(seconds: float) -> None:
    """Let time pass for the wrong tries already made."""
    for row in FailedSignIn.objects.all():
        row.at -= timedelta(seconds=seconds)
        row.save(update_fields=["at"])


def test_five_wrong_passwords_slow_the_account_down_instead_of_locking_it(client, force):
    for _ in range(5):
        response = sign_in(client, "wrong-password")
        assert response.status_code == 200 and "Please enter a correct username" in response.content.decode()
    waiting = sign_in(client, "pass-word-123")  # even the right password waits: it is not even checked
    assert refused(waiting) and "wait a minute" in waiting.content.decode() and "_auth_user_id" not in client.session
    assert FailedSignIn.objects.count() == 5  # a try refused unheard is not another wrong one
    forget(16)
    assert sign_in(client, "pass-word-123").status_code == 302
    assert not FailedSignIn.objects.exists()  # a good sign-in forgives the wrong tries from its address


def test_each_further_wrong_try_doubles_the_wait_up_to_the_longest(force, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "SIGNIN_MAX_DELAY_MINUTES": 15}
    now = timezone.now()
    waits = []
    for _ in range(12):
        FailedSignIn.objects.create(username="cell_a", ip_address="203.0.113.5", at=now)
        waits.append(signin.wait_before_try("CELL_A", "203.0.113.5", known_device=False, now=now))
    seconds = [int(w.total_seconds()) for w in waits]
    assert seconds == [0, 0, 0, 0, 15, 30, 60, 120, 240, 480, 900, 900]
    assert "wait 8 minutes" in signin.wait_message(waits[9])
    later = now + timedelta(hours=1, seconds=1)  # an hour on, every wrong try is forgiven
    assert signin.wait_before_try("cell_a", "203.0.113.5", known_device=False, now=later) == timedelta(0)


def test_guessing_from_many_addresses_cannot_keep_the_owner_out_of_a_known_device(force):
    desk = Client(REMOTE_ADDR="10.20.0.5")
    assert sign_in(desk, "pass-word-123").status_code == 302  # the officer's own computer, once
    assert signin.DEVICE_COOKIE in desk.cookies
    desk.post("/officer/logout/")
    guesses = [sign_in(Client(REMOTE_ADDR=f"198.51.100.{n}"), f"guess-{n}") for n in range(12)]  # a new address each
    assert [refused(g) for g in guesses] == [False] * 5 + [True] * 7
    assert refused(sign_in(Client(REMOTE_ADDR="198.51.100.200"), "pass-word-123"))  # strangers wait
    assert refused(sign_in(Client(REMOTE_ADDR="10.20.0.5"), "pass-word-123"))  # so does a new browser
    assert sign_in(desk, "pass-word-123").status_code == 302  # the known device gets in at once


def test_a_known_device_is_only_known_to_its_own_officer_and_password(force):
    desk = Client()
    assert sign_in(desk, "pass-word-123").status_code == 302
    request = type("R", (), {"COOKIES": {signin.DEVICE_COOKIE: desk.cookies[signin.DEVICE_COOKIE].value}})()
    assert signin.is_known_device(request, "cell_A") and signin.is_known_device(request, "CELL_A")
    assert not signin.is_known_device(request, "dpo_A")
    officer = force.officers["cell_A"]
    officer.set_password("a-brand-new-pass-word")
    officer.save()
    assert not signin.is_known_device(request, "cell_A")  # a new password forgets every device
    forged = type("R", (), {"COOKIES": {signin.DEVICE_COOKIE: f"[[{officer.pk}, \"x\"]]"}})()
    assert not signin.is_known_device(forged, "cell_A")


def test_one_address_guessing_many_accounts_is_capped(force, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "SIGNIN_ADDRESS_FAILURES_HOUR": 4}
    sprayer = Client(REMOTE_ADDR="203.0.113.9")
    for name in ("cell_A", "dpo_A", "sho_A", "asi_A"):
        assert not refused(sign_in(sprayer, "Password123", username=name))
    assert refused(sign_in(sprayer, "Password123", username="sdpo_A"))
    assert sign_in(Client(REMOTE_ADDR="203.0.113.10"), "pass-word-123", username="sdpo_A").status_code == 302


@pytest.mark.parametrize("proxies, capped", [(0, True), (1, False)])
def test_a_rotated_x_forwarded_for_counts_only_behind_a_trusted_proxy(force, settings, proxies, capped):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "SIGNIN_ADDRESS_FAILURES_HOUR": 4, "TRUSTED_PROXIES": proxies}
    names = ["cell_A", "dpo_A", "sho_A", "asi_A", "sdpo_A"]
    answers = [sign_in(Client(), "Password123", username=name, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
               for n, name in enumerate(names)]
    assert refused(answers[-1]) is capped
    expected = {"127.0.0.1"} if proxies == 0 else {f"198.51.100.{n}" for n in range(5)}
    assert set(FailedSignIn.objects.values_list("ip_address", flat=True)) == expected


def test_a_right_password_signs_in_and_pages_follow_the_postings(client, force):
    response = sign_in(client, "pass-word-123")
    assert response.status_code == 302 and response["Location"] == "/officer/complaints/"
