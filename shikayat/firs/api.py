"""Pulling FIRs from the force's FIR system's API: JSON pages ``{"results": [{...}, ...], "next": "<url>|null"}``
fetched with ``Authorization: Bearer <SHIKAYAT_FIR_API_TOKEN>``, each item's keys read as a file's columns with
the same mapping (mapping.py). All pages are fetched first (outside any transaction), then imported as one file:
all or nothing, item N reported as row N + 1 as if the items were a spreadsheet under its header."""

import json
import urllib.error
import urllib.request

from django.utils.translation import gettext as _

from shikayat.core.errors import InvalidInput
from shikayat.core.tables import Table

from . import conf, importing
from .mapping import Mapping
from .models import FirImportRun

MAX_PAGES = 1000
TIMEOUT = 30


class ApiError(InvalidInput):
    pass


def fetch(url: str, token: str) -> list[dict]:
    """Every item of every page, following "next"."""
    items, seen = [], set()
    while url and len(seen) < MAX_PAGES:
        if url in seen:
            raise ApiError(_("The FIR system's API sent the same page twice (%(url)s).") % {"url": url})
        seen.add(url)
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        request = urllib.request.Request(url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (a configured URL)
                body = json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise ApiError(_("The FIR system's API answered %(status)d at %(url)s.")
                           % {"status": error.code, "url": url}) from error
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise ApiError(_("The FIR system's API could not be read at %(url)s: %(error)s")
                           % {"url": url, "error": str(error)[:200]}) from error
        if not isinstance(body, dict) or not isinstance(body.get("results"), list):
            raise ApiError(_("The FIR system's API page has no “results” list (%(url)s).") % {"url": url})
        items += [item for item in body["results"] if isinstance(item, dict)]
        url = body.get("next") or ""
    return items


def as_table(items: list[dict], mapping: Mapping) -> Table:
    header = list(mapping.columns.values())
    lowered = [{" ".join(str(k).split()).casefold(): v for k, v in item.items()} for item in items]
    rows = [(number, ["" if (v := item.get(" ".join(c.split()).casefold())) is None else
                      (", ".join(map(str, v)) if isinstance(v, list) else v) for c in header])
            for number, item in enumerate(lowered, start=2)]
    return Table(header=header, rows=rows)


def pull(mapping: Mapping, *, url: str = "", token: str = "") -> FirImportRun:
    url = url or conf.get("SHIKAYAT_FIR_API_URL")
    token = token or conf.get("SHIKAYAT_FIR_API_TOKEN")
    if not url:
        raise ApiError(_("No FIR system API address: set SHIKAYAT_FIR_API_URL or give --url."))
    items = fetch(url, token)
    return importing.import_table(as_table(items, mapping), mapping, source="api", file_name=url)
