"""Papers the police issue that anyone can check (a bank, NADRA, a mobile operator, an employer): certificates,
lost-article receipts, FIR copies, permission decisions. Each carries a QR code of its number signed by this
installation, opening /verify-certificate/<code>/; a code not signed here (forged, altered, random) is never
looked up.

The apps that issue papers register a lookup for their numbers' prefix in AppConfig.ready() (`register`); core
knows none of them. A lookup gets the number and answers what the page may show (`Checked`), or None if there is
no such paper. The empty prefix is the fallback: the service centres' certificates, whose numbers predate this."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.signing import BadSignature, Signer

# The service centres' certificates were signed with this salt before other papers existed: their QR codes stay
# valid, so every paper is signed with it.
SALT = "shikayat.services.certificate"
GENUINE, REVOKED, NOT_GENUINE = "genuine", "revoked", "not_genuine"


@dataclass(frozen=True)
class Checked:
    """What the verification page shows of a paper: its state, what it is, and the facts a checker compares with
    the paper in hand (labels already translated). Never more personal data than the paper itself shows."""

    state: str  # GENUINE, REVOKED or NOT_GENUINE
    title: str = ""  # what the paper is ("Character certificate", "Lost-article report")
    number: str = ""
    facts: tuple[tuple[str, str | date | datetime], ...] = ()  # a date is shown as a day
    revoked_at: datetime | None = None
    # Said beneath the facts, e.g. that the record has changed since the paper was issued (translated).
    notice: str = ""


Lookup = Callable[[str], "Checked | None"]
_LOOKUPS: dict[str, Lookup] = {}


def register(prefix: str, lookup: Lookup) -> None:
    """Numbers starting with `prefix` are looked up by `lookup` ("" = every other number). Registering a
    prefix twice replaces the lookup (AppConfig.ready() may run more than once in tests)."""
    _LOOKUPS[prefix] = lookup


def sign(number: str) -> str:
    """The code a paper's QR carries: its number and this installation's signature."""
    return Signer(salt=SALT).sign(number)


def path(number: str) -> str:
    """The verification page of a paper (join with complaints.links.public_url for its full address)."""
    return f"/verify-certificate/{sign(number)}/"


def check(code: str) -> Checked:
    """Is this code a genuine paper's, and is the paper still valid?"""
    try:
        number = Signer(salt=SALT).unsign((code or "").strip()[:200])
    except BadSignature:
        return Checked(NOT_GENUINE)
    prefixes = sorted((p for p in _LOOKUPS if p and number.startswith(p)), key=len, reverse=True)
    for prefix in [*prefixes, ""]:
        lookup = _LOOKUPS.get(prefix)
        found = lookup(number) if lookup else None
        if found is not None:
            return found
    return Checked(NOT_GENUINE)
