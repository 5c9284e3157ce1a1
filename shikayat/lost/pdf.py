"""The receipt as PDF in the reporter's language (Urdu right to left), with the bundled fonts and a QR code of
its verification address: the certificates' machinery (reports.pdf.render_pdf)."""

import segno
from django.template.loader import render_to_string
from django.utils import translation

from shikayat.core import verification
from shikayat.reports.pdf import render_pdf

from .actions import verification_url
from .models import LostReport


def receipt_html(report: LostReport) -> str:
    language = report.language
    url = verification_url(report)
    with translation.override(language):
        return render_to_string("lost/receipt.html", {
            "r": report, "url": url, "code": verification.sign(report.number),
            "station": report.station.name_in(language) if report.station else "",
            "qr": segno.make(url, error="m").svg_inline(scale=3, dark="#111"),
            "lang": language, "rtl": translation.get_language_bidi(),
        })


def receipt_pdf(report: LostReport) -> bytes:
    return render_pdf(receipt_html(report))
