"""/healthz, /readyz and /metrics, answered by the first middleware, before anything that could turn a probe
away or make it expensive: the https redirect (a load balancer probes over plain http), ALLOWED_HOSTS (it
probes by address), sessions, the officers' idle sign-out, CSRF, languages. They are not pages: plain text or
JSON, never cached, no cookies."""

import hmac
import ipaddress
import json
from functools import lru_cache

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotFound

from . import metrics, readiness

NO_STORE = "no-store"


def healthz(request) -> HttpResponse:
    """Alive: the process answers. Touches nothing else (no database), so a slow database never gets a
    healthy web process restarted."""
    response = HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = NO_STORE
    return response


def readyz(request) -> HttpResponse:
    """Ready or not (200 / 503) for anyone (a load balancer may probe through the public address); why a check
    failed — error texts name internal hosts — only for those who may scrape the metrics."""
    ready, checks = readiness.run()
    if not may_scrape(request):
        checks = {name: {key: found for key, found in result.items() if key != "error"}
                  for name, result in checks.items()}
    response = HttpResponse(json.dumps({"ready": ready, "checks": checks}), status=200 if ready else 503,
                            content_type="application/json")
    response["Cache-Control"] = NO_STORE
    return response


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _allowed_address(address: str) -> bool:
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    if parsed.version == 6 and parsed.ipv4_mapped:
        parsed = parsed.ipv4_mapped
    return any(parsed in network for network in _networks(tuple(settings.SHIKAYAT["METRICS_ALLOW"])))


def may_scrape(request) -> bool:
    """The bearer of SHIKAYAT_METRICS_TOKEN, or a request every address of which — the peer and each one in
    X-Forwarded-For — is in SHIKAYAT_METRICS_ALLOW: a proxy on this machine (loopback) cannot lend its address
    to a client behind it, however many proxies are trusted."""
    token = settings.SHIKAYAT["METRICS_TOKEN"]
    given = request.META.get("HTTP_AUTHORIZATION", "")
    if token and given.startswith("Bearer ") and hmac.compare_digest(given[7:].strip().encode(), token.encode()):
        return True
    path = [request.META.get("REMOTE_ADDR", "")]
    path += [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    return all(_allowed_address(address) for address in path)


def metrics_view(request) -> HttpResponse:
    if not may_scrape(request):
        return HttpResponseNotFound("Not found\n", content_type="text/plain; charset=utf-8")
    from prometheus_client import CONTENT_TYPE_LATEST

    response = HttpResponse(metrics.exposition(), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = NO_STORE
    return response


PROBES = {"/healthz": healthz, "/readyz": readyz, "/metrics": metrics_view}


class ProbeMiddleware:
    """First in MIDDLEWARE: GET (or HEAD) on a probe's path is answered here and goes no further."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info.rstrip("/") or "/")
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return self.get_response(request)
