"""Every citizen- and officer-facing string is translated into Urdu and
Hindi, and the compiled catalogues match their sources."""

from pathlib import Path

import polib
import pytest
from django.utils import translation

from shikayat.complaints.workflow import Status

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize("lang", ["ur", "hi"])
def test_catalogue_is_complete_and_compiled(lang):
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    assert not po.untranslated_entries() and not po.fuzzy_entries()
    mo = polib.mofile(str(LOCALE / lang / "LC_MESSAGES" / "django.mo"))
    current = [e for e in po if not e.obsolete]
    assert {e.msgid: e.msgstr for e in current} == {e.msgid: e.msgstr for e in mo if e.msgid}


@pytest.mark.parametrize("lang, script", [("ur", "\u0600"), ("hi", "\u0900")])
def test_statuses_render_in_the_language_script(lang, script):
    with translation.override(lang):
        for status in Status:
            label = str(status.label)
            assert any(script <= ch <= chr(ord(script) + 0xFF) for ch in label), label
