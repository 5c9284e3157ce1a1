"""The one signature check of the machine doors (shikayat/core/signing.py)."""

import hashlib
import hmac

import pytest

from shikayat.core.signing import sign, signature_matches

BODY = b'{"event": "ringing"}'
SECRET = "shared-secret-0123456789"
HEX = hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()


def test_sign_is_the_sha256_hmac_of_the_body():
    assert sign(SECRET, BODY) == f"sha256={HEX}"


@pytest.mark.parametrize("header", [f"sha256={HEX}", f"SHA256={HEX.upper()}", f"  sha256={HEX} "])
def test_a_right_signature_matches_in_any_case(header):
    assert signature_matches(SECRET, BODY, header)


@pytest.mark.parametrize("header", ["", "sha256=", f"sha1={HEX}", "sha256=" + "0" * 64, HEX, f"sha256={HEX[:-1]}"])
def test_wrong_missing_or_bare_signatures_do_not_match(header):
    assert not signature_matches(SECRET, BODY, header)


def test_bare_hex_matches_only_where_a_door_allows_it():
    assert signature_matches(SECRET, BODY, HEX, bare_hex_too=True)
    assert not signature_matches(SECRET, BODY, "0" * 64, bare_hex_too=True)
    assert not signature_matches(SECRET, BODY, "", bare_hex_too=True)


def test_another_body_or_an_empty_secret_never_matches():
    assert not signature_matches(SECRET, BODY + b" ", f"sha256={HEX}")
    assert not signature_matches("", BODY, sign("", BODY))
