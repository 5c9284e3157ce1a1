"""A certified copy of an FIR, at once, for its complainant: police station + year + FIR number + the mobile the
citizen has proven (by one-time code on the web; WhatsApp's own number in the bot). Every door calls
`request_copy`, so the web page and the bot agree.

Never confirming an FIR exists: no such FIR, a mobile that is not the complainant's, and a sensitive FIR (sexual
offences, offences against children: conf.py) all get the same refusal, which also sends the citizen to the
police station. Refusals are logged (FirCopyRefusal) with their true reason for the staff. Guessing is limited
per client (SHIKAYAT_FIR_COPY_RATE) and per FIR (SHIKAYAT_FIR_COPY_FIR_RATE refused tries, whoever asks, before
that FIR is not looked up for the rest of the window).

Each copy served is a row with its own number (FIRC-…) and its paper kept as issued (kept.py: the PDF stored once,
its SHA-256, what it says); its signed QR code opens /verify-certificate/, where the page shows the FIR number,
station, date registered and the day the copy was issued, as the copy says them, and whether the register has
changed since: never names or facts."""

import uuid
from datetime import datetime

from django.core.signing import BadSignature, SignatureExpired, TimestampSigner
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shikayat.complaints.links import public_url
from shikayat.core import clock, dates, ratelimit, verification
from shikayat.core.errors import NotFound
from shikayat.core.ratelimit import RateLimited
from shikayat.jurisdictions.models import Unit

from . import conf, kept
from .models import Fir, FirCopy, FirCopyRefusal

PREFIX = "FIRC-"
LINK_SALT = "shikayat.firs.copy-link"
REFUSED = gettext_lazy("We cannot give a copy of this FIR online. Please check the police station, FIR number, "
                       "year and your mobile number, or ask for the copy at the police station.")
TOO_MANY = gettext_lazy("Too many attempts for FIR copies. Please wait a while, or ask for the copy at the police "
                        "station.")
Reason = FirCopyRefusal.Reason


class CopyRefused(NotFound):
    """The one answer for no such FIR, not the complainant's mobile, and a sensitive FIR."""

    default_message = REFUSED


def _refuse(reason: str, *, channel: str, client: str, mobile: str, unit_code: str, year, number,
            fir: Fir | None = None) -> None:
    FirCopyRefusal.objects.create(at=clock.now(), channel=channel, client=client[:80], mobile=mobile[:20],
                                  unit_code=unit_code[:32], year=year, number=number, fir=fir, reason=reason)


def request_copy(*, unit: Unit | None, year: int, number: int, mobile: str, channel: str, client: str,
                 language: str = "en") -> FirCopy:
    """A new copy of the FIR for its complainant's proven `mobile` (E.164); CopyRefused (the one neutral answer)
    or RateLimited otherwise. `client` is ratelimit.request_client(request) or the channel's sender ("wa:…")."""
    unit_code = unit.code if unit else ""
    asked = {"channel": channel, "client": client, "mobile": mobile, "unit_code": unit_code, "year": year,
             "number": number}
    per_fir = conf.rate("SHIKAYAT_FIR_COPY_FIR_RATE")
    fir_key = f"{unit_code}/{year}/{number}"
    try:
        ratelimit.check("fir-copy", client, conf.rate("SHIKAYAT_FIR_COPY_RATE"), TOO_MANY)
        if per_fir is not None and ratelimit.count("fir-copy-fir", fir_key) >= per_fir.count:
            raise RateLimited(TOO_MANY)
    except RateLimited:
        _refuse(Reason.RATE_LIMITED, **asked)
        raise
    fir = (Fir.objects.select_related("unit").filter(unit=unit, year=year, number=number).first()
           if unit is not None else None)
    reason = (Reason.NOT_FOUND if fir is None else Reason.SENSITIVE if fir.sensitive
              else Reason.WRONG_MOBILE if not mobile or fir.complainant_mobile != mobile else None)
    if reason is not None:
        ratelimit.hit("fir-copy-fir", fir_key, per_fir)
        _refuse(reason, **asked, fir=fir)
        raise CopyRefused()
    return _issue(fir, mobile=mobile, channel=channel, language=language)


def _issue(fir: Fir, *, mobile: str, channel: str, language: str) -> FirCopy:
    """The copy's row and its paper, stored, in one go: if the paper cannot be drawn or stored (kept.CopyNotKept),
    or the row cannot be written, there is neither."""
    copy = None
    try:
        with transaction.atomic():
            now = clock.now()
            copy = FirCopy.objects.create(number=f"{PREFIX}p{uuid.uuid4().hex[:20]}", fir=fir, mobile=mobile,
                                          channel=channel, language=language, issued_at=now)
            copy.number = f"{PREFIX}{now:%Y}-{copy.pk:07d}"
            kept.keep(copy, now=now)
            copy.save(update_fields=["number", "file", "sha256", "facts", "kept_at"])
    except BaseException:
        if copy is not None:
            kept.discard(copy)
        raise
    return copy


# --- the paper's links ------------------------------------------------------------------------------------------


def download_token(copy: FirCopy) -> str:
    return TimestampSigner(salt=LINK_SALT).sign(copy.number)


def download_url(copy: FirCopy) -> str:
    """Where the citizen fetches the PDF (for SHIKAYAT_FIR_COPY_LINK_HOURS): sent on WhatsApp, opened on the web."""
    return public_url(reverse("firs:copy-pdf", args=[download_token(copy)]))


def copy_for_token(token: str) -> FirCopy | None:
    try:
        number = TimestampSigner(salt=LINK_SALT).unsign(token[:200],
                                                        max_age=int(conf.get("SHIKAYAT_FIR_COPY_LINK_HOURS")) * 3600)
    except (BadSignature, SignatureExpired):
        return None
    return FirCopy.objects.select_related("fir__unit").filter(number=number).first()


def checked(number: str) -> verification.Checked | None:
    """A copy as the verification page shows it, as the copy says it (a copy not yet kept: as the register has it
    now), and whether the register has changed since: no names, no facts (registered in apps.py)."""
    copy = FirCopy.objects.select_related("fir__unit").filter(number=number).first()
    if copy is None:
        return None
    facts = copy.facts or kept.snapshot(copy)
    notice = ""
    if kept.register_changed(copy):
        notice = _("The FIR register has been updated since this copy was issued on %(date)s.") % {
            "date": dates.isolate(dates.date_only(copy.issued_at))}
    return verification.Checked(
        verification.GENUINE, title=_("FIR copy"), number=copy.number,
        facts=((_("FIR number"), facts["fir_number"]), (_("Police station"), facts["station"]),
               (_("Registered on"), datetime.fromisoformat(facts["registered_at"])),
               (_("Copy issued on"), copy.issued_at)),
        notice=notice)
