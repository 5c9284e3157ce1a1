"""The monthly report as PDF, rendered by WeasyPrint: Pango and HarfBuzz
shape Urdu (Nastaliq) and Hindi (Devanagari) correctly, offline, with the
project's own webfonts (shikayat/web/static/vendor/fonts, see scripts/fonts).

Fonts are read once, not per document: the webfonts are unpacked to TrueType
once per machine (under SHIKAYAT_VAR_DIR/cache/fonts; woff2 is slow to
unpack), and each thread keeps one WeasyPrint font configuration holding them
(`render_pdf`), so a document pays only for its own layout. The certificates
(shikayat/services/pdf.py) render through the same function."""

import atexit
import io
import os
import threading
from pathlib import Path

from django.conf import settings
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


_per_thread = threading.local()
# Dropped before the interpreter tears its modules down (WeasyPrint's configuration removes its folder then).
atexit.register(lambda: _per_thread.__dict__.pop("fonts", None))


def font_faces() -> str:
    """@font-face rules with file:// URLs of the unpacked fonts, so rendering never touches the network."""
    rules = []
    for family, weight, name in FONTS:
        found = finders.find(f"vendor/fonts/{name}")
        if found:
            rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                         f'src: url("{_unpacked(Path(found)).as_uri()}") format("truetype"); }}')
    return "\n".join(rules)


def _unpacked(woff2: Path) -> Path:
    """The TrueType font of a woff2 file, unpacked once into the cache (again when the webfont changes)."""
    target = Path(settings.VAR_DIR) / "cache" / "fonts" / (woff2.stem + ".ttf")
    if not target.exists() or target.stat().st_mtime < woff2.stat().st_mtime:
        from fontTools.ttLib import TTFont

        font = TTFont(woff2)
        font.flavor = None
        out = io.BytesIO()
        font.save(out)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.{threading.get_ident()}.part")
        partial.write_bytes(out.getvalue())
        partial.replace(target)  # atomic: another process never reads half a font
    return target


def render_pdf(html: str) -> bytes:
    """`html` as PDF with the bundled fonts, which this thread's font configuration has already loaded."""
    from weasyprint import CSS, HTML  # imported here: loading Pango is slow and only the PDFs need it
    from weasyprint.text.fonts import FontConfiguration

    fonts = getattr(_per_thread, "fonts", None)
    if fonts is None:
        config = FontConfiguration()
        fonts = _per_thread.fonts = (config, CSS(string=font_faces(), font_config=config))
    config, faces = fonts
    return HTML(string=html).write_pdf(stylesheets=[faces], font_config=config)


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
    return render_pdf(monthly_html(figures, language=language))


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
            "by_channel": bars(figures["by_channel"], rtl), "bar_width": BAR_WIDTH,
            "rtl": rtl, "lang": language,
        })
    return html
