"""The monthly report as PDF, rendered by WeasyPrint: Pango and HarfBuzz
shape Urdu (Nastaliq) and Hindi (Devanagari) correctly, offline, with the
project's own webfonts (shikayat/web/static/vendor/fonts, see scripts/fonts)."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

FONTS = [
    ("Noto Nastaliq Urdu", 400, "noto-nastaliq-urdu-arabic-400-normal.woff2"),
    ("Noto Nastaliq Urdu", 700, "noto-nastaliq-urdu-arabic-700-normal.woff2"),
    ("Noto Naskh Arabic", 400, "noto-naskh-arabic-arabic-400-normal.woff2"),
    ("Noto Naskh Arabic", 700, "noto-naskh-arabic-arabic-700-normal.woff2"),
    ("Noto Sans Devanagari", 400, "noto-sans-devanagari-devanagari-400-normal.woff2"),
    ("Noto Sans Devanagari", 700, "noto-sans-devanagari-devanagari-700-normal.woff2"),
]
BAR_WIDTH = 260  # px of the longest bar


def font_faces() -> str:
    """@font-face rules with file:// URLs, so rendering never touches the network."""
    rules = []
    for family, weight, name in FONTS:
        found = finders.find(f"vendor/fonts/{name}")
        if found:
            rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                         f'src: url("{Path(found).resolve().as_uri()}") format("woff2"); }}')
    return "\n".join(rules)


def bars(rows: list[dict], rtl: bool = False) -> list[dict]:
    """Each row with its bar's width, scaled to the largest count, and its
    start (from the right in Urdu)."""
    top = max((row["count"] for row in rows), default=0) or 1
    out = []
    for row in rows:
        width = max(1, round(BAR_WIDTH * row["count"] / top)) if row["count"] else 0
        out.append({**row, "width": width, "x": BAR_WIDTH - width if rtl else 0})
    return out


def monthly_pdf(figures: dict, *, language: str) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is slow and only this report needs it

    return HTML(string=monthly_html(figures, language=language)).write_pdf()


def monthly_html(figures: dict, *, language: str) -> str:
    """The monthly report as the HTML the PDF is drawn from."""
    with translation.override(language):
        rtl = translation.get_language_bidi()
        summary = bars([
            {"label": translation.gettext("Received"), "count": figures["received"]},
            {"label": translation.gettext("Disposed"), "count": figures["disposed"]},
            {"label": translation.gettext("Pending at month end"), "count": figures["pending"]},
            {"label": translation.gettext("Overdue at month end"), "count": figures["overdue"]},
        ], rtl)
        html = render_to_string("reports/monthly.html", {
            "f": figures, "summary": summary, "by_category": bars(figures["by_category"], rtl),
            "by_channel": bars(figures["by_channel"], rtl), "font_faces": font_faces(), "bar_width": BAR_WIDTH,
            "rtl": rtl, "lang": language,
        })
    return html
