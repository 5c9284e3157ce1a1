"""Text for finding the same complaint told twice: pure functions, no database.

`normalise` folds the variants of one script (Urdu/Arabic letter forms, Hindi nukta and nasal marks, digits of
every script); `skeleton` then maps Urdu, Hindi and Roman Urdu / English to one Latin consonant skeleton, so
that an Urdu text and its Roman Urdu retelling meet: "شکایت", "शिकायत" and "shikayat" all become "skt".
Vowels, h, w and y are dropped (the scripts write them too differently), aspirates fold into their plain
consonant, and the sounds Roman spelling confuses fold together (q→k, ch→k, z→j, f→p; c→s before e/i/y).

`trigrams` / `similarity` are pg_trgm's own measure (words padded with two blanks before and one after, the
share of trigrams in common); `gram_hashes` are the trigrams as each fingerprint stores them, so that PostgreSQL
scores a candidate by comparing two small sorted integer arrays (intarray) instead of re-reading both texts, and
SQLite's Python fallback computes the same figure."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Arabic-script letter variants → the Urdu form.
ARABIC_VARIANTS = str.maketrans({
    "ي": "ی", "ى": "ی", "ئ": "ی", "ۓ": "ے", "ك": "ک", "ة": "ہ", "ه": "ہ", "ۂ": "ہ", "ۃ": "ہ",
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ـ": None,
})
# Harakat, superscript alef, Quranic marks; Devanagari nukta.
MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u093c]")
# Devanagari letters that carry a nukta as one code point (NFKC splits most, not all, of them).
NUKTA_LETTERS = str.maketrans({"\u0929": "\u0928", "\u0931": "\u0930", "\u0934": "\u0933"})

# Every script's letter → Latin (consonants; "" = dropped as a vowel, semivowel or h).
URDU = {
    "ب": "b", "پ": "p", "ت": "t", "ٹ": "t", "ط": "t", "ث": "s", "س": "s", "ص": "s", "ش": "s", "ج": "j",
    "چ": "k", "ح": "", "ہ": "", "ھ": "", "خ": "k", "د": "d", "ڈ": "d", "ذ": "j", "ز": "j", "ض": "j", "ظ": "j",
    "ژ": "j", "ر": "r", "ڑ": "r", "ع": "", "غ": "g", "ف": "p", "ق": "k", "ک": "k", "گ": "g", "ل": "l", "م": "m",
    "ن": "n", "ں": "n", "و": "", "ی": "", "ے": "", "ا": "", "ء": "",
}
HINDI = {
    "क": "k", "ख": "k", "ग": "g", "घ": "g", "ङ": "n", "च": "k", "छ": "k", "ज": "j", "झ": "j", "ञ": "n",
    "ट": "t", "ठ": "t", "ड": "d", "ढ": "d", "ण": "n", "त": "t", "थ": "t", "द": "d", "ध": "d", "न": "n",
    "प": "p", "फ": "p", "ब": "b", "भ": "b", "म": "m", "य": "", "र": "r", "ल": "l", "ळ": "l", "व": "", "श": "s",
    "ष": "s", "स": "s", "ह": "", "ं": "n", "ँ": "n", "ः": "",
}
# Hindi vowels (independent and matras), virama, avagraha: dropped.
HINDI_VOWELS = re.compile("[\u0904-\u0914\u093d-\u094d\u0955-\u0957\u0962\u0963\u0972-\u0977]")
LATIN_KEEP = re.compile(r"[^a-z0-9 ]+")
ROMAN = [
    (re.compile(r"ch"), "k"), (re.compile(r"c(?=[eiy])"), "s"), (re.compile(r"c"), "k"),  # چ = ch = k
    (re.compile(r"ck"), "k"), (re.compile(r"q"), "k"), (re.compile(r"x"), "ks"), (re.compile(r"z"), "j"),
    (re.compile(r"f"), "p"), (re.compile(r"[aeiouhwvy]"), ""),
]
DOUBLE = re.compile(r"([a-z])\1+")
WORD = re.compile(r"[0-9a-z]+")


def normalise(text: str) -> str:
    """One form per letter: NFKC, lower case, Urdu/Arabic variants folded, diacritics and tatweel removed,
    Hindi nukta dropped (क़→क, ज़→ज, ड़→ड …), digits of every script as ASCII, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = unicodedata.normalize("NFD", text)  # splits क़ into क + nukta, and Arabic hamza forms
    text = text.replace("\u0627\u0653", "ا").replace("\u0627\u0654", "ا").replace("\u0648\u0654", "و")
    text = text.replace("\u06cc\u0654", "ی").replace("\u064a\u0654", "ی").replace("\u06c1\u0654", "ہ")
    text = MARKS.sub("", unicodedata.normalize("NFC", MARKS.sub("", text)))
    text = text.translate(ARABIC_VARIANTS).translate(NUKTA_LETTERS)
    text = "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text)
    return " ".join(text.split())


LETTERS = str.maketrans({**URDU, **HINDI, "\u0600": None, "\u0601": None, "\u200c": None, "\u200d": None})


def skeleton(text: str) -> str:
    """The consonant skeleton of `text` in Latin letters, words separated by one space (digits kept)."""
    latin = HINDI_VOWELS.sub("", normalise(text).translate(LETTERS))
    if not latin.isascii():  # accented Latin loses its accents; any other script is dropped
        latin = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode()
    latin = LATIN_KEEP.sub(" ", latin)
    for rule, replacement in ROMAN:
        latin = rule.sub(replacement, latin)
    return " ".join(DOUBLE.sub(r"\1", latin).split())


def trigrams(text: str) -> frozenset[str]:
    """pg_trgm's trigrams of `text` (each alphanumeric word padded "  word ")."""
    found = set()
    for word in WORD.findall(text.lower()):
        padded = f"  {word} "
        found.update(padded[i:i + 3] for i in range(len(padded) - 2))
    return frozenset(found)


def gram_hashes(text: str) -> list[int]:
    """The trigrams of `text` as the fingerprint stores them: each one's md5 cut to a signed 32-bit number, sorted
    and unique (PostgreSQL compares these arrays with intarray; the migration's similar_grams(text) computes the
    same from pg_trgm's show_trgm())."""
    return sorted({int.from_bytes(hashlib.md5(gram.encode()).digest()[:4], "big", signed=True)
                   for gram in trigrams(text)})


def similarity(a: str | frozenset, b: str | frozenset) -> float:
    """pg_trgm's similarity(): shared trigrams / all trigrams of both (0 when either has none); of two texts, or
    of two sets of trigrams or of their hashes (gram_hashes)."""
    left = a if isinstance(a, frozenset) else trigrams(a)
    right = b if isinstance(b, frozenset) else trigrams(b)
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)
