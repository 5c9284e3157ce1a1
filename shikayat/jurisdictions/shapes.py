"""The force's map as data: every active unit's area (district, circle, station …) and point, as a GeoJSON
FeatureCollection the browser draws without a tile server (web/static/web/map.js). Public data only: codes,
levels, names, rings and points — nothing about complaints or officers."""

import gzip
import hashlib
import json
from dataclasses import dataclass

from shikayat.core.refcache import reference

from .geometry import simplify_ring
from .models import Unit
from .selectors import unit_table

# Degrees a simplified ring may stray from the drawn one: about 100 m for the whole force's overview, about 10 m
# for one district's subtree.
OVERVIEW_TOLERANCE = 0.001
DETAIL_TOLERANCE = 0.0001


LANGUAGES = ("en", "ur", "hi")


@dataclass(frozen=True)
class Shapes:
    body: bytes  # the FeatureCollection as JSON
    gzipped: bytes  # the same, compressed once for every reader (a force's overview shrinks about fivefold)
    etag: str


def _feature(unit: Unit, leaves: set[int], parent_codes: dict[int, str], tolerance: float,
             languages: tuple[str, ...]) -> dict | None:
    point = [float(unit.lng), float(unit.lat)] if unit.lat is not None and unit.lng is not None else None
    if not unit.area and point is None:
        return None
    if unit.area:
        ring = simplify_ring(unit.area, tolerance)
        geometry = {"type": "Polygon", "coordinates": [ring + [ring[0]]]}  # GeoJSON closes its rings
    else:
        geometry = {"type": "Point", "coordinates": point}
    return {"type": "Feature", "id": unit.code, "geometry": geometry, "properties": {
        "code": unit.code, "level": unit.level.code, "depth": unit.level.depth, "parent": parent_codes.get(unit.pk),
        "station": unit.pk in leaves, "names": {lang: unit.in_language("name", lang) for lang in languages},
        "point": point, "approximate": bool(unit.area and unit.area_is_approximate)}}


def _load(within_code: str | None, languages: tuple[str, ...]) -> Shapes | None:
    table = unit_table()
    top = table.active_by_code.get(within_code) if within_code else None
    if within_code and top is None:
        return None
    units = [unit for unit in table.active_by_code.values() if top is None or unit.path.startswith(top.path)]
    units.sort(key=lambda unit: (unit.level.depth, unit.path))
    leaves = {unit.pk for unit in table.stations}
    parent_codes = {unit.pk: table.by_id[unit.parent_id].code for unit in units if unit.parent_id in table.by_id}
    tolerance = DETAIL_TOLERANCE if top is not None else OVERVIEW_TOLERANCE
    features = [feature for unit in units
                if (feature := _feature(unit, leaves, parent_codes, tolerance, languages))]
    collection = {"type": "FeatureCollection", "within": top.code if top else None,
                  "approximate": any(feature["properties"]["approximate"] for feature in features),
                  "features": features}
    body = json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()
    return Shapes(body=body, gzipped=gzip.compress(body, mtime=0),
                  etag=f'"{hashlib.sha256(body).hexdigest()[:32]}"')


def force_shapes(within_code: str | None = None, lang: str | None = None) -> Shapes | None:
    """The map of the whole force, or of the subtree under the unit `within_code` (None when no active unit has
    that code), with every unit's names in English, Urdu and Hindi — or, given `lang`, in that language only (a
    page's map needs no more). Cached with the unit tree (core.refcache: cleared on any save of a unit)."""
    languages = (lang,) if lang in LANGUAGES else LANGUAGES
    return reference.get(("map-shapes", within_code or None, languages),
                         lambda: _load(within_code or None, languages))
