"""Open SOS alerts on the force's map: the layer's data endpoint answers each officer with the alerts at stations
in his call-centre scope only (the console's rule; alerts with no station stay on the console), with a point or
listed as having none, and never the citizen's number; the dashboard's map carries the layer only for such
officers, and the console links each located alarm to the map centred on it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from shikayat.accounts.models import Rank, Role
from shikayat.sos.models import SosAlert

from .factories import officer

URL = "/officer/sos/map/alerts/"


def alert(station, *, lat=None, lng=None, minutes_ago=5, acknowledged=False, **fields) -> SosAlert:
    at = timezone.now() - timedelta(minutes=minutes_ago)
    return SosAlert.objects.create(
        wa_id="923001234567", phone="+923001234567", station=station,
        station_source="location" if lat else "last_known",
        lat=Decimal(str(lat)) if lat is not None else None, lng=Decimal(str(lng)) if lng is not None else None,
        located_at=at if lat is not None else None, raised_at=at, last_trigger_at=at,
        acknowledged_at=at if acknowledged else None, **fields)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alerts(force):
    u = force.units
    return {"a_located": alert(u["sA1"], lat=31.501, lng=74.301),
            "a_unlocated": alert(u["sA2"], minutes_ago=3),
            "b_located": alert(u["sB1"], lat=30.201, lng=71.401),
            "no_station": alert(None, lat=31.0, lng=73.0),
            "acknowledged": alert(u["sA1"], lat=31.502, lng=74.302, acknowledged=True),
            "yesterday": alert(u["sA1"], lat=31.503, lng=74.303, minutes_ago=25 * 60)}


def ids(answer: dict, key: str) -> set[int]:
    return {row["id"] for row in answer[key]}


@pytest.mark.django_db
def test_an_officer_of_another_district_does_not_get_the_alert(force, alerts):
    a = signed_in(force.officers["cell_A"]).get(URL).json()
    b = signed_in(force.officers["cell_B"]).get(URL).json()

    assert ids(a, "alerts") == {alerts["a_located"].pk} and ids(a, "no_location") == {alerts["a_unlocated"].pk}
    assert ids(b, "alerts") == {alerts["b_located"].pk} and b["no_location"] == []
    # Asking for the other district's unit does not widen the scope: nothing there is his.
    assert signed_in(force.officers["cell_B"]).get(URL, {"unit": "DA"}).json() == {"alerts": [], "no_location": []}


@pytest.mark.django_db
def test_the_province_call_centre_sees_every_station_but_not_alerts_with_no_station(force, alerts):
    answer = signed_in(force.officers["agent"]).get(URL).json()
    assert ids(answer, "alerts") == {alerts["a_located"].pk, alerts["b_located"].pk}
    assert ids(answer, "no_location") == {alerts["a_unlocated"].pk}
    within = signed_in(force.officers["agent"]).get(URL, {"unit": "DB"}).json()
    assert ids(within, "alerts") == {alerts["b_located"].pk} and within["no_location"] == []


@pytest.mark.django_db
def test_officers_without_a_call_centre_posting_get_nothing(force, alerts):
    for name in ("dpo_A", "sho_A", "desk_A", "acc_A"):
        assert signed_in(force.officers[name]).get(URL).status_code == 403
    assert Client().get(URL).status_code == 302  # to sign in
    assert signed_in(force.officers["cell_A"]).get(URL, {"unit": "NOPE"}).status_code == 404


@pytest.mark.django_db
def test_the_layers_rows_say_where_which_station_and_since_when_and_not_the_number(force, alerts):
    response = signed_in(force.officers["cell_A"]).get(URL)
    located, unlocated = response.json()["alerts"][0], response.json()["no_location"][0]
    raised = timezone.localtime(alerts["a_located"].raised_at)

    assert located == {"id": alerts["a_located"].pk, "station": force.units["sA1"].name_in(),
                       "raised_at": alerts["a_located"].raised_at.isoformat(), "raised": f"{raised:%H:%M}",
                       "triggers": 1, "lat": 31.501, "lng": 74.301, "live": True}
    assert (unlocated["lat"], unlocated["lng"], unlocated["station"]) == (None, None, force.units["sA2"].name_in())
    assert "923001234567" not in response.content.decode()
    assert response["Cache-Control"] == "private, no-cache"


@pytest.mark.django_db
def test_the_poll_is_answered_304_until_an_alert_changes(force, alerts):
    client = signed_in(force.officers["cell_A"])
    first = client.get(URL)
    assert client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    SosAlert.objects.filter(pk=alerts["a_located"].pk).update(acknowledged_at=timezone.now(), version=2)
    after = client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after.json()["alerts"] == []


@pytest.mark.django_db
def test_the_dashboards_map_carries_the_layer_only_for_officers_with_a_call_centre_scope(force, alerts):
    cell = signed_in(force.officers["cell_A"]).get("/officer/dashboard/", {"unit": "DA"})
    dpo = signed_in(force.officers["dpo_A"]).get("/officer/dashboard/", {"unit": "DA"})
    assert cell.status_code == dpo.status_code == 200
    assert 'class="sos-layer"' in cell.content.decode() and f'data-url="{URL}?unit=DA"' in cell.content.decode()
    assert "sos-layer" not in dpo.content.decode() and "sos/map.js" not in dpo.content.decode()


@pytest.mark.django_db
def test_the_console_opens_the_map_centred_on_an_alert(force, alerts):
    console = signed_in(force.officers["agent"]).get("/officer/call-centre/").content.decode()
    assert 'data-map-page="/officer/sos/map/"' in console
    page = signed_in(force.officers["agent"]).get("/officer/sos/map/", {"alert": alerts["a_located"].pk})
    body = page.content.decode()
    assert page.status_code == 200 and f'data-focus-alert="{alerts["a_located"].pk}"' in body
    assert "/map/shapes/?within=PB" in body and "<script>" not in body and "style=" not in body
    assert signed_in(force.officers["dpo_A"]).get("/officer/sos/map/").status_code == 403


@pytest.mark.django_db
def test_the_map_page_ignores_a_focus_that_is_no_number(force):
    page = signed_in(force.officers["agent"]).get("/officer/sos/map/", {"alert": "1 onerror=x"})
    assert page.status_code == 200 and "data-focus-alert" not in page.content.decode()


@pytest.mark.django_db
def test_a_second_posting_in_another_district_adds_its_alerts(force, alerts):
    both = officer("cell_AB", Rank.SI, [(force.units["dA"], Role.COMPLAINT_CELL),
                                        (force.units["sB1"], Role.CALL_CENTRE)])
    answer = signed_in(both).get(URL).json()
    assert ids(answer, "alerts") == {alerts["a_located"].pk, alerts["b_located"].pk}


# --- the dashboards' figures ----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_dashboard_counts_the_alerts_raised_and_acknowledged_in_time_in_its_subtree_and_period(force, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "SOS_ACKNOWLEDGE_MINUTES": 2}
    u = force.units
    alert(u["sA1"], lat=31.5, lng=74.3, minutes_ago=30, acknowledged=True)  # at once
    late = alert(u["sA2"], minutes_ago=60)
    SosAlert.objects.filter(pk=late.pk).update(acknowledged_at=late.raised_at + timedelta(minutes=9))
    alert(u["sA1"], minutes_ago=3)  # nobody yet
    alert(u["sA1"], minutes_ago=8 * 24 * 60, acknowledged=True)  # before a 7-day period
    alert(u["sB1"], minutes_ago=10, acknowledged=True)  # the other district
    alert(None, minutes_ago=10)  # no station: no unit's

    page = signed_in(force.officers["dpo_A"]).get("/officer/dashboard/", {"unit": "DA", "days": 7})
    figures = page.context["sos"]

    assert (figures.raised, figures.acknowledged, figures.within, figures.unacknowledged) == (3, 2, 1, 1)
    assert figures.within_rate == 33.3
    body = page.content.decode()
    assert "3 raised" in body and "1 acknowledged within 2 minutes (33.3%)" in body and "1 not acknowledged" in body
    month = signed_in(force.officers["dpo_A"]).get("/officer/dashboard/", {"unit": "DA", "days": 30}).context["sos"]
    assert (month.raised, month.within) == (4, 2)
    province = signed_in(force.officers["igp"]).get("/officer/dashboard/", {"unit": "PB", "days": 7}).context["sos"]
    assert province.raised == 4


@pytest.mark.django_db
def test_the_poll_is_answered_again_when_a_live_location_has_ended(force, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "SOS_LIVE_MINUTES": 10}
    live = alert(force.units["sA1"], lat=31.5, lng=74.3, minutes_ago=2)
    client = signed_in(force.officers["cell_A"])
    first = client.get(URL)
    assert first.json()["alerts"][0]["live"] is True
    SosAlert.objects.filter(pk=live.pk).update(located_at=timezone.now() - timedelta(minutes=11))  # no new point
    after = client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after.json()["alerts"][0]["live"] is False
