"""The duplicate search's text functions (shikayat/similar/normalise.py): one form per letter, one Latin
skeleton for Urdu, Hindi and Roman Urdu, and pg_trgm's similarity."""

import pytest

from shikayat.similar.normalise import normalise, similarity, skeleton, trigrams


@pytest.mark.parametrize(("variant", "plain"), [
    ("كتاب", "کتاب"),  # Arabic kaf → Urdu kaf
    ("يوم", "یوم"),  # Arabic yeh → Farsi/Urdu yeh
    ("مدرسة", "مدرسہ"),  # teh marbuta → heh goal
    ("أمن", "امن"), ("إمام", "امام"), ("آج", "اج"), ("مؤذن", "موذن"),
    ("بَچّہ", "بچہ"),  # harakat removed
    ("پولیـــس", "پولیس"),  # tatweel removed
    ("ज़मीन", "जमीन"), ("क़ब्ज़ा", "कब्जा"), ("फ़ोन", "फोन"), ("लड़का", "लडका"),  # nukta dropped
    ("\u0915\u093c", "क"),  # क + combining nukta
    ("٣٤ ۵۶ ४५", "34 56 45"),  # digits of every script
    ("  Two   SPACES ", "two spaces"),
])
def test_normalise_folds_variants(variant, plain):
    assert normalise(variant) == normalise(plain)


def test_normalise_keeps_digits_in_ascii():
    assert normalise("موبائل ۰۳۰۰") == "موبایل 0300"  # hamza on yeh folded too


@pytest.mark.parametrize("told", ["شکایت", "शिकायत", "shikayat", "Shikaayat", "SHIKAYAT"])
def test_one_word_in_three_scripts_has_one_skeleton(told):
    assert skeleton(told) == "skt"


def test_an_urdu_text_and_its_roman_urdu_and_hindi_retellings_meet():
    urdu = "میرے گھر سے موٹر سائیکل چوری ہو گئی ہے"
    roman = "mere ghar se motor cycle chori ho gayi hai"
    hindi = "मेरे घर से मोटर साइकिल चोरी हो गई है"
    assert skeleton(urdu) == skeleton(roman) == skeleton(hindi)
    assert similarity(skeleton(urdu), skeleton("meray ghar say motor saikal chori hogai")) > 0.5


def test_hindi_with_and_without_nukta_and_nasal_marks_meet():
    assert skeleton("ज़मीन पर क़ब्ज़ा कर लिया गया हैं") == skeleton("जमीन पर कब्जा कर लिया गया हैँ")
    assert skeleton("ज़मीन पर क़ब्ज़ा") == skeleton("zameen par qabza") == skeleton("زمین پر قبضہ")


def test_unrelated_texts_score_low():
    stolen = skeleton("mere ghar se motor cycle chori ho gayi hai")
    noise = skeleton("Loud music at a wedding hall every night after midnight")
    assert similarity(stolen, noise) < 0.2


def test_similarity_is_pg_trgm_measure():
    assert trigrams("cat") == frozenset({"  c", " ca", "cat", "at "})
    assert similarity("cat", "cat") == 1.0
    assert similarity("", "cat") == 0.0
    assert similarity("word", "words") == pytest.approx(4 / 7)
