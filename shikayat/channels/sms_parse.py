"""What an SMS to the gateway asks for: its command (the first word, in English, Urdu, Hindi or Roman Urdu),
the E-tag it names, and the citizen's own words, kept as typed.

Words are compared folded: letter case, the Arabic-keyboard forms of Urdu letters, Urdu vowel marks, and
Urdu and Hindi digits are evened out first, so ``ہاں ۴``, ``हाँ ४`` and ``Haan 4`` read alike."""

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings

from shikayat.complaints import etag as etags
from shikayat.core.errors import InvalidInput
from shikayat.updates import stops

# The keyword a reply suggests, in the reply's language.
SHOWN = {
    "status": {"en": "STATUS", "ur": "حالت", "hi": "स्थिति"},
    "info": {"en": "INFO", "ur": "معلومات", "hi": "जानकारी"},
    "appeal": {"en": "APPEAL", "ur": "اپیل", "hi": "अपील"},
    "stop": {"en": "STOP", "ur": "بند", "hi": "बंद"},
    "start": {"en": "START", "ur": "شروع", "hi": "शुरू"},
}
# Every spelling understood besides those. "Yes" and "no" answer a question we asked (a proposed resolution,
# the question after closing). "Ji" is left out: "ji nahi" means no.
ALSO = {
    "status": ("halat", "haalat", "haalaat", "sthiti", "stithi", "स्टेटस"),
    "info": ("information", "malumat", "maloomat", "maaloomat", "malomat", "jankari", "jaankari"),
    "appeal": ("apeel", "apil", "appeel", "apeal"),
    "yes": ("1", "yes", "y", "haan", "han", "ha", "satisfied", "mutmain", "mutmaeen", "santusht",
            "ہاں", "ہان", "مطمئن", "हाँ", "हां", "हा", "संतुष्ट"),
    "no": ("2", "no", "n", "nahi", "nahin", "nai", "na", "نہیں", "نہی", "نا", "नहीं", "नही", "ना"),
}

_DIGITS = {ord(ch): str(i % 10) for i, ch in enumerate("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹०१२३४५६७८९")}
# Arabic keyboards type yeh, kaf and heh differently from Urdu ones.
_VARIANTS = {ord("ي"): "ی", ord("ى"): "ی", ord("ك"): "ک", ord("ه"): "ہ", ord("ة"): "ہ", ord("ـ"): None}
_SEPARATORS = r"\s:;,.!?،۔।"
# One word, then the spaces or punctuation after it, then the rest ("STATUS: K7QM-4XZ2", "हाँ। ४").
_WORD = re.compile(rf"[{_SEPARATORS}]*([^{_SEPARATORS}]+)[{_SEPARATORS}]*(.*)", re.DOTALL)
_RATING = re.compile(r"(\d{1,2})(?:/5)?")


def guess_language(text: str) -> str:
    """ur for Arabic script, hi for Devanagari, en otherwise (majority of letters)."""
    arabic = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f")
    devanagari = sum(1 for ch in text if "\u0900" <= ch <= "\u097f")
    if not arabic and not devanagari:
        return "en"
    return "ur" if arabic >= devanagari else "hi"


def fold(word: str) -> str:
    """The form words are compared in."""
    word = unicodedata.normalize("NFC", word).translate(_DIGITS).translate(_VARIANTS)
    return "".join(ch for ch in word if not ("\u064b" <= ch <= "\u065f" or ch == "\u0670")).casefold()


def split_word(text: str) -> tuple[str, str]:
    """(first word, the rest as typed); ("", "") for a text of no words."""
    match = _WORD.match(text or "")
    return (match.group(1), match.group(2).strip()) if match else ("", "")


def _keywords() -> dict[str, str]:
    """Folded spelling → command."""
    table = {fold(word): kind for kind, words in ALSO.items() for word in words}
    table.update({fold(word): kind for kind, shown in SHOWN.items() for word in shown.values()
                  if kind not in ("stop", "start")})  # those only as the whole message
    table.update({fold(word): "complaint" for word in settings.SHIKAYAT["SMS_KEYWORDS"]})
    return table


@dataclass(frozen=True)
class Command:
    kind: str  # stop, start, status, complaint, info, appeal, yes, no, help
    rest: str = ""  # what follows the keyword, as typed


def parse(text: str) -> Command:
    """The command an SMS gives. STOP and START count only as the whole message (stops.keyword)."""
    whole = stops.keyword(text)
    if whole:
        return Command(whole)
    word, rest = split_word(text)
    kind = _keywords().get(fold(word)) if word else None
    return Command(kind, rest) if kind else Command("help")


@dataclass(frozen=True)
class Named:
    """An E-tag read from the front of a command's words."""

    etag: str  # normalised; "" when none was given
    error: str  # why a word that looks like an E-tag is none (a typing mistake); "" otherwise
    words: str  # the citizen's words after it


def _looks_like_etag(raw: str) -> bool:
    """8 E-tag characters with a digit or the hyphen: K7QM-4XZ2, k7qm4xz2. Plain words ("tomorrow") are not
    taken for E-tags unless they are one of the sender's own."""
    code = _code(raw)
    return (len(code) == etags.BODY_LENGTH + 1 and all(ch in etags.VALUES for ch in code)
            and ("-" in raw or any(ch.isdigit() for ch in raw)))


def named_etag(words: str, own: frozenset[str]) -> Named:
    """The E-tag the words start with, given the sender's own E-tags `own` (one of those also typed in two
    halves, "K7QM 4XZ2"). The choice depends only on the words and the sender's complaints, never on anybody
    else's, so it tells nothing about which E-tags exist."""
    first, after = split_word(words)
    second, after_second = split_word(after)
    if len(first) == len(second) == 4 and _code(first + second) in own:
        return Named(_code(first + second), "", after_second)
    if first and _code(first) in own:
        return Named(_code(first), "", after)
    if first and _looks_like_etag(first.translate(_DIGITS)):
        try:
            return Named(etags.normalise(first.translate(_DIGITS)), "", after)
        except InvalidInput as error:
            return Named("", str(error.message), after)
    return Named("", "", words)


def _code(raw: str) -> str:
    return "".join(etags.ALIASES.get(ch, ch) for ch in raw.translate(_DIGITS).upper() if ch not in " -_")


def rating_and_words(words: str) -> tuple[int | None, str]:
    """A rating at the front ("4", "۴", "4/5") and the words after it; any number counts here, and the
    feedback action says what a rating may be."""
    first, after = split_word(words)
    match = _RATING.fullmatch(first.translate(_DIGITS)) if first else None
    return (int(match.group(1)), after) if match else (None, words)
