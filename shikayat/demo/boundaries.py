"""The demo forces' approximate areas (data/boundaries.py): police stations' and circles' rings drawn from the
stations' points inside a district's outline, computed when the force is loaded (a few milliseconds)."""

from shikayat.jurisdictions.geometry import nearest_point_cells, union_outline

from .data.boundaries import DISTRICT_OUTLINES


def _find(node: dict, code: str) -> dict | None:
    if node["code"] == code:
        return node
    for child in node.get("children") or []:
        found = _find(child, code)
        if found is not None:
            return found
    return None


def approximate_areas(tree: dict) -> dict[str, list[list[float]]]:
    """Unit code → ring for every outlined district of `tree`, its circles and their police stations (the level
    two below the district). Units below a station (Rampur's outposts and beats) keep their own areas."""
    areas = {}
    for district_code, outline in DISTRICT_OUTLINES.items():
        district = _find(tree, district_code)
        if district is None:
            continue
        areas[district_code] = [list(point) for point in outline]
        circles = district.get("children") or []
        stations = {station["code"]: (station["lat"], station["lng"])
                    for circle in circles for station in circle.get("children") or []}
        cells = nearest_point_cells(stations, outline)
        areas.update(cells)
        for circle in circles:
            rings = [cells[station["code"]] for station in circle.get("children") or [] if station["code"] in cells]
            outline_of_circle = union_outline(rings)
            if outline_of_circle:
                areas[circle["code"]] = outline_of_circle
    return areas
