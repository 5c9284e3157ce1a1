"""An FIR copy as PDF, the labels in the citizen's language (Urdu right to left), with the QR code of its
verification address: the certificates' machinery (services/pdf.py, reports/pdf.render_pdf and its fonts)."""

import segno
from django.template.loader import render_to_string
from django.utils import translation

from shikayat.reports.pdf import render_pdf

from .copies import verification_url
from .models import FirCopy


def copy_pdf(copy: FirCopy) -> bytes:
    language, fir = copy.language, copy.fir
    url = verification_url(copy)
    with translation.override(language):
        html = render_to_string("firs/copy.html", {
            "copy": copy, "fir": fir, "unit": fir.unit.name_in(language), "status": fir.get_status_display(),
            "url": url, "qr": segno.make(url, error="m").svg_inline(scale=3, dark="#111"),
            "lang": language, "rtl": translation.get_language_bidi(),
        })
    return render_pdf(html)
