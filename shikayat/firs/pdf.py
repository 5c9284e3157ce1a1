"""An FIR copy as PDF, drawn from what the copy says (kept.snapshot), the labels in the citizen's language (Urdu
right to left), with the QR code of its verification address: the certificates' machinery (services/pdf.py,
reports/pdf.render_pdf and its fonts). Drawn once, when the copy is issued; kept.py stores it."""

from datetime import datetime

import segno
from django.template.loader import render_to_string
from django.utils import translation

from shikayat.reports.pdf import render_pdf


def copy_html(facts: dict, *, url: str) -> str:
    language = facts["language"]
    shown = {**facts, "registered_at": datetime.fromisoformat(facts["registered_at"]),
             "issued_at": datetime.fromisoformat(facts["issued_at"])}
    with translation.override(language):
        return render_to_string("firs/copy.html", {
            "facts": shown, "url": url, "qr": segno.make(url, error="m").svg_inline(scale=3, dark="#111"),
            "lang": language, "rtl": translation.get_language_bidi(),
        })


def copy_pdf(facts: dict, *, url: str) -> bytes:
    return render_pdf(copy_html(facts, url=url))
