"""What the demo shows citizens — missing-child alerts, service centres and their hours, services and their
documents, helplines, information topics, most wanted, units — is written in English, Urdu and Hindi."""

import re

import pytest

from shikayat.demo import force as demo
from shikayat.information.models import Helpline, InfoTopic, MissingChildAlert, MostWanted
from shikayat.jurisdictions.models import Unit
from shikayat.services.models import RequiredDocument, Service, ServiceCentre

URDU = re.compile(r"[\u0600-\u06FF]")
HINDI = re.compile(r"[\u0900-\u097F]")
SHOWN = [MissingChildAlert, ServiceCentre, Service, RequiredDocument, Helpline, InfoTopic, MostWanted, Unit]


def untranslated(row) -> list[str]:
    """Each text of the row that has Urdu and Hindi columns but lacks a real Urdu or Hindi one."""
    names = {field.name for field in row._meta.get_fields() if hasattr(field, "attname")}
    missing = []
    for name in names:
        if not name.endswith("_ur"):
            continue
        base = name[:-3]
        original = getattr(row, f"{base}_en", None) if f"{base}_en" in names else getattr(row, base, None)
        if not original:
            continue
        if not URDU.search(getattr(row, name) or ""):
            missing.append(f"{type(row).__name__} {row.pk} {name}")
        if not HINDI.search(getattr(row, f"{base}_hi") or ""):
            missing.append(f"{type(row).__name__} {row.pk} {base}_hi")
    return missing


@pytest.fixture(params=["punjab", "rampur"])
def demo_data(request, db):
    units = demo.load_units(request.param)
    demo.load_helplines(request.param)
    demo.load_information(request.param)
    demo.load_services(units)
    return request.param


def test_every_text_the_demo_shows_citizens_is_in_urdu_and_hindi(demo_data):
    assert MissingChildAlert.objects.exists() and ServiceCentre.objects.filter(kind="van").exists()
    missing = [problem for model in SHOWN for row in model.objects.all() for problem in untranslated(row)]
    assert missing == []


def test_the_demo_alerts_and_service_hours_read_in_the_pages_language(client, demo_data):
    alert = MissingChildAlert.objects.order_by("pk").first()
    centre = ServiceCentre.objects.order_by("pk").first()
    for lang in ("ur", "hi"):
        alerts = client.get("/missing-children/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        assert getattr(alert, f"name_{lang}") in alerts and getattr(alert, f"last_seen_place_{lang}") in alerts
        services = client.get("/services/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        assert getattr(centre, f"opening_hours_{lang}") in services
    english = client.get("/missing-children/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert alert.name in english and alert.name_ur not in english
