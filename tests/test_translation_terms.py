"""The Urdu and Hindi catalogues keep the glossary a native reader settled
(issue 20): one plain term for each idea used throughout, no transliteration
where a plain word exists, no English left behind, and every placeholder of the
English kept exactly.

Checks locale/ by default. To check another copy of the catalogues (say,
regenerated ones with corrections applied), point SHIKAYAT_LOCALE_DIR at a
directory holding ur/LC_MESSAGES/django.po and hi/LC_MESSAGES/django.po:

    SHIKAYAT_LOCALE_DIR=/tmp/locale .venv/bin/pytest tests/test_translation_terms.py
"""

import os
import re
from functools import cache
from pathlib import Path

import polib
import pytest

LOCALE = Path(os.environ.get("SHIKAYAT_LOCALE_DIR") or Path(__file__).resolve().parent.parent / "locale")
SCRIPT = {"ur": re.compile("[\u0600-\u06ff]"), "hi": re.compile("[\u0900-\u097f]")}

# %(name)s, %(km).1f, %(byte)02X, %s, and the {name} fields of DRF's messages.
PLACEHOLDER = re.compile(r"%\(\w+\)[#0\- +]*\d*(?:\.\d+)?[a-zA-Z]|%[sd]|\{\w+\}")


@cache
def catalogue(lang: str) -> dict[str, polib.POEntry]:
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    return {e.msgid: e for e in po if not e.obsolete and e.msgid}


def forms(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def translated(lang: str, msgid: str) -> list[str]:
    entry = catalogue(lang).get(msgid)
    assert entry is not None, f"{msgid!r} is not in the {lang} catalogue"
    return forms(entry)


@pytest.mark.parametrize("lang", ["ur", "hi"])
def test_every_placeholder_is_kept_exactly(lang):
    wrong = []
    for entry in catalogue(lang).values():
        english = set(PLACEHOLDER.findall(entry.msgid + " " + (entry.msgid_plural or "")))
        for text in forms(entry):
            if text and set(PLACEHOLDER.findall(text)) != english:
                wrong.append((entry.msgid, text))
    assert not wrong, "\n".join(f"{m!r}\n    → {t!r}" for m, t in wrong)


@pytest.mark.parametrize("lang", ["ur", "hi"])
def test_no_english_sentence_is_left_untranslated(lang):
    """A message with English words must come out in the language's script; a
    bare acronym (API, FIR) or a list of file types may stay as it is."""
    left = []
    for entry in catalogue(lang).values():
        words = re.findall(r"\b[a-z]{3,}\b", PLACEHOLDER.sub("", entry.msgid))
        if words and not all(SCRIPT[lang].search(text) for text in forms(entry)):
            left.append(entry.msgid)
    assert not left, left


# One term for each idea. For every message whose English (placeholders left
# out) matches the pattern, the translation must use the settled term, a
# pattern itself, and never a rejected one.
GLOSSARY = [
    # (English pattern, language, settled term, rejected terms)
    (r"\bmark(s|ed|ing)?\b.*\bto\b", "hi", "आवंटित", ["अंकित", "मार्क", "सौंप"]),
    (r"\bmark(s|ed|ing)?\b.*\bto\b", "ur", "سپرد", ["مارک"]),
    (r"\bescalat", "hi", "उच्च", ["विलंब पर", "एस्केलेशन"]),
    (r"\bescalat", "ur", "اعلیٰ|منتقلی", ["تاخیر پر", "ایسکلیشن"]),
    (r"\bmedian", "hi", "मध्य", ["माध्यिका"]),
    (r"\bmedian", "ur", "وسطانی", ["درمیانی"]),
    (r"\bseal", "hi", "गोपनीय", []),
    (r"\bseal", "ur", "خفیہ", ["مہر بند", "مخفی"]),
    (r"\bconfidential", "hi", "गोपनीय", ["गुप्त"]),
    (r"\bconfidential", "ur", "خفیہ", []),
    (r"\bE-tag", "hi", "ई-टैग", []),
    (r"\bE-tag", "ur", "ای ٹیگ", ["ای-ٹیگ"]),
    (r"\bjurisdiction", "hi", "क्षेत्राधिकार", ["अधिकार-क्षेत्र", "अधिकार क्षेत्र"]),
    (r"\bjurisdiction", "ur", "دائرہ اختیار", []),
    (r"\bdeadline", "hi", "समय-सीमा", ["अंतिम तिथि", "चूकी"]),
    (r"\bdeadline", "ur", "مہلت", ["آخری تاریخ", "چُوکی"]),
    (r"\bdue\b", "hi", "समय-सीमा", ["अंतिम तिथि"]),
    (r"\bdue\b", "ur", "مہلت", ["آخری تاریخ"]),
    (r"\benquir", "hi", "जाँच", []),
    (r"\benquir", "ur", "انکوائری", []),
    (r"\bfeedback", "hi", "प्रतिक्रिया", ["फ़ीडबैक"]),
    (r"\bfeedback", "ur", "رائے", ["فیڈبیک", "فیڈ بیک"]),
    (r"\bpolice station", "hi", "था", ["स्टेशन"]),
    (r"\bpolice station", "ur", "تھان", ["اسٹیشن"]),
    (r"\buser ?name", "hi", "उपयोगकर्ता नाम", ["यूज़र"]),
    (r"\buser ?name", "ur", "صارف نام", ["یوزر"]),
    (r"\bsupervis", "hi", "पर्यवेक्ष", []),
    (r"\bsupervis", "ur", "نگران", ["سپروائزر"]),
    (r"\badministrator", "hi", "प्रशासक", ["व्यवस्थापक", "एडमिनिस्ट्रेटर"]),
    (r"\badministrator", "ur", "منتظم", ["ایڈمنسٹریٹر"]),
    (r"\bevidence", "hi", "साक्ष्य", ["सबूत"]),
    (r"\bevidence", "ur", "ثبوت", ["شہادت"]),
    (r"\bauthenticator", "hi", "प्रमाणीकरण", ["ऑथेंटिकेटर"]),
    (r"\bauthenticator", "ur", "تصدیقی", ["آتھنٹیکیٹر"]),
    (r"\bratings?\b|\brate\b", "hi", "अंक", ["रेटिंग"]),
    (r"\bstatus\b(?!,)", "ur", "صورتحال", ["حیثیت"]),
    (r"\bdispos", "hi", "निस्तार", ["निपट"]),
    (r"\bmost wanted", "hi", "वांछित", ["मोस्ट वांटेड"]),
    (r"\bdelay ledger|\bLedger\b", "hi", "रजिस्टर", ["पंजी ", "बही"]),
    (r"\bharassment", "ur", "ہراسانی", ["ہراسگی"]),
    (r"\bservice centre", "ur", "خدمت مر(کز|اکز)", ["سروس سینٹر"]),
    (r"\bmissing child", "ur", "گمشدہ", ["لاپتہ"]),
    (r"\bupdates\b", "hi", "सूचना", ["अपडेट"]),
    (r"\bupdates\b", "ur", "اطلاع", ["اپ ڈیٹ"]),
    (r"\btracking\b", "hi", "", ["ट्रैकिंग"]),
    (r"\btracking\b", "ur", "", ["ٹریکنگ"]),
    (r"\btimeline\b", "ur", "", ["ٹائم لائن"]),
    (r"\bCNIC\b", "hi", "", ["सीएनआईसी"]),
    (r"\bworkspace\b", "ur", "", ["ورک اسپیس"]),
]


# The help text for basic phones is cut short on purpose in Urdu and Hindi: a
# Unicode SMS holds 70 characters, so it lists the keywords and little else.
TERSE = {
    "Send %(status_keyword)s for your complaint's status; %(info_keyword)s and details to add them; 1 and a "
    "rating 1-5 if satisfied with the resolution, 2 and why if not; %(appeal_keyword)s and why; "
    "%(complaint_keyword)s and what happened for a new complaint; %(stop_keyword)s or %(start_keyword)s "
    "for updates. Add the E-tag if you have several complaints.",
}


@pytest.mark.parametrize("pattern, lang, term, rejected", GLOSSARY, ids=[f"{g[1]}-{g[0]}" for g in GLOSSARY])
def test_one_term_for_each_idea(pattern, lang, term, rejected):
    english = re.compile(pattern, re.IGNORECASE)
    matched, wrong = 0, []
    for entry in catalogue(lang).values():
        text_en = PLACEHOLDER.sub("", entry.msgid + " " + (entry.msgid_plural or ""))
        if not english.search(text_en) or entry.msgid in TERSE:
            continue
        matched += 1
        for text in forms(entry):
            if not re.search(term, text) or any(r in text for r in rejected):
                wrong.append((entry.msgid, text))
    assert matched, f"no message matches {pattern!r}: the glossary entry is stale"
    assert not wrong, "\n".join(f"{m!r}\n    → {t!r}" for m, t in wrong)


# The native reader's corrections, message by message.
DECISIONS = [
    # (message, language, the translation must contain, must not contain)
    ("Mark to officer", "hi", "आवंटित करें", "अंकित"),
    ("Marked to me", "hi", "मुझे आवंटित", "अंकित"),
    ("Mark to officer", "ur", "افسر کے سپرد کریں", "مارک"),
    ("Marked to me", "ur", "میرے سپرد", "مارک"),
    ("Escalated to me", "ur", "اعلیٰ سطح پر میرے پاس آئی شکایات", "تاخیر"),
    ("Escalated to me", "hi", "उच्च स्तर पर मुझे भेजी गई शिकायतें", "विलंब"),
    ("Escalation level", "ur", "منتقلی کا درجہ", "ایسکلیشن"),
    ("Escalation level", "hi", "स्तर", "एस्केलेशन"),
    ("Seal my name", "ur", "میرا نام خفیہ رکھیں", "مہر"),
    ("Median time to first contact", "ur", "وسطانی", "درمیانی"),
    ("Median time to first contact", "hi", "मध्य (मीडियन) समय", "माध्यिका"),
    ("Median time to disposal", "hi", "मध्य (मीडियन) समय", "माध्यिका"),
    ("Not proved", "ur", "ثابت نہیں ہوا", "غیر ثابت"),
    ("Major-penalty proceedings", "hi", "दीर्घ दण्ड", "वृहद"),
    ("Minor-penalty proceedings", "hi", "लघु दण्ड", "दंड"),
    ("Censure", "hi", "परिनिन्दा", "निंदा"),
    ("%(span)s overdue", "hi", "%(span)s से विलंबित", "विलंब "),
    ("Police rank", "ur", "عہدہ", "درجہ بندی"),
    ("Police rank", "hi", "पद", "रैंक"),
]


@pytest.mark.parametrize("msgid, lang, wanted, unwanted", DECISIONS, ids=[f"{d[1]}-{d[0]}" for d in DECISIONS])
def test_native_readers_corrections(msgid, lang, wanted, unwanted):
    for text in translated(lang, msgid):
        assert wanted in text and unwanted not in text, text


@pytest.mark.parametrize("lang", ["ur", "hi"])
def test_the_officer_is_named_before_complaints_against(lang):
    """Urdu and Hindi put the name first ("X کے خلاف شکایات"), so the heading is
    one message with the name in it, not a fragment the page appends a name to."""
    assert "Complaints against" not in catalogue(lang)
    for text in translated(lang, "Complaints against %(name)s"):
        assert text.startswith("%(name)s "), text
