"""Where webhooks may be sent. HTTPS only, and never to this machine or a private network (an admin could
otherwise make the worker POST to internal services: SSRF), unless settings allow it for development and tests:
SHIKAYAT["WEBHOOKS_ALLOW_HTTP"], SHIKAYAT["WEBHOOKS_ALLOW_PRIVATE"]. Checked when a subscription is saved, and
again by the worker before every send with the host's current addresses (DNS may have changed since)."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


def _allowed(name: str) -> bool:
    return bool(settings.SHIKAYAT.get(name, False))


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def addresses(host: str, port: int) -> list[str]:
    """The host's addresses (an IP literal is its own); raises OSError when it does not resolve."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        return sorted({info[4][0] for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)})


def url_problem(url: str, *, resolve: bool) -> str:
    """Why the URL may not receive webhooks (a translated sentence), or "". `resolve`: look the host up (the
    worker; raises OSError when it does not resolve, which may pass); otherwise only an IP literal or
    "localhost" is judged (saving a form must not wait for DNS)."""
    try:
        parts = urlsplit(url or "")
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return _("This is not a valid URL.")
    if parts.scheme != "https" and not (parts.scheme == "http" and _allowed("WEBHOOKS_ALLOW_HTTP")):
        return _("The URL must start with https://.")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        return _("This is not a valid URL.")
    if parts.username or parts.password:
        return _("The URL must not carry a user name or password.")
    if _allowed("WEBHOOKS_ALLOW_PRIVATE"):
        return ""
    if host == "localhost" or host.endswith(".localhost"):
        return _("Webhooks are never sent to this server or a private network.")
    try:
        found = addresses(host, port) if resolve else [str(ipaddress.ip_address(host))]
    except ValueError:
        return ""  # a name, not looked up here
    if not found or not all(_public(address) for address in found):
        return _("Webhooks are never sent to this server or a private network.")
    return ""
