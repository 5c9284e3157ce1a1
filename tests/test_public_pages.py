"""Public pages: services, helplines, the offices directory, privacy — in
three languages, light enough for a cheap phone."""

import pytest
from django.core.management import call_command

from shikayat.information.models import Helpline


@pytest.fixture
def helplines(db):
    Helpline.objects.create(number="8787", name_en="IG complaint centre", name_ur="آئی جی شکایت سینٹر",
                            name_hi="आईजी शिकायत केंद्र")


@pytest.mark.parametrize("lang, text", [("en", "IG complaint centre"), ("ur", "آئی جی شکایت سینٹر"),
                                        ("hi", "आईजी शिकायत केंद्र")])
def test_home_lists_services_and_helplines_in_each_language(client, helplines, lang, text):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert text in page and 'href="tel:8787"' in page and "/lodge/" in page


def test_offices_directory_comes_from_the_unit_tree(client, force):
    page = client.get("/offices/", {"district": "DA"}).content.decode()
    assert "Sa1" in page and "Ca" in page and "Sb1" not in page


def test_privacy_notice_in_urdu(client, db):
    assert "رازداری" in client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="ur").content.decode()


@pytest.mark.parametrize("url", ["/", "/track/", "/privacy/", "/offices/?district=PB-LHR"])
def test_citizen_pages_are_light(client, db, url):
    call_command("load_demo", complaints=0, verbosity=0)
    response = client.get(url)
    from pathlib import Path

    css = sum(Path(f"shikayat/web/static/web/{name}").stat().st_size for name in ("site.css", "fonts.css"))
    assert response.status_code == 200 and len(response.content) + css < 100_000


def test_lodge_form_with_the_whole_punjab_force_is_light(client, db):
    from .test_citizen_pages import verify

    call_command("load_demo", complaints=0, verbosity=0)
    verify(client)
    response = client.get("/lodge/")
    assert response.status_code == 200 and len(response.content) < 80_000
