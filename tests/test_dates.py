"""Dates read day first and times on the 24-hour clock in English, Urdu and Hindi, on pages, slips and
messages; in Urdu they (and English names) are isolated so that the sentence does not reorder them."""

from datetime import UTC, date, datetime

import pytest
from django.template import engines
from django.utils import timezone, translation

from shikayat.accounts.models import Rank
from shikayat.accounts.ranks import shown_actor
from shikayat.complaints import actions
from shikayat.core import dates
from shikayat.notifications.messages import render

# 16:05 UTC is 21:05 in Karachi (TIME_ZONE); 20:30 UTC is already the next day there.
EVENING = datetime(2026, 12, 4, 16, 5, tzinfo=UTC)
AFTER_MIDNIGHT = datetime(2026, 12, 4, 20, 30, tzinfo=UTC)


def shown(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize("lang", ["en", "ur", "hi"])
def test_a_known_moment_reads_day_month_year_and_24_hours_in_every_language(lang):
    with translation.override(lang):
        assert shown("{{ v|when }}", v=EVENING) \
            == '<time datetime="2026-12-04T21:05+05:00" dir="ltr">04/12/2026 21:05</time>'
        assert shown("{{ v|day }}", v=EVENING) == '<time datetime="2026-12-04" dir="ltr">04/12/2026</time>'
        assert shown("{{ v|day }}", v=date(2026, 1, 9)) == '<time datetime="2026-01-09" dir="ltr">09/01/2026</time>'
        assert shown("{{ v|when }}", v=AFTER_MIDNIGHT).endswith(">05/12/2026 01:30</time>")  # the local day
        # Django's own names (admin, any template still using them) say the same.
        assert shown('{{ v|date:"DATETIME_FORMAT" }} · {{ v|date:"SHORT_DATE_FORMAT" }}', v=EVENING) \
            == "04/12/2026 21:05 · 04/12/2026"


def test_an_empty_date_shows_nothing_so_a_default_can_stand_in():
    assert shown('{{ v|when|default:"—" }}{{ v|day }}', v=None) == "—"


def test_the_citizen_status_page_in_urdu_and_hindi_shows_day_first_dates_isolated(client, force, new_complaint):
    complaint = new_complaint()
    received = timezone.localtime(complaint.received_at).strftime("%d/%m/%Y %H:%M")
    for lang in ("ur", "hi", "en"):
        page = client.post("/track/", {"etag": complaint.etag_display, "mobile": "03001234567"}, follow=True,
                           HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        assert f'<html lang="{lang}"' in page
        assert f'dir="ltr">{received}</time>' in page
        assert ">" + timezone.localtime(complaint.received_at).strftime("%Y-%m-%d") not in page  # as text


def test_officer_pages_and_list_show_the_same_day_first_stamp(client, force, new_complaint):
    complaint = new_complaint()
    received = timezone.localtime(complaint.received_at).strftime("%d/%m/%Y %H:%M")
    client.force_login(force.officers["cell_A"])
    listing = client.get("/officer/complaints/", HTTP_ACCEPT_LANGUAGE="ur").content.decode()
    detail = client.get(f"/officer/complaints/{complaint.etag}/", HTTP_ACCEPT_LANGUAGE="ur").content.decode()
    assert f'<time dir="ltr">{received}</time>' in listing
    assert f'dir="ltr">{received}</time>' in detail


def test_officer_messages_give_the_deadline_day_first_and_isolate_it_in_urdu():
    context = {"etag": "K7QM-4XZ2", "category": "چوری", "unit": "تھانہ ماڈل ٹاؤن", "due": "04/12/2026 21:05",
               "url": "https://shikayat.example/officer/complaints/K7QM4XZ2/"}
    urdu = render("contact_due_soon", "ur", context)
    assert "\u206804/12/2026 21:05\u2069" in urdu and "\u2068K7QM-4XZ2\u2069" in urdu
    assert "\u2068https" not in urdu and urdu.endswith(context["url"])  # links stay plain
    assert "\u2068چوری" not in urdu  # Urdu words need no setting apart from Urdu
    for lang in ("en", "hi"):
        assert "\u2068" not in render("contact_due_soon", lang, context)


@pytest.mark.parametrize("lang", ["ur", "hi"])
def test_a_rank_written_in_english_on_the_timeline_reads_in_the_readers_language(lang):
    with translation.override(lang):
        urdu_or_hindi = str(Rank.SI.label)
        assert urdu_or_hindi != "Sub-Inspector"
        assert shown_actor("Ali Khan (Sub-Inspector)") == f"Ali Khan ({urdu_or_hindi})"
        with translation.override("en"):
            sdpo = str(Rank.SDPO.label)
        assert shown_actor(f"Bilal Ahmed ({sdpo})") == f"Bilal Ahmed ({Rank.SDPO.label})"
        citizen = translation.gettext("citizen")
        assert citizen != "citizen" and shown_actor("citizen +923001234567") == f"{citizen} +923001234567"
        assert shown_actor("system") == translation.gettext("the system (automatic)") != "the system (automatic)"


def test_what_people_typed_takes_its_own_direction_on_the_officer_page(client, force, new_complaint):
    """An English note on an Urdu page keeps its full stop at the end (unicode-bidi: plaintext on .user-text)."""
    complaint = new_complaint()
    actions.add_note(complaint, actor=force.officers["cell_A"], text="Spoke to the complainant.")
    client.force_login(force.officers["cell_A"])
    page = client.get(f"/officer/complaints/{complaint.etag}/", HTTP_ACCEPT_LANGUAGE="ur").content.decode()
    assert f'<p class="user-text">{complaint.description}' in page
    assert '<span class="user-text">Spoke to the complainant.</span>' in page


def test_the_officer_timeline_in_urdu_names_ranks_in_urdu(client, force, new_complaint):
    o = force.officers
    complaint = actions.assign(new_complaint(), actor=o["dpo_A"], officer=o["sho_A"])  # written in English
    assert complaint.events.filter(actor_label__endswith=f"({o['dpo_A'].get_rank_display()})").exists()
    client.force_login(o["dpo_A"])
    page = client.get(f"/officer/complaints/{complaint.etag}/", HTTP_ACCEPT_LANGUAGE="ur").content.decode()
    with translation.override("ur"):
        urdu_rank = str(Rank(o["dpo_A"].rank).label)
    with translation.override("en"):
        english_rank = str(Rank(o["dpo_A"].rank).label)
    timeline = page[page.index('class="timeline"'):]
    assert f"({urdu_rank})" in timeline and f"({english_rank})" not in timeline
    assert f"{o['dpo_A'].get_full_name() or o['dpo_A'].username} ({urdu_rank})</bdi>" in timeline  # set apart


def test_a_date_written_into_an_urdu_text_is_isolated_and_only_there():
    from shikayat.core import dates

    with translation.override("ur"):
        assert dates.isolate(dates.stamp(EVENING)) == "\u206804/12/2026 21:05\u2069"
        assert dates.isolate(dates.date_only(None)) == ""
    for lang in ("en", "hi"):
        with translation.override(lang):
            assert dates.isolate(dates.date_only(EVENING)) == "04/12/2026"


@pytest.mark.parametrize("lang", ["en", "ur", "hi"])
def test_the_quick_formatter_writes_what_the_language_formats_say(lang):
    """core.dates writes with strftime for speed; Django's own formats (config/formats) must say the same."""
    from django.utils import formats

    moment = timezone.make_aware(datetime(2026, 12, 4, 21, 5), timezone.get_default_timezone())
    with translation.override(lang):
        assert dates.stamp(moment) == formats.date_format(moment, "DATETIME_FORMAT") == "04/12/2026 21:05"
        assert dates.date_only(moment) == formats.date_format(moment.date(), "DATE_FORMAT") == "04/12/2026"
