"""Which FIRs are never given out online: an offence category or a section of law on the settings' lists
(conf.py). Sections are written every way the registers write them ("376 PPC", "PPC 376(2)", "u/s 354-A PPC",
"BNS 64"); where a section names no law it is compared by number alone, so that doubt refuses."""

import re
from dataclasses import dataclass

from . import conf

_NUMBER = re.compile(r"(\d+)(?:\s*-?\s*([A-Za-z])(?![A-Za-z]))?")
_RANGE = re.compile(r"(\d+)\s*[-–]\s*(\d+)$")
_NOT_LAWS = {"U", "S", "US", "SEC", "SECTION", "SECTIONS", "OF", "ACT", "R", "W", "RW", "AND"}


@dataclass(frozen=True)
class Section:
    law: str  # "" when not written
    number: int | None
    letter: str = ""


def _law(text: str) -> str:
    words = [w.upper() for w in re.findall(r"[A-Za-z]{2,}", text)]
    return next((w for w in words if w not in _NOT_LAWS), "")


def parse_section(text: str) -> Section:
    # The letter of "354-A" must not be read as a law; laws are words of two letters or more.
    match = _NUMBER.search(text)
    rest = _NUMBER.sub(" ", text, count=1) if match else text
    if match is None:
        return Section(_law(text), None)
    return Section(_law(rest), int(match[1]), (match[2] or "").upper())


@dataclass(frozen=True)
class Rule:
    law: str
    low: int | None  # None: every section of the law
    high: int | None
    letter: str

    def covers(self, section: Section) -> bool:
        if self.law and section.law and self.law != section.law:
            return False
        if self.low is None:
            return bool(self.law) and section.law == self.law
        if section.number is None or not (self.low <= section.number <= self.high):
            return False
        return not self.letter or self.letter == section.letter


def parse_rule(text: str) -> Rule:
    text = text.strip()
    law = _law(re.sub(r"\d+\s*-?\s*[A-Za-z](?![A-Za-z])", " ", text))
    numbers = re.sub(r"[A-Za-z]{2,}", " ", text).strip()
    ranged = _RANGE.search(numbers)
    if ranged:
        return Rule(law, int(ranged[1]), int(ranged[2]), "")
    section = parse_section(numbers)
    return Rule(law, section.number, section.number, section.letter)


def rules() -> list[Rule]:
    return [parse_rule(text) for text in conf.listed("SHIKAYAT_FIR_SENSITIVE_SECTIONS") if text.strip()]


def categories() -> set[str]:
    return {text.strip().casefold() for text in conf.listed("SHIKAYAT_FIR_SENSITIVE_CATEGORIES") if text.strip()}


def is_sensitive(category: str, sections: list[str], *, _rules: list[Rule] | None = None,
                 _categories: set[str] | None = None) -> bool:
    """Is an FIR of this offence category with these sections kept off the online copies?"""
    if (category or "").strip().casefold() in (categories() if _categories is None else _categories):
        return True
    checks = rules() if _rules is None else _rules
    return any(rule.covers(parse_section(text)) for text in sections for rule in checks)
