"""Permission pages: the citizen's (apply and follow, after verifying the mobile with a one-time code; the
decision paper) and the officers' (the inbox per role, an application with its step form, the late ones)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shikayat.citizens import access
from shikayat.complaints import etag as etags
from shikayat.complaints.attachments import checked_type
from shikayat.complaints.permissions import CitizenActor
from shikayat.core import replica
from shikayat.core.downloads import as_download, file_download, safe_filename
from shikayat.core.errors import DomainError, InvalidInput, PermissionDenied, TransitionNotAllowed
from shikayat.core.forms import show_domain_errors
from shikayat.deadlines.ledger import scope_paths

from . import actions, ledger, papers, rules
from .forms import ApplicationForm, DecisionForm, ReportForm, RevokeForm
from .models import PermitApplication, PermitKind, PermitSOP, PermitStatus


def _etag(raw: str) -> str:
    try:
        return etags.normalise(raw)
    except InvalidInput:
        return ""


def _verified(request):
    """The citizen's verified mobile, or a redirect to verify it and come back."""
    mobile = access.verified_mobile(request.session)
    if mobile:
        return mobile, None
    return None, redirect(f"{reverse('web:verify')}?next={request.path}")


def _alias(field: str) -> str:
    return {"organisers": "organiser1_name", "documents": "document1"}.get(field, field)


def overview(request):
    sops = {s.kind: s for s in PermitSOP.objects.filter(is_active=True)}
    return render(request, "permits/overview.html", {
        "kinds": [(label, sops.get(value) or rules.sop_for(value)) for value, label in PermitKind.choices]})


def apply(request):
    mobile, away = _verified(request)
    if away:
        return away
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = actions.apply(actor=CitizenActor(mobile=mobile, credential="otp"),
                                 data=form.data_for_domain(request.LANGUAGE_CODE[:2]), uploads=form.uploads())
        except InvalidInput as error:
            form.add_error(None, error.message)
            show_domain_errors(form, error, alias=_alias)
        else:
            messages.success(request, _("Your application is received. Your E-tag is %(etag)s.")
                             % {"etag": made.etag_display})
            return redirect("permits:mine-one", etag=made.etag)
    return render(request, "permits/apply.html", {"form": form}, status=400 if form.errors else 200)


def mine(request):
    mobile, away = _verified(request)
    if away:
        return away
    rows = PermitApplication.objects.filter(mobile=mobile).select_related("station").order_by("-received_at")[:50]
    return render(request, "permits/mine.html", {"rows": rows})


def _own(request, etag: str) -> PermitApplication:
    mobile = access.verified_mobile(request.session)
    row = PermitApplication.objects.select_related("station", "district").filter(
        etag=_etag(etag), mobile=mobile or "-").first()
    if row is None:
        raise Http404(_("No application with this E-tag for your mobile number."))
    return row


def mine_one(request, etag: str):
    mobile, away = _verified(request)
    if away:
        return away
    row = _own(request, etag)
    return render(request, "permits/status.html", {"a": row, "events": row.events.all(),
                                                    "decided": row.status in papers.DECIDED})


def decision_pdf(request, etag: str):
    mobile, away = _verified(request)
    if away:
        return away
    row = _own(request, etag)
    if row.status not in papers.DECIDED:
        raise Http404(_("The application is not decided yet."))
    return as_download(HttpResponse(papers.decision_pdf(row), content_type="application/pdf"), f"{row.number}.pdf")


# -- officers --------------------------------------------------------------------------------------------------

def _refused(request, text: str):
    return render(request, "web/error.html", {"error": PermissionDenied(text)}, status=403)


@login_required
def inbox(request):
    found = ledger.inbox(request.user)
    if not found:
        return _refused(request, _("Permissions are handled by station heads, the special branch and supervisors."))
    titles = {"station": _("Reports awaited from your station"), "branch": _("Special-branch reports awaited"),
              "decision": _("Decisions awaited")}
    now = timezone.now()
    return render(request, "permits/inbox.html", {
        "sections": [(titles[key], [(row, row.due_at <= now) for row in rows[:ledger.SHOWN]])
                     for key, rows in found.items()],
        "ledger": bool(scope_paths(request.user))})


@login_required
@replica.reads()
def late(request):
    if not scope_paths(request.user):
        return _refused(request, _("The delay ledger is open to supervisors, station heads, the accountability "
                                   "branch and the complaint cell."))
    now = timezone.now()
    rows = ledger.late(request.user)[:ledger.SHOWN]
    return render(request, "permits/late.html", {"rows": [(r, round(r.hours_late(now), 1)) for r in rows]})


def _officer_view(request, etag: str) -> PermitApplication | None:
    row = (PermitApplication.objects.select_related("station", "district", "decided_by")
           .filter(etag=_etag(etag)).first())
    if row is None:
        raise Http404(_("No such application."))
    if not PermitApplication.objects.filter(ledger.visible(request.user), pk=row.pk).exists():
        return None
    return row


@login_required
def detail(request, etag: str):
    row = _officer_view(request, etag)
    if row is None:
        return _refused(request, _("This application is outside your jurisdiction."))
    return _detail_page(request, row)


def _detail_page(request, row: PermitApplication, revoke_form: RevokeForm | None = None, status: int = 200):
    steps = [step for step in ("station", "branch", "decision") if rules.may_take(request.user, row, step)]
    now = timezone.now()
    return render(request, "permits/detail.html", {
        "a": row, "events": row.events.all(), "documents": row.documents.all(), "organisers": row.organisers.all(),
        "passed": row.stations_passed.all(),
        "steps": steps, "report_form": ReportForm(), "decision_form": DecisionForm(), "now": now,
        "verify_url": papers.verification_url(row) if row.status in papers.DECIDED else "",
        "awaiting": {"station": row.status == PermitStatus.SUBMITTED and not row.station_reported_at,
                     "branch": row.status == PermitStatus.SUBMITTED and not row.branch_reported_at,
                     "decision": row.status == PermitStatus.REPORTED},
        "revocable": "decision" in steps and row.status == PermitStatus.GRANTED and row.ends_at > now,
        "revoke_form": revoke_form or RevokeForm()}, status=status)


@login_required
def document(request, etag: str, pk: int):
    row = _officer_view(request, etag)
    if row is None:
        return _refused(request, _("This application is outside your jurisdiction."))
    doc = get_object_or_404(row.documents, pk=pk)
    file = doc.file.open("rb")
    content_type, extension = checked_type(file)
    return file_download(file, content_type=content_type, filename=safe_filename(doc.original_name, extension, "doc"))


@login_required
@require_POST
def step(request, etag: str, step: str):
    row = PermitApplication.objects.filter(etag=_etag(etag)).first()
    if row is None or step not in rules.STEP_ROLES:
        raise Http404(_("No such application."))
    try:
        if step == "decision":
            form = DecisionForm(request.POST)
            form.is_valid()
            actions.decide(row, actor=request.user, grant=form.cleaned_data.get("grant") != "no",
                           conditions=form.cleaned_data.get("conditions", ""),
                           reasons=form.cleaned_data.get("reasons", ""))
        else:
            form = ReportForm(request.POST)
            form.is_valid()
            actions.report(row, actor=request.user, step=step, objection=form.cleaned_data.get("objection") == "yes",
                           note=form.cleaned_data.get("note", ""), conditions=form.cleaned_data.get("conditions", ""))
    except PermissionDenied as error:
        return _refused(request, error.message)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Done."))
    return redirect("permits:detail", etag=row.etag)


@login_required
@require_POST
def revoke(request, etag: str):
    """Revoke a grant (the decision's takers only); refused input shows the page again with what was typed."""
    row = (PermitApplication.objects.select_related("station", "district", "decided_by")
           .filter(etag=_etag(etag)).first())
    if row is None:
        raise Http404(_("No such application."))
    if not rules.may_take(request.user, row, "decision"):
        return _refused(request, _("Your postings do not allow this step on this application."))
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            actions.revoke(row, actor=request.user, reasons=form.cleaned_data["reasons"])
        except PermissionDenied as error:
            return _refused(request, error.message)
        except TransitionNotAllowed as error:
            messages.error(request, error.message)
            return redirect("permits:detail", etag=row.etag)
        except InvalidInput as error:
            form.add_error(None, error.message)
            show_domain_errors(form, error)
        else:
            messages.success(request, _("The permission is revoked; the applicant is told by SMS."))
            return redirect("permits:detail", etag=row.etag)
    return _detail_page(request, row, revoke_form=form, status=400)
