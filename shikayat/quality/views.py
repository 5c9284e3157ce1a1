"""The complaint cell's quality grading: the list to grade, and the grading form (on the closed complaint's
page, and on a page of its own when a grade is refused, with what was typed). Thin: parse, call the action,
render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shikayat.complaints import selectors as complaint_selectors
from shikayat.complaints.workflow import Status
from shikayat.core.errors import DomainError, NotFound, PermissionDenied

from . import actions, selectors
from .models import CHECKS, Grade

LIST_ROWS = 200
ANSWERS = {"yes": True, "no": False}


def panel(user, complaint, *, typed: dict | None = None, problems: dict | None = None,
          message: str = "") -> dict | None:
    """What the complaint page shows of the quality grading: the grade of the latest closing, and the form for
    the complaint cell while it is ungraded. None for an open complaint nobody graded."""
    review = selectors.latest_review(complaint)
    can_grade = (complaint.status == Status.CLOSED and not (review and review.grade)
                 and actions.may_grade(user, complaint))
    if not can_grade and not (review and review.grade):
        return None
    typed, problems = typed or {}, problems or {}
    return {"review": review, "can_grade": can_grade, "message": message, "grades": Grade.choices,
            "grade": typed.get("grade", ""), "grade_problems": problems.get("grade", []),
            "remarks": typed.get("remarks", ""), "remarks_problems": problems.get("remarks", []),
            "checks": [{"name": name, "label": label, "value": typed.get(name, ""), "problems": problems.get(name, [])}
                       for name, label in CHECKS]}


@login_required
def to_grade(request):
    if not selectors.cell_paths(request.user):
        error = PermissionDenied(_("The list to grade is the complaint cell's."))
        return render(request, "web/error.html", {"error": error}, status=403)
    rows = selectors.to_grade(request.user)
    return render(request, "quality/to_grade.html", {"rows": rows[:LIST_ROWS], "total": rows.count()})


def _complaint_or_404(request, etag):
    try:
        return complaint_selectors.complaint_for(request.user, etag)
    except DomainError as error:
        raise Http404(str(error.message)) from error


@login_required
def grade_page(request, etag):
    complaint = _complaint_or_404(request, etag)
    return render(request, "quality/grade.html", {"complaint": complaint, "quality": panel(request.user, complaint)})


@login_required
@require_POST
def grade(request, etag):
    complaint = _complaint_or_404(request, etag)
    typed = {key: request.POST.get(key, "") for key in ("grade", "remarks", *(name for name, _label in CHECKS))}
    checks = {name: ANSWERS.get(typed[name]) for name, _label in CHECKS}
    try:
        actions.grade_disposal(complaint, actor=request.user, grade=typed["grade"], checks=checks,
                               remarks=typed["remarks"])
    except NotFound as error:
        raise Http404(str(error.message)) from error
    except PermissionDenied as error:
        return render(request, "web/error.html", {"error": error, "complaint": complaint}, status=403)
    except DomainError as error:  # bad input (400) or already graded / not closed (409): the form again, as typed
        quality = panel(request.user, complaint, typed=typed, problems=error.fields, message=str(error.message))
        return render(request, "quality/grade.html", {"complaint": complaint, "quality": quality,
                                                      "message": str(error.message)}, status=error.status_code)
    messages.success(request, _("The quality of disposal is graded."))
    return redirect("web:officer-complaint", etag=complaint.etag)
