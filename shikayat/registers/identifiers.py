"""Vehicle identifiers (registration, chassis, engine numbers) as they are searched: pure functions.

`key` keeps only Latin letters and digits, upper case: "LEA-1234", "lea 1234" and "LEA1234" are one key.
Digits of every script fold to ASCII (similar.normalise). A registration read out in Urdu or Hindi letters is
understood where the letters are the names of Latin letters, as people say a plate: "ایل ای اے ۱۲۳۴" and
"एल ई ए १२३४" are LEA1234, "यूपी २२ एबी १२३४" is UP22AB1234 (a run of letter names without spaces is split
greedily, longest name first). A word that is not made of letter names (e.g. "لاہور") is left out."""

from __future__ import annotations

import re

from shikayat.similar.normalise import normalise

# How the Latin letters are named in Urdu and in Hindi (common spellings).
LETTER_NAMES = {
    "A": ["اے", "ए"], "B": ["بی", "बी"], "C": ["سی", "सी"], "D": ["ڈی", "डी"], "E": ["ای", "ई"],
    "F": ["ایف", "एफ", "एफ़"], "G": ["جی", "जी"], "H": ["ایچ", "एच"], "I": ["آئی", "आई"],
    "J": ["جے", "जे"], "K": ["کے", "के"], "L": ["ایل", "एल"], "M": ["ایم", "एम"], "N": ["این", "एन"],
    "O": ["او", "ओ"], "P": ["پی", "पी"], "Q": ["کیو", "क्यू"], "R": ["آر", "आर"], "S": ["ایس", "एस"],
    "T": ["ٹی", "टी"], "U": ["یو", "यू"], "V": ["وی", "वी"], "W": ["ڈبلیو", "डब्ल्यू", "डबल्यू"],
    "X": ["ایکس", "एक्स"], "Y": ["وائی", "وای", "वाई"], "Z": ["زیڈ", "ज़ेड", "जेड"],
}
NAMES = sorted({normalise(name): letter for letter, names in LETTER_NAMES.items() for name in names}.items(),
               key=lambda item: -len(item[0]))
RUN = re.compile(r"[a-z0-9]+|[^\sa-z0-9\-_./\\,:;]+")


def _letters(word: str) -> str:
    """A run of letter names ("ایل", "एलईए") as Latin letters; "" when it is not one."""
    out, rest = [], word
    while rest:
        for name, letter in NAMES:
            if rest.startswith(name):
                out.append(letter)
                rest = rest[len(name):]
                break
        else:
            return ""
    return "".join(out)


def key(text: str) -> str:
    """The search form of an identifier: Latin letters and ASCII digits, upper case, nothing else."""
    parts = []
    for run in RUN.findall(normalise(text or "")):
        if run.isascii():
            parts.append(run.upper())
            continue
        # Digits inside an Urdu / Hindi run are already ASCII: split them off, read the rest as letter names.
        for piece in re.findall(r"[0-9]+|[^0-9]+", run):
            parts.append(piece if piece.isdigit() else _letters(piece))
    return "".join(parts)


def shown(text: str) -> str:
    """An identifier as staff typed it, tidied for display (upper case, single spaces)."""
    return " ".join((text or "").upper().split())
