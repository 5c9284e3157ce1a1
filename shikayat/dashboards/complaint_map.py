"""The dashboard's map of a unit's complaints: counted in the database into grid cells fitted to the part of the
map in view, so a district of 100,000 complaints answers with a few hundred cells (clusters when zoomed out, single
places when zoomed in). Each cell says how many are overdue, open and closed — nothing about any one complaint.
Confidential complaints are never placed on the map, only counted (figures.confidential_open)."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, F, Q
from django.db.models.functions import Floor

from shikayat.complaints.models import Complaint
from shikayat.complaints.workflow import OPEN
from shikayat.jurisdictions.models import Unit

GRID = 32  # cells across the wider side of the view
MAX_CELLS = 600  # the busiest cells, when more are in view
MIN_CELL_DEGREES = 0.0002  # about 20 m: closer places are one point
# Closed complaints are shown for the dashboard's period up to this many days: the rows counted stay about a
# quarter's (100,000 complaints over two years, PostgreSQL: the province's map 87 ms at 90 days, 718 ms at 365
# — a sequential scan; open ones are few and come from the partial index complaint_open_due_idx).
MAX_CLOSED_DAYS = 90


def closed_days(days: int) -> int:
    return min(days, MAX_CLOSED_DAYS)


@dataclass(frozen=True)
class Cell:
    lat: float
    lng: float
    overdue: int
    open: int
    closed: int

    @property
    def count(self) -> int:
        return self.overdue + self.open + self.closed

    @property
    def colour(self) -> str:
        """The cell's colour on the map: overdue when any is, else what all of them are, else mixed."""
        if self.overdue:
            return "overdue"
        return "open" if not self.closed else "closed" if not self.open else "mixed"


def cell_degrees(west: float, south: float, east: float, north: float) -> float:
    return max((east - west) / GRID, (north - south) / GRID, MIN_CELL_DEGREES)


def complaint_cells(unit: Unit, bbox: tuple[float, float, float, float], *, now: datetime,
                    days: int) -> tuple[list[Cell], bool]:
    """Cells of the complaints held in the unit's subtree whose place lies in `bbox` (west, south, east, north):
    every open one, and those received in the last `days` days (at most MAX_CLOSED_DAYS) that are closed.
    Confidential complaints are left out. At most MAX_CELLS, the fullest first, and whether there were more."""
    west, south, east, north = bbox
    size = Decimal(str(cell_degrees(west, south, east, north)))
    rows = (Complaint.objects
            .filter(unit_path__startswith=unit.path, is_confidential=False, lat__isnull=False, lng__isnull=False,
                    lat__gte=south, lat__lte=north, lng__gte=west, lng__lte=east)
            .filter(Q(status__in=OPEN) | Q(received_at__gte=now - timedelta(days=closed_days(days))))
            .annotate(row=Floor(F("lat") / size), column=Floor(F("lng") / size))
            .values("row", "column")
            .annotate(lat=Avg("lat"), lng=Avg("lng"),
                      overdue=Count("pk", filter=Q(status__in=OPEN, report_due_at__lt=now)),
                      open=Count("pk", filter=Q(status__in=OPEN) & ~Q(report_due_at__lt=now)),
                      closed=Count("pk", filter=~Q(status__in=OPEN)), total=Count("pk"))
            .order_by("-total", "row", "column")[:MAX_CELLS + 1])
    return [Cell(lat=round(float(row["lat"]), 6), lng=round(float(row["lng"]), 6), overdue=row["overdue"],
                 open=row["open"], closed=row["closed"]) for row in rows[:MAX_CELLS]], len(rows) > MAX_CELLS
