"""GeoReport v2 answers: the same rows as JSON or as XML (ElementTree, so every text is escaped), UTF-8 with the
spec's content types, and errors as its arrays of {code, description}."""

import json
from xml.etree import ElementTree

from django.http import HttpResponse

DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# XML names each repeated element after its container: <services><service>, <service_requests><request>,
# <attributes><attribute>, <values><value>, <errors><error>.
ITEM = {"services": "service", "service_requests": "request", "attributes": "attribute", "values": "value",
        "errors": "error"}


class Open311Error(Exception):
    """An answer of the spec's error array: one status, one or more descriptions (already translated)."""

    def __init__(self, status: int, *descriptions: str, allow: str = ""):
        self.status, self.allow = status, allow  # allow: the methods a 405 names
        self.descriptions = [str(d) for d in descriptions]
        super().__init__("; ".join(self.descriptions))


def about(parameter: str, message: str) -> str:
    """An error's description naming the parameter as the client sent it (never translated)."""
    return f"{parameter}: {message}"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _element(parent: ElementTree.Element, name: str, value) -> None:
    child = ElementTree.SubElement(parent, name)
    if isinstance(value, dict):
        for key, inner in value.items():
            _element(child, key, inner)
    elif isinstance(value, list):
        for inner in value:
            _element(child, ITEM[name], inner)
    else:
        child.text = _text(value)


def xml_document(root: str, rows) -> bytes:
    """<root><item>…</item>…</root> for a list of rows, or <root>…</root> for one dict (service_definition)."""
    top = ElementTree.Element(root)
    if isinstance(rows, dict):
        for key, value in rows.items():
            _element(top, key, value)
    else:
        for row in rows:
            _element(top, ITEM[root], row)
    # The declaration as the spec writes it (ElementTree's own reads encoding='utf-8', in single quotes).
    return DECLARATION + ElementTree.tostring(top, encoding="unicode").encode("utf-8")


def answer(fmt: str, root: str, rows, status: int = 200) -> HttpResponse:
    """`rows` (a list, or the service definition's dict) in `fmt`: JSON as it is, XML under `root`."""
    if fmt == "xml":
        body = xml_document(root, rows)
    else:
        fmt, body = "json", json.dumps(rows, ensure_ascii=False).encode("utf-8")
    return HttpResponse(body, status=status, content_type=FORMATS[fmt])


def error(fmt: str, problem: Open311Error) -> HttpResponse:
    rows = [{"code": problem.status, "description": text} for text in problem.descriptions]
    response = answer(fmt if fmt in FORMATS else "json", "errors", rows, status=problem.status)
    if problem.allow:
        response["Allow"] = problem.allow
    return response
