"""Officer sign-in: wrong passwords lock the account for a while."""

from datetime import timedelta

from django.utils import timezone

from shikayat.accounts.models import FailedSignIn


def sign_in(client, password, username="cell_A", **extra):
    return client.post("/officer/login/", {"username": username, "password": password}, **extra)


def test_five_wrong_passwords_lock_the_account(client, force):
    for _ in range(5):
        response = sign_in(client, "wrong-password")
        assert response.status_code == 200 and "Please enter a correct username" in response.content.decode()
    locked = sign_in(client, "pass-word-123", HTTP_ACCEPT_LANGUAGE="ur")
    assert locked.status_code == 200 and "_auth_user_id" not in client.session
    assert "15 منٹ" in locked.content.decode()
    FailedSignIn.objects.update(at=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, "pass-word-123").status_code == 302
    assert not FailedSignIn.objects.exists()  # a good sign-in clears the count


def test_a_right_password_signs_in_and_pages_follow_the_postings(client, force):
    response = sign_in(client, "pass-word-123")
    assert response.status_code == 302 and response["Location"] == "/officer/complaints/"
