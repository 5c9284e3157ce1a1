"""Geometry for the dashboard's inline SVG charts (no JavaScript, no CDN):
the template draws the rectangles these functions place."""

from dataclasses import dataclass

WIDTH, HEIGHT = 600, 160


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    series: str


def trend_bars(trend: list) -> list[Bar]:
    """Received and disposed per day, week or month (figures.trend rows), side by side, scaled to the busiest."""
    top = max([max(r, d) for _first, _label, r, d in trend] + [1])
    slot = WIDTH / max(len(trend), 1)
    bars = []
    for i, (_first, label, received, disposed) in enumerate(trend):
        for j, (series, value) in enumerate((("received", received), ("disposed", disposed))):
            height = HEIGHT * value / top
            bars.append(Bar(x=round(i * slot + j * slot / 2, 1), y=round(HEIGHT - height, 1),
                            width=round(slot / 2 - 1, 1), height=round(height, 1), label=label,
                            value=value, series=series))
    return bars


def horizontal_bars(rows: list[tuple[str, int]], width: int = 300) -> list[Bar]:
    """One bar per (label, value), 22 px apart, scaled to the largest value."""
    top = max([v for _label, v in rows] + [1])
    return [Bar(x=0, y=i * 22, width=round(width * v / top), height=18, label=label, value=v, series="")
            for i, (label, v) in enumerate(rows)]
