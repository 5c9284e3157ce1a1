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

DECIDED = (PermitStatus.GRANTED, PermitStatus.REFUSED)


def verification_code(application: PermitApplication) -> str:
    return verification.sign(application.number)


def verification_url(application: PermitApplication) -> str:
    return public_url(verification.path(application.number))


def checked(number: str) -> verification.Checked | None:
    """A decided application's paper as the verification page shows it; None while undecided or unknown."""
    etag = number.removeprefix("PRM-")
    row = (PermitApplication.objects.select_related("district").filter(etag=etag, status__in=DECIDED).first())
    if row is None:
        return None
    decision = _("Granted") if row.status == PermitStatus.GRANTED else _("Refused")
    facts = [(_("Permission for"), str(row.get_kind_display())), (_("Title"), row.title),
             (_("Date"), timezone.localtime(row.starts_at)),
             (_("Time"), f"{timezone.localtime(row.starts_at):%H:%M}–{timezone.localtime(row.ends_at):%H:%M}"),
             (_("Route") if row.route else _("Venue"), row.place), (_("Decision"), decision)]
    if row.status == PermitStatus.GRANTED:
        facts.append((_("Conditions"), row.conditions or "—"))
    facts += [(_("Decided by"), row.district.name), (_("Decided on"), row.decided_at),
              (_("Number"), row.number)]
    return verification.Checked(verification.GENUINE, title=_("Permission decision: %(kind)s")
                                % {"kind": row.get_kind_display()}, number=row.number, facts=tuple(facts))


def decision_pdf(application: PermitApplication) -> bytes:
    language = application.language
    url = verification_url(application)
    with translation.override(language):
        html = render_to_string("permits/decision.html", {
            "a": application, "organisers": application.organisers.all(),
            "unit": application.district.name_in(language), "url": url, "code": verification_code(application),
            "qr": segno.make(url, error="m").svg_inline(scale=3, dark="#111"),
            "lang": language, "rtl": translation.get_language_bidi(),
            "granted": application.status == PermitStatus.GRANTED,
        })
    return render_pdf(html)
