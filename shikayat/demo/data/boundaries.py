"""Approximate boundaries for the demo forces' map: hand-drawn, simplified outlines of the Lahore and Rampur
districts. The circles' and police stations' areas are drawn from them (shikayat/demo/boundaries.py): each
station's area is the part of its district nearer to it than to any other station, each circle's the union of
its stations'. They look like a force's map and route like one, but they are NOT the official boundaries: every
unit given one is marked approximate, and the map says so."""

# District code → its outline, a ring [[lng, lat], …] (convex, counter-clockwise).
DISTRICT_OUTLINES = {
    "LHR": [[74.02, 31.26], [74.20, 31.18], [74.40, 31.22], [74.56, 31.38], [74.57, 31.56], [74.45, 31.68],
            [74.28, 31.71], [74.12, 31.62], [74.00, 31.45]],
    "RMP": [[78.86, 28.52], [79.05, 28.43], [79.25, 28.50], [79.38, 28.75], [79.36, 28.98], [79.15, 29.12],
            [78.98, 29.10], [78.87, 28.92], [78.84, 28.70]],
}
