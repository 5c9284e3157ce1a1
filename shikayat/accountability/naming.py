"""Reading an accused officer out of the words a complainant used, in any
channel: an exact belt number or user name, or a name with a rank and a
police station that fit exactly one officer of the register. Also the rank a
description names ("the SHO", "ایس ایچ او", "थानेदार"), which decides how high
a complaint whose accused is not identified must be held.

Nothing here guesses: a match is either certain (one officer) or no match."""

import re
from dataclasses import dataclass

from django.db.models import Q

from shikayat.accounts.models import Posting, Rank, User
from shikayat.core.refcache import reference
from shikayat.jurisdictions.models import Unit

# Words for each rank in English, Roman Urdu, Urdu and Hindi. Longer phrases are tried first, so "head
# constable" is not read as "constable" nor "sub-inspector" as "inspector".
RANK_WORDS: dict[int, tuple[str, ...]] = {
    Rank.CONSTABLE: ("constable", "sipahi", "pc", "سپاہی", "کانسٹیبل", "کنسٹیبل", "सिपाही", "कांस्टेबल", "आरक्षी"),
    Rank.HEAD_CONSTABLE: ("head constable", "hc", "havaldar", "hawaldar", "ہیڈ کانسٹیبل", "حوالدار",
                          "हेड कांस्टेबल", "हवलदार", "मुख्य आरक्षी"),
    Rank.ASI: ("asi", "assistant sub-inspector", "assistant sub inspector", "اے ایس آئی", "एएसआई",
               "सहायक उप निरीक्षक"),
    Rank.SI: ("si", "sub-inspector", "sub inspector", "thanedar", "daroga", "ایس آئی", "سب انسپکٹر", "تھانیدار",
              "एसआई", "सब इंस्पेक्टर", "सब-इंस्पेक्टर", "उप निरीक्षक", "दरोगा", "दारोगा", "थानेदार"),
    Rank.INSPECTOR: ("inspector", "sho", "station house officer", "انسپکٹر", "ایس ایچ او", "इंस्पेक्टर", "निरीक्षक",
                     "एसएचओ", "थाना प्रभारी", "थानाध्यक्ष"),
    Rank.SDPO: ("dsp", "asp", "sdpo", "circle officer", "ڈی ایس پی", "اے ایس پی", "ایس ڈی پی او", "डीएसपी",
                "सीओ", "क्षेत्राधिकारी", "पुलिस उपाधीक्षक"),
    Rank.DPO: ("sp", "ssp", "dpo", "cpo", "district police officer", "ایس پی", "ایس ایس پی", "ڈی پی او",
               "एसपी", "एसएसपी", "पुलिस अधीक्षक", "वरिष्ठ पुलिस अधीक्षक"),
    Rank.RPO: ("dig", "rpo", "regional police officer", "ڈی آئی جی", "آر پی او", "डीआईजी", "पुलिस उपमहानिरीक्षक"),
    Rank.ADDL_IG: ("additional ig", "addl ig", "adg", "ایڈیشنل آئی جی", "एडीजी", "अपर पुलिस महानिदेशक"),
    Rank.IGP: ("ig", "igp", "inspector general", "dgp", "آئی جی", "آئی جی پی", "आईजी", "डीजीपी", "पुलिस महानिदेशक"),
}
# A word runs on while letters, digits or the combining marks of Urdu and Hindi follow.
_WORD = r"\w\u0600-\u06FF\u0900-\u097F"
_PHRASES = sorted(((word, rank) for rank, words in RANK_WORDS.items() for word in words),
                  key=lambda pair: -len(pair[0]))
_PATTERNS = [(re.compile(rf"(?<![{_WORD}]){re.escape(word)}(?![{_WORD}])", re.IGNORECASE), rank)
             for word, rank in _PHRASES]
# Identifiers worth looking up in the register: anything with a digit, a dot, a dash or an underscore.
_IDENTIFIER = re.compile(r"[\w.\-/]*[\d._\-/][\w.\-/]*")
MAX_LOOKUPS = 20


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def rank_named(text: str) -> int | None:
    """The most senior rank the words name, or None."""
    text = _fold(text)
    found = []
    for pattern, rank in _PATTERNS:
        if pattern.search(text):
            found.append(rank)
            text = pattern.sub(" ", text)  # "head constable" is not also a "constable"
    return max(found) if found else None


def _officers() -> "QuerySet[User]":  # noqa: F821
    return User.objects.filter(is_active=True, rank__isnull=False)


def by_reference(text: str) -> list[User]:
    """Officers whose belt number or user name is the whole text or one of its identifier-like words."""
    whole = text.strip()
    if not whole:
        return []
    tokens = {whole, *(token.strip("./-_") for token in _IDENTIFIER.findall(whole))}
    tokens = sorted(token for token in tokens if token)[:MAX_LOOKUPS]
    match = Q(username__in=tokens)
    for token in tokens:
        match |= Q(belt_number__iexact=token)
    return list(_officers().filter(match).order_by("pk"))


@dataclass(frozen=True)
class StationNames:
    """Every active police station's (a unit with no sub-units) folded names, in every language, compiled once
    per reference-cache period: `by_first_word` holds each pattern under the first word of its name (a name
    can only occur where that word stands whole in the text), `always` the names that start with no word."""

    by_first_word: dict[str, tuple[tuple[int, re.Pattern], ...]]
    always: tuple[tuple[int, re.Pattern], ...]


_WORDS = re.compile(rf"[{_WORD}]+")


def _station_names() -> StationNames:
    parents = set(Unit.objects.filter(parent__isnull=False).values_list("parent_id", flat=True))
    by_first_word: dict[str, list[tuple[int, re.Pattern]]] = {}
    always = []
    for pk, *labels in Unit.objects.filter(is_active=True).values_list("pk", "name_en", "name_ur", "name_hi"):
        if pk in parents:
            continue
        for label in set(labels):
            if not label or len(label) < 3:
                continue
            name = _fold(label)
            entry = (pk, re.compile(rf"(?<![{_WORD}]){re.escape(name)}(?![{_WORD}])"))
            first = _WORDS.match(name)
            if first is None:
                always.append(entry)
            else:
                by_first_word.setdefault(first.group(), []).append(entry)
    return StationNames({word: tuple(entries) for word, entries in by_first_word.items()}, tuple(always))


def stations_named(text: str) -> list[int]:
    """Ids of the police stations whose name (in any language) the words contain."""
    folded = _fold(text)
    names = reference.get(("station-names",), _station_names)
    candidates = [entry for word in set(_WORDS.findall(folded)) for entry in names.by_first_word.get(word, ())]
    return sorted({pk for pk, pattern in (*candidates, *names.always) if pattern.search(folded)})


def by_name_rank_station(text: str, place: Unit | None = None) -> User | None:
    """The one officer of the rank the words name, posted at a station they name (or at the place of the
    incident), whose first or last name they contain; None when no officer or more than one fits."""
    rank = rank_named(text)
    stations = stations_named(text) or ([place.pk] if place is not None else [])
    if rank is None or not stations:
        return None
    words = set(re.findall(rf"[{_WORD}]+", _fold(text)))
    candidates = {
        posting.user for posting in Posting.objects.active()
        .filter(unit_id__in=stations, user__is_active=True, user__rank=rank).select_related("user")
        if {part for part in (_fold(posting.user.first_name), _fold(posting.user.last_name)) if len(part) >= 3}
        & words
    }
    return candidates.pop() if len(candidates) == 1 else None


@dataclass(frozen=True)
class Reading:
    """What the words say about the accused: officers found for certain, the rank named, the stations named."""

    officers: list[User]
    rank: int | None
    stations: list[int]


def read(text: str, place: Unit | None = None) -> Reading:
    officers = by_reference(text)
    if not officers:
        found = by_name_rank_station(text, place)
        officers = [found] if found else []
    return Reading(officers=officers, rank=rank_named(text), stations=stations_named(text))
