"""Rate limits every door shares, and who the client is.

Counters live in Django's cache: each process's memory by default, or Redis
with SHIKAYAT_CACHE_URL, so that every web process (and the SMS and WhatsApp
workers) counts in the same place; run more than one web process without
Redis and each one allows the full rate.

A counter's window starts with its first hit and lasts the rate's period
(``"30/min"``: 30 hits in the minute after the first; then a new window).
As with any fixed window, a burst at the end of one window and the start of
the next can reach twice the count; the rates are set with that in mind.

The client address is REMOTE_ADDR unless SHIKAYAT_TRUSTED_PROXIES says how
many proxies in front of us append to X-Forwarded-For: with N trusted proxies
the client is the address the outermost one saw, the N-th entry from the
right. Anything further left was written by the client and is ignored."""

import hashlib
import ipaddress
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.utils.translation import gettext_lazy as _

from .errors import NotFound, PermissionDenied

_RATE = re.compile(r"(\d+)\s*/\s*(\d*)\s*([a-z]+)")
PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


class RateLimited(PermissionDenied):
    """Too many requests: answered 429 (pages, API) or as a reply (SMS, WhatsApp)."""

    status_code = 429
    code = "throttled"
    default_message = _("Too many attempts. Please wait a while and try again.")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate | None":
        """``"30/min"``, ``"5/hour"``, ``"100/day"``, ``"10/15min"``; ``"off"`` (or empty) is no limit."""
        text = (text or "").strip().lower()
        if text in ("", "off", "none"):
            return None
        match = _RATE.fullmatch(text)
        if match is None or match[3] not in PERIODS:
            raise ValueError(f"A rate looks like 30/min, 5/hour or 100/day, not {text!r}")
        return cls(int(match[1]), int(match[2] or 1) * PERIODS[match[3]])


@lru_cache(maxsize=64)
def _parsed(text: str) -> Rate | None:
    return Rate.parse(text)


def rate(setting: str) -> Rate | None:
    """The rate in ``SHIKAYAT[setting]`` (each text parsed once: this runs on every tracking request)."""
    return _parsed(settings.SHIKAYAT[setting])


# --- who is asking ----------------------------------------------------------------------------------------------


def client_address(request) -> str:
    """The client's IP address, trusting X-Forwarded-For only as far as
    SHIKAYAT_TRUSTED_PROXIES proxies wrote it ("" if there is none)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.SHIKAYAT["TRUSTED_PROXIES"]
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if forwarded:
            remote = forwarded[-min(proxies, len(forwarded))]
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return ""


def address_key(address: str) -> str:
    """What an address is counted as: itself, or its /64 for IPv6 (one
    subscriber's share, which they can rotate through freely)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return "ip:-"
    if parsed.version == 6:
        if parsed.ipv4_mapped:
            return f"ip:{parsed.ipv4_mapped}"
        return "ip:" + str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return f"ip:{parsed}"


def request_client(request) -> str:
    """The counting key of a web or API request's client."""
    return address_key(client_address(request))


# --- counting ---------------------------------------------------------------------------------------------------


def _key(bucket: str, who: str) -> str:
    return f"rl:{bucket}:" + hashlib.sha256(who.encode()).hexdigest()[:32]


def hit(bucket: str, who: str, limit: Rate | None) -> int:
    """Count one hit and return the count in the current window (0: no limit)."""
    if limit is None:
        return 0
    key, cache = _key(bucket, who), caches["default"]
    if isinstance(cache, RedisCache):
        return _redis_hit(cache, key, limit.seconds)
    # Counting in an open window is the common case: one incr (which keeps the window's expiry). With no open
    # window, add starts one; of two racing requests one wins it and the other counts in it.
    try:
        return cache.incr(key)
    except ValueError:
        pass
    if cache.add(key, 1, limit.seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # opened and already expired: a new window
        cache.add(key, 1, limit.seconds)
        return 1


# Count one hit, and start the window's expiry with the first: one atomic command, one reply. (Django's incr
# checks that the key exists first, and could recreate a key expiring in between without a timeout.)
_REDIS_COUNT = ("local n = redis.call('INCR', KEYS[1]) "
                "if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return n")


def _redis_hit(cache: RedisCache, key: str, seconds: int, then_read: str = "") -> int | tuple[int, int]:
    """Count one hit on `key`; with `then_read`, also read that counter in the same round trip."""
    full = cache.make_and_validate_key(key)
    client = cache._cache.get_client(full, write=True)
    if not then_read:
        return client.eval(_REDIS_COUNT, 1, full, seconds)
    with client.pipeline(transaction=False) as pipe:
        pipe.eval(_REDIS_COUNT, 1, full, seconds)
        pipe.get(cache.make_and_validate_key(then_read))
        counted, other = pipe.execute()
    return counted, int(other or 0)


def count(bucket: str, who: str) -> int:
    return caches["default"].get(_key(bucket, who)) or 0


def reset(bucket: str, who: str) -> None:
    caches["default"].delete(_key(bucket, who))


def check(bucket: str, who: str, limit: Rate | None, message=None) -> None:
    """Count this request; refuse it if it goes over the limit."""
    if limit is not None and hit(bucket, who, limit) > limit.count:
        raise RateLimited(message)


# --- the rules --------------------------------------------------------------------------------------------------

TRACK_REFUSED = _("Too many tracking requests. Please wait a few minutes and try again.")
ETAG_REFUSED = _("This E-tag has been tried with too many wrong mobile numbers. For the complainant's safety it "
                 "cannot be tracked for a while. Please try again later.")


@contextmanager
def tracking(client: str, code: str):
    """The one rule for following a complaint or application by E-tag, at
    every door (web form, signed link, API, SMS, WhatsApp): at most
    SHIKAYAT_TRACK_RATE lookups per client, and an E-tag tried with the wrong
    mobile SHIKAYAT_TRACK_ETAG_RATE times is not looked up again until its
    window has passed (whoever asks). `client` is ``request_client(request)``,
    or the channel's own sender (``"sms:+92…"``, ``"wa:…"``); `code` is the
    normalised E-tag ("" if there is none). A NotFound inside counts as a
    wrong try."""
    limit, per_etag = rate("TRACK_RATE"), rate("TRACK_ETAG_RATE")
    tried_etag = code and per_etag is not None
    cache = caches["default"]
    if limit is not None and tried_etag and isinstance(cache, RedisCache):  # one round trip for both
        counted, tries = _redis_hit(cache, _key("track", client), limit.seconds, then_read=_key("track-etag", code))
    else:
        counted = hit("track", client, limit)
        tries = count("track-etag", code) if tried_etag else 0
    if limit is not None and counted > limit.count:
        raise RateLimited(TRACK_REFUSED)
    if tried_etag and tries >= per_etag.count:
        raise RateLimited(ETAG_REFUSED)
    try:
        yield
    except NotFound:
        if code:
            hit("track-etag", code, per_etag)
        raise
