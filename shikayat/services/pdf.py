"""A certificate as PDF in the applicant's language (WeasyPrint, the bundled
fonts, offline), with a QR code of its public verification address."""

import segno
from django.template.loader import render_to_string
from django.utils import translation

from shikayat.reports.pdf import render_pdf

from .actions import verification_code, verification_url
from .models import Certificate


def certificate_pdf(certificate: Certificate) -> bytes:
    request = certificate.request
    language = request.language
    url = verification_url(certificate)
    with translation.override(language):
        html = render_to_string("services/certificate.html", {
            "c": certificate, "r": request, "service": request.service.name_in(language),
            "unit": certificate.issuing_unit.name_in(language), "url": url, "code": verification_code(certificate),
            "qr": segno.make(url, error="m").svg_inline(scale=3, dark="#111"),
            "lang": language, "rtl": translation.get_language_bidi(),
        })
    return render_pdf(html)
