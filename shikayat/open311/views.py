"""The GeoReport v2 endpoints under /open311/v2/. Thin: read the key, the language and the parameters, call
catalogue / submit / reads, answer in the format the path names. Machine doors: no session, no CSRF (the API key
is the credential); every refusal is the spec's error array with the matching status, in the asked language."""

from datetime import timedelta
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from shikayat.core import clock, ratelimit
from shikayat.core.errors import DomainError
from shikayat.core.i18n import LANGS
from shikayat.core.jsonsafe import clean_text
from shikayat.integrations import keys
from shikayat.integrations.models import Integrator

from . import catalogue, reads, render, submit
from .models import Open311Request, RequestState
from .render import FORMATS, Open311Error, about

TOUCH_EVERY = timedelta(minutes=1)  # last_used_at is written at most once a minute per key


def language(request) -> tuple[str, bool]:
    """(the language to answer in, whether the client named one): `locale` (en, ur_PK, hi-IN …), else the
    Accept-Language header, else English."""
    raw = (request.POST.get("locale") or request.GET.get("locale") or "").strip()
    if raw:
        code = raw.replace("_", "-").split("-")[0].lower()
        if code in LANGS:
            return code, True
    if request.META.get("HTTP_ACCEPT_LANGUAGE"):
        code = (translation.get_language_from_request(request) or "en")[:2]
        return (code, True) if code in LANGS else ("en", False)
    return "en", False


def storable(params: QueryDict) -> QueryDict:
    """The parameters with NUL and lone surrogates as U+FFFD: no database stores them, and a client's text
    must never turn into a server error."""
    copy = QueryDict(mutable=True)
    for key, values in params.lists():
        copy.setlist(clean_text(key), [clean_text(value) for value in values])
    return copy


def jurisdiction() -> str:
    return settings.SHIKAYAT["OPEN311_JURISDICTION"] or (urlsplit(settings.SHIKAYAT["PUBLIC_URL"]).hostname or "")


def _key(request, *, required: bool) -> Integrator | None:
    """The integrator whose key the request carries (in the form or, as some clients send it, the query string),
    counted against its rate; a missing key is refused only where `required`, a wrong one always."""
    key = (request.POST.get("api_key") or request.GET.get("api_key") or "").strip()
    if not key:
        if required:
            raise Open311Error(403, about("api_key", _("An API key is required. The police issue keys to the "
                                                       "organisations they work with.")))
        ratelimit.check("open311-keyless", ratelimit.request_client(request), ratelimit.rate("OPEN311_KEYLESS_RATE"),
                        _("Too many requests without an API key from this address. Please wait a while, or ask "
                          "the police for a key."))
        return None
    integrator = keys.integrator_for(key)
    if integrator is None:
        raise Open311Error(403, about("api_key", _("This API key is not valid.")))
    ratelimit.check("open311", f"integrator:{integrator.pk}",
                    ratelimit.Rate(max(integrator.rate_per_minute, 1), 60),  # the admin refuses 0
                    _("Too many requests with this API key: at most %(rate)d a minute.")
                    % {"rate": integrator.rate_per_minute})
    now = clock.now()
    if integrator.last_used_at is None or now - integrator.last_used_at > TOUCH_EVERY:
        Integrator.objects.filter(pk=integrator.pk).update(last_used_at=now)
    return integrator


def endpoint(*methods: str):
    """The common door: format and method checked, jurisdiction_id checked, the language active, every refusal
    answered as the spec's error array."""

    def decorate(view):
        @csrf_exempt
        @wraps(view)
        def wrapped(request, *args, fmt: str, **kwargs):
            lang, named = language(request)
            with translation.override(lang):
                try:
                    if fmt not in FORMATS:
                        raise Open311Error(404, _("Unknown format “%(format)s”: ask for .json or .xml.")
                                           % {"format": fmt[:10]})
                    if request.method not in methods:
                        raise Open311Error(405, _("Method %(method)s is not allowed here.")
                                           % {"method": request.method[:10]}, allow=", ".join(methods))
                    asked = (request.POST.get("jurisdiction_id") or request.GET.get("jurisdiction_id") or "").strip()
                    if asked and asked != jurisdiction():
                        raise Open311Error(404, about("jurisdiction_id", _("This server serves only %(jurisdiction)s.")
                                                      % {"jurisdiction": jurisdiction()}))
                    kwargs = {name: clean_text(value) for name, value in kwargs.items()}  # from the path
                    return view(request, *args, fmt=fmt, lang=lang, named=named, **kwargs)
                except Open311Error as problem:
                    return render.error(fmt, problem)
                except ratelimit.RateLimited as problem:
                    return render.error(fmt, Open311Error(429, str(problem.message)))
                except DomainError as problem:  # intake's InvalidInput: one description per field's problem
                    described = [about(field, message) for field, messages in problem.fields.items()
                                 for message in messages] or [str(problem.message)]
                    return render.error(fmt, Open311Error(problem.status_code, *described))

        return wrapped

    return decorate


@csrf_exempt
def unknown(request, path):
    """Any other address under /open311/v2/: the spec's 404, in XML when the path asks for it."""
    with translation.override(language(request)[0]):
        return render.error("xml" if path.endswith(".xml") else "json", Open311Error(
            404, _("There is no such resource. See services, services/{code}, requests, requests/{id} and "
                   "tokens/{token}, each as .json or .xml.")))


@endpoint("GET")
def services(request, *, fmt, lang, named):
    integrator = _key(request, required=False)
    rows = [catalogue.service_row(s, lang, integrator) for s in catalogue.services(integrator).values()]
    return render.answer(fmt, "services", rows)


@endpoint("GET")
def service_definition(request, code, *, fmt, lang, named):
    service = catalogue.services(_key(request, required=False)).get(code)
    if service is None:
        raise Open311Error(404, about("service_code", _("There is no service “%(code)s”.") % {"code": code[:40]}))
    return render.answer(fmt, "service_definition", catalogue.definition(service.category, lang))


@endpoint("GET", "POST")
def requests(request, *, fmt, lang, named):
    integrator = _key(request, required=True)
    if request.method == "POST":
        form = storable(request.POST)
        if "jurisdiction_id" not in form and "jurisdiction_id" in request.GET:  # sent in the query string
            form["jurisdiction_id"] = clean_text(request.GET["jurisdiction_id"])
        return _post(form, integrator, fmt=fmt, lang=lang, named=named)
    found = reads.search(integrator, reads.parse(storable(request.GET), clock.now()))
    return render.answer(fmt, "service_requests",
                         [reads.request_row(complaint, event, integrator, lang) for complaint, event in found])


def _post(form: QueryDict, integrator, *, fmt, lang, named):
    posted = submit.post(form, integrator, lang=lang, complaint_lang=lang if named else None)
    row = {"account_id": posted.request.account_id}
    if posted.complaint is None:
        notice = (_("Received. The police complaint cell checks requests from this application before they become "
                    "complaints; follow it with tokens/%(token)s.") if integrator.review_first else
                  _("Received. The police complaint cell checks requests of this kind before they become complaints; "
                    "follow it with tokens/%(token)s."))
        row = {"token": posted.request.token, "service_notice": notice % {"token": posted.request.token}, **row}
    else:
        row = {"service_request_id": posted.complaint.etag_display,
               "service_notice": _("Registered as complaint %(etag)s. An officer must contact the complainant "
                                   "within %(hours)d hours.") % {"etag": posted.complaint.etag_display,
                                                                  "hours": posted.contact_hours}, **row}
    return render.answer(fmt, "service_requests", [row])


@endpoint("GET")
def request_detail(request, request_id, *, fmt, lang, named):
    integrator = _key(request, required=True)
    complaint, event = reads.one(integrator, request_id)
    return render.answer(fmt, "service_requests", [reads.request_row(complaint, event, integrator, lang)])


@endpoint("GET")
def token(request, token, *, fmt, lang, named):
    """A waiting request's E-tag once the complaint cell accepted it ("" meanwhile). Refused: 404 with the cell's
    reason — the spec has no refused state, and a 404 tells a client to stop asking. A complaint this key may no
    longer read (its category made confidential since, or taken out of the key's services) is 404 as if absent,
    as requests/{id} answers it: no read path names it."""
    integrator = _key(request, required=True)
    row = (Open311Request.objects.select_related("complaint")
           .filter(token=token[:32], integrator=integrator).first())
    if row is None or (row.complaint_id and not reads.readable(integrator, row.complaint_id)):
        raise Open311Error(404, _("There is no request with token %(token)s.") % {"token": token[:32]})
    if row.state == RequestState.REFUSED:
        raise Open311Error(404, _("The police complaint cell did not accept this request: %(reason)s")
                           % {"reason": row.refusal_reason})
    return render.answer(fmt, "service_requests", [{
        "service_request_id": row.complaint.etag_display if row.complaint_id else "", "token": row.token}])
