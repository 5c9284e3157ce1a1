"""Well-known GeoReport v2 clients from PyPI against a real server (pytest-django's live_server, a real HTTP
server in a thread): Code for America's `open311` 1.1 lists the services, posts a request, reads it back and
follows a token; `georeport` 0.3.1 (read-only, Python 3) lists the services and reads a service definition.

open311 1.1 is a Python 2 package (2011): its modules import each other as top-level names (`from api import
API`, `from xml2dict import xml2dict`), its XML reader calls Element.getchildren() (gone since Python 3.9), it
POSTs a str body (Python 3's urlopen wants bytes), and its service_list() and service_requests() read only XML.
So `cfa_open311()` below loads its files with their own folders on sys.path, replaces the XML reader through the
hook the library documents for it (`_xml_to_dict`: "Developers can overwrite this method to use their favorite
XML parser"), here with xmltodict (georeport's dependency), and encodes the POST body. Its service_definition()
asks for `service/{code}` where the spec has `services/{code}`, so the definition is read with georeport.
Nothing else of either library is changed."""

import importlib
import importlib.util
import sys
import types
import urllib.request
from pathlib import Path

import pytest
import requests
import xmltodict
from georeport import GeoReport

from shikayat.complaints.models import Complaint
from shikayat.integrations.keys import issue_key
from shikayat.integrations.models import Integrator
from shikayat.open311 import review
from shikayat.open311.models import Open311Request

from .test_open311 import VEHICLE, with_vehicle_theft

pytestmark = pytest.mark.django_db(transaction=True)  # the live server's thread reads what the test wrote
JURISDICTION = "127.0.0.1"  # the host of SHIKAYAT["PUBLIC_URL"] in the test settings


def cfa_open311():
    """Code for America's Open311 class, loaded from the installed open311 1.1 package (see the module's
    docstring for what is shimmed and why)."""
    root = Path(importlib.util.find_spec("open311").submodule_search_locations[0])
    added = [str(root / "api"), str(root / "api" / "xml2dict")]  # the `xml2dict` package, the `object_dict` module
    sys.path[:0] = added
    package = types.ModuleType("api")  # its api/__init__.py imports itself by name: the package is built here
    package.__path__ = [str(root / "api")]
    sys.modules["api"] = package
    try:
        api = importlib.import_module("api.api")
        package.API, package.urlopen, package.urlencode = api.API, api.urlopen, api.urlencode
        spec = importlib.util.spec_from_file_location("cfa_open311", root / "open311.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        for path in added:
            sys.path.remove(path)
        for name in ("api", "api.api", "xml2dict", "xml2dict.xml2dict", "xml2dict.object_dict", "object_dict"):
            sys.modules.pop(name, None)

    def urlopen(url, data=None):  # Python 3: a POST body is bytes
        return urllib.request.urlopen(url, data.encode("utf-8") if isinstance(data, str) else data)

    module.urlopen = urlopen

    class Open311(module.Open311):
        def _xml_to_dict(self, xml):
            return xmltodict.parse(xml)

    return Open311


@pytest.fixture
def services(force):
    return with_vehicle_theft(force)


@pytest.fixture
def city_app(services):
    integrator = Integrator.objects.create(name="Lahore city app", rate_per_minute=1000)
    return integrator, issue_key(integrator)


def client_for(live_server, key: str, fmt: str):
    client = cfa_open311()(endpoint=f"{live_server.url}/open311/v2", api_key=key, jurisdiction=JURISDICTION,
                           format=fmt)
    client.required_params = {"api_key": key}  # every GET carries the key (the library's own hook for it)
    return client


def posted_row(answer, fmt: str) -> dict:
    return answer[0] if fmt == "json" else answer["service_requests"]["request"]


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_the_open311_client_lists_posts_and_reads_back(live_server, city_app, fmt):
    _integrator, key = city_app
    client = client_for(live_server, key, fmt)

    # service_list() asks for services.xml whatever the format and both it and service_requests() dig into the
    # XML's <services> / <service_requests>: with format="json" they fail on the library's side, so the lists are
    # read by an XML client of the same library.
    lists = client_for(live_server, key, "xml")
    listed_services = lists.service_list()
    answer = client.post_service_request(**VEHICLE)
    etag = posted_row(answer, fmt)["service_request_id"]
    read = client.get_service_request(etag)
    listed = lists.service_requests(service_code="VEHICLE-THEFT")

    assert [s["service_code"] for s in listed_services] == ["THEFT", "VEHICLE-THEFT"]
    complaint = Complaint.objects.get(channel="open311")
    assert etag == complaint.etag_display and "Registration number: LEA-1234" in complaint.description
    row = read[0] if fmt == "json" else read["service_requests"]["request"]
    assert row["service_request_id"] == etag and row["status"] == "open"
    assert row["service_code"] == "VEHICLE-THEFT" and row["description"] == complaint.description
    listed = listed if isinstance(listed, list) else [listed]  # xmltodict gives one <request> as a dict
    assert [r["service_request_id"] for r in listed] == [etag]


def test_the_open311_client_follows_a_token_to_the_complaint(live_server, city_app, services):
    integrator, key = city_app
    Integrator.objects.filter(pk=integrator.pk).update(review_first=True)
    client = client_for(live_server, key, "xml")

    token = posted_row(client.post_service_request(**VEHICLE), "xml")["token"]
    waiting = client.request_id_from_token(token)
    review.accept(Open311Request.objects.get(token=token).pk, actor=services.officers["cell_A"])
    accepted = client.request_id_from_token(token)

    assert waiting["token"] == token and not waiting["service_request_id"]
    assert accepted["service_request_id"] == Complaint.objects.get().etag_display


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_lists_services_and_reads_a_definition_but_no_requests_without_a_key(live_server, services,
                                                                                     fmt):
    client = GeoReport(f"{live_server.url}/open311/v2", jurisdiction=JURISDICTION, output_format=fmt)

    listed = client.get_service_list()
    definition = client.get_service_definition("VEHICLE-THEFT")

    assert [s["service_code"] for s in listed] == ["THEFT", "VEHICLE-THEFT"]
    attributes = definition["attributes"] if fmt == "json" else definition["attributes"]["attribute"]
    assert [a["code"] for a in attributes][:2] == ["registration_number", "make"]
    # georeport sends no api_key when reading requests: our /open311/v2/requests fails closed.
    with pytest.raises(requests.HTTPError) as refused:
        client.get_service_requests()
    assert refused.value.response.status_code == 403
