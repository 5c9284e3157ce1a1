"""The delay ledger for supervisors, the accountability branch and the
complaint cell: who missed which deadlines in their jurisdiction, by how
much, and what was decided. Thin views over selectors.py and ledger.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from shikayat.accounts.models import User
from shikayat.core import replica
from shikayat.core.errors import DomainError, NotFound, PermissionDenied
from shikayat.core.forms import show_domain_errors
from shikayat.core.query import Query
from shikayat.jurisdictions.models import Unit

from . import ledger, selectors
from .forms import OutcomeForm


def _refuse(request):
    error = PermissionDenied(_("The delay ledger is open to supervisors, the accountability branch and the "
                               "complaint cell."))
    return render(request, "web/error.html", {"error": error}, status=403)


DAYS = 90


def _days(query: Query) -> int:
    return query.period("days", selectors.PERIODS, _("The period can be %(choices)s days.")
                        % {"choices": ", ".join(map(str, selectors.PERIODS))}, default=DAYS)


def _row(query: Query, key: str, model):
    """The row whose id is the parameter `key` (None when not given or malformed; 404 when there is none)."""
    pk = query.number(key, message=_("Give a whole number, e.g. 30."))
    if pk is None:
        return None
    row = model.objects.filter(pk=pk).first()
    if row is None:
        raise Http404(_("No such officer.") if model is User else _("No such unit."))
    return row


@login_required
@replica.reads()
def ledger_summary(request):
    if not ledger.scope_paths(request.user):
        return _refuse(request)
    query = Query(request.GET)
    now, days = timezone.now(), _days(query)
    return render(request, "deadlines/ledger.html", {
        "summary": selectors.summary(request.user, now, days), "days": days, "periods": selectors.PERIODS,
        "repeat_days": selectors.REPEAT_DAYS, "errors": dict(query.errors),
    }, status=400 if query.errors else 200)


@login_required
@replica.reads()
def ledger_entries(request):
    if not ledger.scope_paths(request.user):
        return _refuse(request)
    query = Query(request.GET)
    now, days = timezone.now(), _days(query)
    unassigned = query.text("officer", max_length=40) == "none"
    officer = None if unassigned else _row(query, "officer", User)
    unit = _row(query, "unit", Unit)
    within = _row(query, "within", Unit)  # the unit's whole subtree (the dashboards link here)
    rows = selectors.entries(request.user, now, days=days, officer_id=officer.pk if officer else None,
                             unit_id=unit.pk if unit else None, unassigned=unassigned,
                             within=within.path if within else None)
    return render(request, "deadlines/entries.html", {
        "entries": [(entry, round(entry.hours_late(now), 1)) for entry in rows], "officer": officer,
        "unit": unit or within, "unassigned": unassigned, "days": days, "shown": selectors.ENTRIES_SHOWN,
        "errors": dict(query.errors),
    }, status=400 if query.errors else 200)


@login_required
def ledger_entry(request, pk: int):
    if not ledger.scope_paths(request.user):
        return _refuse(request)
    entry = selectors.entry_for(request.user, pk)
    if entry is None:
        raise Http404(_("No such ledger entry in your jurisdiction."))
    may_review = ledger.may_review(request.user, entry)
    form = OutcomeForm(request.POST or None, initial={"explanation": entry.explanation})
    status = 200
    if request.method == "POST":
        if not may_review:
            return render(request, "web/error.html", {"error": PermissionDenied(
                _("Only a supervisor or the accountability branch over this unit may record the outcome, and "
                  "never for their own delay."))}, status=403)
        if form.is_valid():
            try:
                ledger.record_outcome(entry, actor=request.user, outcome=form.cleaned_data["outcome"],
                                      explanation=form.cleaned_data["explanation"])
            except NotFound as error:
                raise Http404(str(error.message)) from error
            except DomainError as error:
                show_domain_errors(form, error)
            else:
                messages.success(request, _("The decision was recorded."))
                return redirect("deadlines:entry", pk=entry.pk)
        status = 400
    return render(request, "deadlines/entry.html", {
        "entry": entry, "hours_late": round(entry.hours_late(timezone.now()), 1), "form": form,
        "may_review": may_review,
    }, status=status)
