"""The decision paper: a PDF in the applicant's language with a QR code of its signed number (PRM-<E-tag>),
and what the public verification page shows of it (registered for the prefix "PRM-" in apps.py): kind, date,
venue or route, decision, conditions and the deciding unit; never an organiser's CNIC or mobile."""

import segno
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shikayat.complaints.links import public_url
from shikayat.core import verification
from shikayat.reports.pdf import render_pdf

from .models import PermitApplication, PermitStatus

DECIDED = (PermitStatus.GRANTED, PermitStatus.REFUSED, PermitStatus.REVOKED)


def verification_code(application: PermitApplication) -> str:
    return verification.sign(application.number)


def verification_url(application: PermitApplication) -> str:
    return public_url(verification.path(application.number))


def checked(number: str) -> verification.Checked | None:
    """A decided application's paper as the verification page shows it; None while undecided or unknown. A revoked
    grant checks as REVOKED with the day it was revoked (its reasons are for the applicant and the officers)."""
    etag = number.removeprefix("PRM-")
    row = (PermitApplication.objects.select_related("district").filter(etag=etag, status__in=DECIDED).first())
    if row is None:
        return None
    decision = _("Refused") if row.status == PermitStatus.REFUSED else _("Granted")
    facts = [(_("Permission for"), str(row.get_kind_display())), (_("Title"), row.title),
             (_("Date"), timezone.localtime(row.starts_at)),
             (_("Time"), f"{timezone.localtime(row.starts_at):%H:%M}–{timezone.localtime(row.ends_at):%H:%M}"),
             (_("Route") if row.route else _("Venue"), row.place), (_("Decision"), decision)]
    if row.status != PermitStatus.REFUSED:
        facts.append((_("Conditions"), row.conditions or "—"))
    facts += [(_("Decided by"), row.district.name), (_("Decided on"), row.decided_at),
              (_("Number"), row.number)]
    if row.status == PermitStatus.REVOKED:
        facts.append((_("Revoked on"), row.revoked_at))
    return verification.Checked(verification.REVOKED if row.status == PermitStatus.REVOKED else verification.GENUINE,
                                title=_("Permission decision: %(kind)s") % {"kind": row.get_kind_display()},
                                number=row.number, facts=tuple(facts), revoked_at=row.revoked_at)


def decision_pdf(application: PermitApplication) -> bytes:
    language = application.language
    url = verification_url(application)
    with translation.override(language):
        html = render_to_string("permits/decision.html", {
            "a": application, "organisers": application.organisers.all(),
            "unit": application.district.name_in(language), "url": url, "code": verification_code(application),
            "qr": segno.make(url, error="m").svg_inline(scale=3, dark="#111"),
            "lang": language, "rtl": translation.get_language_bidi(),
            "granted": application.status in (PermitStatus.GRANTED, PermitStatus.REVOKED),
            "revoked": application.status == PermitStatus.REVOKED,
        })
    return render_pdf(html)
