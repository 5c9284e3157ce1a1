"""Reads for quality grading: the complaint cell's list to grade, a complaint's grade, and the grades of an
officer or of the units of a league table."""

from collections import Counter
from datetime import datetime

from django.db.models import Q, QuerySet

from shikayat.accounts.models import Role, User
from shikayat.complaints.permissions import active_postings

from .models import Grade, QualityReview


def cell_paths(user: User) -> list[str]:
    """The unit paths whose complaints the officer's complaint-cell postings grade."""
    if not user.is_active:
        return []
    return sorted({p.unit.path for p in active_postings(user) if p.role == Role.COMPLAINT_CELL})


def _within(paths: list[str]) -> Q:
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(unit_path__startswith=path)
    return query


def to_grade(user: User) -> QuerySet[QualityReview]:
    """Closings waiting for the cell's grade in its jurisdiction, oldest first (confidential complaints are not
    the cell's to see, so not listed)."""
    paths = cell_paths(user)
    return (QualityReview.objects.filter(_within(paths), grade="", complaint__is_confidential=False)
            .select_related("complaint", "officer", "unit").order_by("closed_at", "pk"))


def latest_review(complaint) -> QualityReview | None:
    """The grade (or the place on the list) of the complaint's latest closing."""
    return (QualityReview.objects.filter(complaint=complaint, cycle_started_at=complaint.cycle_started_at)
            .select_related("graded_by").first())


def officer_grades(officer: User, since: datetime) -> dict:
    """How the officer's disposals graded since `since`: counts per grade and the poor ones, newest first."""
    graded = QualityReview.objects.filter(officer=officer, graded_at__gte=since).exclude(grade="")
    counts = Counter(graded.values_list("grade", flat=True))
    poor = graded.filter(grade=Grade.POOR).select_related("complaint").order_by("-graded_at")[:50]
    return {"counts": [(Grade(g).label, counts.get(g, 0)) for g in Grade.values], "total": sum(counts.values()),
            "poor": list(poor)}


def poor_rates_of_officers(officer_ids: list[int], since: datetime, until: datetime) -> dict[int, tuple[int, int]]:
    """(graded, graded poor) per officer, for graded closings in [since, until)."""
    counts: dict[int, list[int]] = {}
    rows = (QualityReview.objects.filter(officer_id__in=officer_ids, graded_at__gte=since, graded_at__lt=until)
            .exclude(grade="").values_list("officer_id", "grade"))
    for officer_id, grade in rows:
        pair = counts.setdefault(officer_id, [0, 0])
        pair[0] += 1
        pair[1] += grade == Grade.POOR
    return {key: (graded, poor) for key, (graded, poor) in counts.items()}


def poor_rates_of_units(units: list, since: datetime, until: datetime) -> dict[int, tuple[int, int]]:
    """(graded, graded poor) per unit, each counting its whole subtree, for graded closings in [since, until)."""
    rows = list(QualityReview.objects.filter(_within([u.path for u in units]), graded_at__gte=since,
                                             graded_at__lt=until).exclude(grade="").values_list("unit_path", "grade"))
    result = {}
    for unit in units:
        mine = [grade for path, grade in rows if path.startswith(unit.path)]
        if mine:
            result[unit.pk] = (len(mine), sum(grade == Grade.POOR for grade in mine))
    return result
