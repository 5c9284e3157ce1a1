"""The FIR register's settings: Django settings of these names, else the environment, else the defaults.

SHIKAYAT_FIR_SENSITIVE_CATEGORIES and SHIKAYAT_FIR_SENSITIVE_SECTIONS are lists (or, from the environment, text
separated by commas); an FIR whose offence category or any section is on them is never given out online."""

import os

from django.conf import settings

from shikayat.core.ratelimit import Rate

DEFAULTS = {
    "SHIKAYAT_FIR_API_URL": "",
    "SHIKAYAT_FIR_API_TOKEN": "",
    # Sexual offences and offences against children / juveniles.
    "SHIKAYAT_FIR_SENSITIVE_CATEGORIES": ["rape", "sexual-assault", "sexual-harassment", "child-abuse", "juvenile",
                                          "kidnapping-minor"],
    # "LAW NUMBER[-LETTER]" or "LAW FROM-TO"; a number without a letter covers its lettered sections too
    # (376 covers 376-A), a law alone covers all its sections (POCSO).
    "SHIKAYAT_FIR_SENSITIVE_SECTIONS": ["PPC 376", "PPC 377", "PPC 354-A", "BNS 63-70", "IPC 375-377", "POCSO"],
    # Copies asked for per client (address, or WhatsApp sender), and refused tries per FIR before it rests.
    "SHIKAYAT_FIR_COPY_RATE": "20/hour",
    "SHIKAYAT_FIR_COPY_FIR_RATE": "5/hour",
    # How long the link to a copy's PDF works.
    "SHIKAYAT_FIR_COPY_LINK_HOURS": 24,
}


def get(name: str):
    if hasattr(settings, name):
        return getattr(settings, name)
    default = DEFAULTS[name]
    raw = os.environ.get(name)
    if raw is None:
        return default
    if isinstance(default, list):
        return [part.strip() for part in raw.split(",") if part.strip()]
    if isinstance(default, int):
        return int(raw)
    return raw


def listed(name: str) -> list[str]:
    value = get(name)
    return [value] if isinstance(value, str) else list(value)


def rate(name: str) -> Rate | None:
    return Rate.parse(str(get(name)))
