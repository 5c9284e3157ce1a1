"""Plane geometry on rings [[lng, lat], …] (the shape of Unit.area): simplifying a ring for the map's overview,
and drawing approximate areas from station points (the demo's boundaries). Pure functions, no database."""

import math

Ring = list[list[float]]


def _drop_closing_point(ring: Ring) -> Ring:
    return ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring


def _distance_to_segment(point, start, end) -> float:
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def _douglas_peucker(points: Ring, tolerance: float) -> Ring:
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        far, index = 0.0, None
        for i in range(first + 1, last):
            distance = _distance_to_segment(points[i], points[first], points[last])
            if distance > far:
                far, index = distance, i
        if index is not None and far > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def simplify_ring(ring: Ring, tolerance: float) -> Ring:
    """The ring with the points that lie within `tolerance` (degrees) of the line through their neighbours left out
    (Douglas–Peucker, the ring cut at its first point and at the point farthest from it). Open, like Unit.area:
    never fewer than three points — a ring that would collapse is returned unchanged."""
    points = _drop_closing_point(ring)
    if tolerance <= 0 or len(points) <= 3:
        return [list(point) for point in points]
    far = max(range(len(points)), key=lambda i: math.dist(points[0], points[i]))
    simplified = (_douglas_peucker(points[:far + 1], tolerance)[:-1]
                  + _douglas_peucker(points[far:] + [points[0]], tolerance)[:-1])
    if len(simplified) < 3 or abs(signed_area(simplified)) == 0:
        return [list(point) for point in points]
    return [list(point) for point in simplified]


def signed_area(ring: Ring) -> float:
    """Shoelace area of the ring (positive when counter-clockwise)."""
    return sum(ring[i - 1][0] * ring[i][1] - ring[i][0] * ring[i - 1][1] for i in range(len(ring))) / 2


def _clip(ring: Ring, a: float, b: float, c: float) -> Ring:
    """The part of the ring where a·x + b·y ≤ c (Sutherland–Hodgman against one half-plane)."""
    out = []
    for i in range(len(ring)):
        current, previous = ring[i], ring[i - 1]
        inside_now = a * current[0] + b * current[1] <= c
        inside_before = a * previous[0] + b * previous[1] <= c
        if inside_now != inside_before:
            along = a * (current[0] - previous[0]) + b * (current[1] - previous[1])
            t = (c - a * previous[0] - b * previous[1]) / along
            out.append([previous[0] + t * (current[0] - previous[0]), previous[1] + t * (current[1] - previous[1])])
        if inside_now:
            out.append(current)
    return out


def nearest_point_cells(points: dict[str, tuple[float, float]], outline: Ring, digits: int = 6) -> dict[str, Ring]:
    """Voronoi cells of `points` (code → (lat, lng)) inside the convex `outline`: each code's ring holds the
    places nearer to its point than to any other — measured on the ground (longitudes shrunk by the cosine of the
    latitude), as routing's nearest station is — rounded to `digits`. A point outside the outline gets no cell."""
    scale = math.cos(math.radians(sum(lat for lat, _ in points.values()) / len(points)))
    scaled = {code: (lng * scale, lat) for code, (lat, lng) in points.items()}
    frame = [[lng * scale, lat] for lng, lat in _drop_closing_point(outline)]
    cells = {}
    for code, (x, y) in scaled.items():
        cell = frame
        for other, (ox, oy) in scaled.items():
            if other != code and (ox, oy) != (x, y):
                # Nearer to (x, y) than to (ox, oy): the half-plane on this side of their bisector.
                cell = _clip(cell, ox - x, oy - y, (ox * ox + oy * oy - x * x - y * y) / 2)
                if not cell:
                    break
        if len(cell) >= 3:
            cells[code] = _deduplicated([[round(px / scale, digits), round(py, digits)] for px, py in cell])
    return cells


def _deduplicated(ring: Ring) -> Ring:
    return [point for i, point in enumerate(ring) if point != ring[i - 1]]


def union_outline(rings: list[Ring]) -> Ring:
    """The outline of cells that share whole edges (nearest_point_cells' output): the edges no two cells share,
    chained. Where the cells are not all connected, the largest piece."""
    edges = {}
    for ring in rings:
        oriented = ring if signed_area(ring) > 0 else ring[::-1]
        for i in range(len(oriented)):
            edges[(tuple(oriented[i - 1]), tuple(oriented[i]))] = True
    outer = {start: end for start, end in edges if (end, start) not in edges}
    pieces = []
    while outer:
        start, end = outer.popitem()
        piece = [list(start)]
        while end != start and end in outer:
            piece.append(list(end))
            end = outer.pop(end)
        if len(piece) >= 3:
            pieces.append(piece)
    return max(pieces, key=lambda piece: abs(signed_area(piece))) if pieces else []
