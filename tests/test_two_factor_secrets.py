"""Two-step sign-in secrets encrypted at rest (rotatable keys) and one-time
backup codes."""

import io
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from shikayat.accounts import secret_box, two_factor
from shikayat.accounts.models import BackupCode, FailedSignIn, OfficerTotp, User
from shikayat.core import clock

from .test_setup import ROOT

T0 = datetime(2026, 11, 24, 9, 0, 10, tzinfo=UTC)
PASSWORD = "pass-word-123"
OLD_KEY = "old-key-" + "o" * 40
NEW_KEY = "new-key-" + "n" * 40


@pytest.fixture
def now(monkeypatch):
    at = {"now": T0}
    monkeypatch.setattr(clock, "now", lambda: at["now"])
    return at


def keys(settings, *values: str) -> None:
    settings.SHIKAYAT = {**settings.SHIKAYAT, "TOTP_KEYS": list(values)}


def app_code(secret: str, at: datetime = T0) -> str:
    return pyotp.TOTP(secret).at(at)


def switched_on_with_codes(user: User) -> tuple[str, list[str]]:
    """Given an officer who enrolled through the page's steps: (their secret, their backup codes)."""
    record = two_factor.enrolment(user)
    return record.secret, two_factor.confirm(user, app_code(record.secret))


def password_step(client, username: str):
    return client.post("/officer/login/", {"username": username, "password": PASSWORD})


def code_step(client, code: str):
    return client.post("/officer/login/code/", {"code": code})


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


# --- the secret at rest -------------------------------------------------------------------------


def test_the_secret_is_stored_encrypted_and_never_in_clear(force, now, settings):
    keys(settings, OLD_KEY)
    secret, _codes = switched_on_with_codes(force.officers["cell_A"])
    stored = OfficerTotp.objects.values_list("encrypted_secret", flat=True).get()
    assert secret not in stored and stored.startswith("gAAAAA")  # a Fernet token
    assert len(stored) <= OfficerTotp._meta.get_field("encrypted_secret").max_length
    assert OfficerTotp.objects.get().secret == secret
    with connection.cursor() as cursor:  # nowhere in the row, whatever the column
        cursor.execute("SELECT * FROM accounts_officertotp")
        assert not any(secret in str(value) for value in cursor.fetchone())


def test_another_key_cannot_read_the_secret(force, now, settings):
    keys(settings, OLD_KEY)
    switched_on_with_codes(force.officers["cell_A"])
    keys(settings, NEW_KEY)
    with pytest.raises(secret_box.UnreadableSecret):
        OfficerTotp.objects.get().secret  # noqa: B018


def test_without_configured_keys_the_key_is_derived_from_the_secret_key(settings):
    keys(settings)
    token = secret_box.encrypt("JBSWY3DPEHPK3PXP")
    assert secret_box.decrypt(token) == "JBSWY3DPEHPK3PXP"
    settings.SECRET_KEY = "another-secret-key"
    with pytest.raises(secret_box.UnreadableSecret):
        secret_box.decrypt(token)


def test_keys_are_rotated_by_putting_the_new_one_first_and_running_the_command(client, force, now, settings):
    keys(settings, OLD_KEY)
    officer = force.officers["cell_A"]
    secret, _codes = switched_on_with_codes(officer)
    old_token = OfficerTotp.objects.get().encrypted_secret

    keys(settings, NEW_KEY, OLD_KEY)  # the new key first: it encrypts, both decrypt
    assert OfficerTotp.objects.get().secret == secret
    call_command("rotate_totp_keys", stdout=(out := io.StringIO()))
    assert "Re-encrypted 1 " in out.getvalue()
    assert OfficerTotp.objects.get().encrypted_secret != old_token

    keys(settings, NEW_KEY)  # the old key dropped: everything still opens
    assert OfficerTotp.objects.get().secret == secret
    now["now"] = T0 + timedelta(minutes=1)
    password_step(client, "cell_A")
    assert code_step(client, app_code(secret, now["now"]))["Location"] == "/officer/complaints/" and signed_in(client)


def test_rotation_changes_nothing_if_a_secret_cannot_be_opened(force, now, settings):
    keys(settings, OLD_KEY)
    switched_on_with_codes(force.officers["cell_A"])
    keys(settings, "a-third-key-" + "t" * 40)
    switched_on_with_codes(force.officers["dpo_A"])
    before = dict(OfficerTotp.objects.values_list("pk", "encrypted_secret"))
    keys(settings, NEW_KEY, OLD_KEY)  # the third key was dropped too early
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("rotate_totp_keys")
    assert dict(OfficerTotp.objects.values_list("pk", "encrypted_secret")) == before


def test_the_migration_encrypts_clear_secrets_and_going_back_decrypts_them(transactional_db, force, settings):
    keys(settings, OLD_KEY)
    before = [("accounts", "0004_women_cell_role")]
    after = [("accounts", "0005_totp_secret_encrypted_and_backup_codes")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    user_id = force.officers["cell_A"].pk
    old_apps.get_model("accounts", "OfficerTotp").objects.create(user_id=user_id, secret="JBSWY3DPEHPK3PXP")
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        stored = OfficerTotp.objects.values_list("encrypted_secret", flat=True).get()
        assert "JBSWY3DPEHPK3PXP" not in stored and OfficerTotp.objects.get().secret == "JBSWY3DPEHPK3PXP"

        executor = MigrationExecutor(connection)
        executor.migrate(before)
        old_apps = executor.loader.project_state(before).apps
        assert old_apps.get_model("accounts", "OfficerTotp").objects.get().secret == "JBSWY3DPEHPK3PXP"
    finally:
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.parametrize(("env", "refused"), [
    ({}, True),
    ({"SHIKAYAT_TOTP_KEYS": "too-short"}, True),
    ({"SHIKAYAT_TOTP_KEYS": f"{NEW_KEY},short"}, True),
    ({"SHIKAYAT_TOTP_KEYS": f"{NEW_KEY},{OLD_KEY}"}, False),
])
def test_production_refuses_to_start_without_totp_keys(env, refused):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SHIKAYAT_")}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY="s3cr3t-" + "k" * 40,
                 DATABASE_URL="postgres://postgres@127.0.0.1:5432/shikayat", SHIKAYAT_PUBLIC_URL="https://shikayat.example.org")
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=clean, capture_output=True,
                            text=True)
    assert (result.returncode != 0 and "SHIKAYAT_TOTP_KEYS" in result.stderr) is refused, result.stderr


# --- backup codes -------------------------------------------------------------------------------


def test_switching_on_shows_ten_backup_codes_once_and_keeps_only_salted_hashes(client, force, now):
    officer = force.officers["cell_A"]
    client.force_login(officer)
    client.get("/officer/security/")
    secret = OfficerTotp.objects.get().secret
    page = client.post("/officer/security/", {"action": "switch_on", "code": app_code(secret)})
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    html = page.content.decode()
    codes = [line.split("<code>")[1].split("</code>")[0] for line in html.split("<li>") if "<code>" in line]
    assert len(codes) == len(set(codes)) == two_factor.BACKUP_CODES == 10
    stored = list(BackupCode.objects.values_list("code_hash", flat=True))
    assert len(stored) == 10 and len({h.split("$")[1] for h in stored}) == 10  # a salt each
    assert not any(code.replace("-", "") in h or code in h for code in codes for h in stored)
    again = client.get("/officer/security/").content.decode()
    assert not any(code in again for code in codes) and "10 unused backup codes" in again


def test_a_backup_code_signs_in_once_in_place_of_the_app_code(client, force, now):
    officer = force.officers["cell_A"]
    _secret, codes = switched_on_with_codes(officer)
    password_step(client, "cell_A")
    done = code_step(client, codes[3].upper().replace("-", " "))  # typed loosely
    assert done["Location"] == "/officer/complaints/" and signed_in(client)
    page = client.get("/officer/complaints/").content.decode()
    assert "You signed in with a backup code" in page and "9 backup codes are left" in page
    assert two_factor.backup_codes_left(officer) == 9

    client.logout()
    password_step(client, "cell_A")
    refused = code_step(client, codes[3])
    assert refused.status_code == 200 and not signed_in(client) and FailedSignIn.objects.count() == 1
    assert code_step(client, codes[4])["Location"] == "/officer/complaints/" and signed_in(client)


def test_a_backup_code_is_accepted_once_even_by_two_concurrent_requests(transactional_db, force, now):
    officer = force.officers["cell_A"]
    _secret, codes = switched_on_with_codes(officer)
    results, barrier = [], threading.Barrier(2)

    def use():
        barrier.wait()
        try:
            results.append(two_factor.check_sign_in_code(officer, codes[0]))
        finally:
            connection.close()

    threads = [threading.Thread(target=use) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results, key=str) == [None, two_factor.BACKUP]


def test_a_backup_code_typed_with_urdu_digits_and_look_alike_letters_is_read(force, now):
    officer = force.officers["cell_A"]
    _secret, codes = switched_on_with_codes(officer)
    typed = codes[0].replace("0", "O").replace("1", "l").translate(str.maketrans("23456789", "۲۳۴۵۶۷۸۹"))
    assert two_factor.check_sign_in_code(officer, typed) == two_factor.BACKUP


def test_backup_codes_of_one_officer_do_not_open_another(client, force, now):
    _secret, codes = switched_on_with_codes(force.officers["cell_A"])
    switched_on_with_codes(force.officers["dpo_A"])
    assert two_factor.check_sign_in_code(force.officers["dpo_A"], codes[0]) is None
    assert two_factor.check_sign_in_code(force.officers["cell_A"], codes[0]) == two_factor.BACKUP


@pytest.mark.parametrize("code", ["", "123", "0" * 12, "zzzz-zzzz-zzzz", "uuuu-uuuu-uuuu", "x" * 20])
def test_a_made_up_backup_code_is_refused(force, now, code):
    switched_on_with_codes(force.officers["cell_A"])
    assert two_factor.check_sign_in_code(force.officers["cell_A"], code) is None


def test_new_backup_codes_need_a_code_count_wrong_ones_and_replace_the_old(client, force, now):
    officer = force.officers["cell_A"]
    secret, old_codes = switched_on_with_codes(officer)
    client.force_login(officer)
    refused = client.post("/officer/security/", {"action": "new_backup_codes", "code": "000000"})
    assert refused.status_code == 200 and "That code is not right" in refused.content.decode()
    assert FailedSignIn.objects.count() == 1 and two_factor.backup_codes_left(officer) == 10

    now["now"] = T0 + timedelta(minutes=1)
    page = client.post("/officer/security/", {"action": "new_backup_codes", "code": app_code(secret, now["now"])})
    assert page.status_code == 200 and 'id="backup-codes"' in page.content.decode()
    assert two_factor.backup_codes_left(officer) == 10
    assert two_factor.check_sign_in_code(officer, old_codes[0]) is None  # the old ones no longer work
    new_code = page.content.decode().split("<code>")[1].split("</code>")[0]
    assert two_factor.check_sign_in_code(officer, new_code) == two_factor.BACKUP


def test_a_lost_phone_is_switched_off_with_a_backup_code(client, force, now):
    officer = force.officers["cell_A"]
    _secret, codes = switched_on_with_codes(officer)
    client.force_login(officer)
    done = client.post("/officer/security/", {"action": "switch_off", "code": codes[0]})
    assert done.status_code == 302
    assert not OfficerTotp.objects.filter(user=officer).exists() and not BackupCode.objects.exists()


def test_the_admin_resets_a_lost_phone_and_its_backup_codes(admin_client, client, force, now):
    officer = force.officers["dpo_A"]
    _secret, codes = switched_on_with_codes(officer)
    record = OfficerTotp.objects.get()
    listing = admin_client.get("/admin/accounts/officertotp/").content.decode()
    assert "dpo_A" in listing and not any(code in listing for code in codes)
    deleted = admin_client.post(f"/admin/accounts/officertotp/{record.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert not OfficerTotp.objects.exists() and not BackupCode.objects.exists()
    assert password_step(client, "dpo_A")["Location"] == "/officer/complaints/" and signed_in(client)
