"""What a citizen types, reduced to something we can compare: case folded,
punctuation dropped, Urdu and Hindi digits as 0-9, the Arabic-keyboard
variants of Urdu letters unified. And the words the bot understands in
English, Roman Urdu, Urdu script and Hindi."""

import re
import unicodedata

# Arabic-Indic, Extended Arabic-Indic (Urdu) and Devanagari digits.
_DIGITS = {ord(ch): str(i % 10) for i, ch in enumerate("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹०१२३४५६७८९")}
# Arabic keyboards type yeh, kaf and heh differently from Urdu ones.
_VARIANTS = {ord("ي"): "ی", ord("ى"): "ی", ord("ك"): "ک", ord("ة"): "ہ", ord("ـ"): None}
_PUNCTUATION = re.compile(r"[\s.,!?;:'\"()\[\]{}*_~\-–—/\\|۔؟،।॥“”‘’]+")


def clean(text: str) -> str:
    """Folded form for comparison: "Assalam-o-Alaikum!" → "assalam o alaikum", "۱۵" → "15"."""
    text = unicodedata.normalize("NFC", text or "").translate(_DIGITS).translate(_VARIANTS)
    # Drop Arabic vowel marks (zer, zabar, pesh …), which people type inconsistently.
    text = "".join(ch for ch in text if not ("\u064b" <= ch <= "\u065f" or ch == "\u0670"))
    return _PUNCTUATION.sub(" ", text.casefold()).strip()


def number(text: str) -> int | None:
    """A menu choice typed as a number ("3", "۳", "३", "3."), else None."""
    folded = clean(text)
    return int(folded) if folded.isdigit() and len(folded) <= 3 else None


def _folded(*words: str) -> frozenset[str]:
    return frozenset(clean(word) for word in words)


GREETINGS = _folded(
    "hello", "hi", "hey", "helo", "hallo", "salam", "salaam", "slam", "aoa", "a o a", "assalam o alaikum",
    "assalamu alaikum", "assalam alaikum", "asalam o alaikum", "assalamualaikum", "asalamualaikum",
    "salam alaikum", "assalam o alaikum wa rahmatullah", "start", "سلام", "السلام علیکم", "اسلام علیکم",
    "السلام و علیکم", "السلام عليكم", "ہیلو", "नमस्ते", "नमस्कार", "namaste", "namaskar", "हैलो", "हेलो",
    "प्रणाम",
)
MENU = _folded("0", "menu", "main menu", "مینو", "مینیو", "مین مینو", "मेनू", "मेन्यू", "मेनु")
CANCEL = _folded("cancel", "منسوخ", "منسوخ کریں", "ختم", "रद्द", "रद्द करें", "radd", "mansookh")
LANGUAGE = _folded("language", "lang", "zuban", "zaban", "زبان", "भाषा", "bhasha")
SKIP = _folded(
    "skip", "next", "done", "continue", "no", "none", "nothing", "agay", "aagay", "aage", "bas", "nahi",
    "آگے", "اگلا", "چھوڑیں", "بس", "کچھ نہیں", "نہیں", "आगे", "अगला", "छोड़ें", "बस", "कुछ नहीं", "नहीं",
)
YES = _folded("yes", "y", "ok", "okay", "haan", "han", "ha", "ji", "jee", "ji haan", "ہاں", "جی", "جی ہاں",
              "ٹھیک ہے", "हाँ", "हां", "जी", "जी हाँ", "ठीक है")
NO = _folded("no", "n", "nahi", "nahin", "na", "نہیں", "جی نہیں", "नहीं", "ना", "जी नहीं")

LANGUAGE_NAMES = {
    "en": _folded("english", "eng", "انگریزی", "अंग्रेज़ी", "अंग्रेजी"),
    "ur": _folded("urdu", "اردو", "उर्दू"),
    "hi": _folded("hindi", "ہندی", "हिन्दी", "हिंदी"),
}
