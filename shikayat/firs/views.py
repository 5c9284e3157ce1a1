"""The citizen's FIR copy page (after proving their mobile by one-time code at /verify/), the copy's PDF by its
signed link (the bytes kept when it was issued, kept.py), and the officers' pages: their stations' FIRs, the
copies served, the import."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from shikayat.citizens import access as citizen_access
from shikayat.core import ratelimit
from shikayat.core.errors import DomainError, PermissionDenied
from shikayat.core.forms import show_domain_errors
from shikayat.core.i18n import current_lang

from . import access, copies, importing, kept
from .forms import CopyForm, ImportForm
from .mapping import for_name


def copy_request(request):
    mobile = citizen_access.verified_mobile(request.session)
    if mobile is None:
        return redirect(f"{reverse('web:verify')}?next={reverse('firs:copy')}")
    form, status = CopyForm(request.POST or None), 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                copy = copies.request_copy(unit=data["station"], year=data["year"], number=data["number"],
                                           mobile=mobile, channel="web", client=ratelimit.request_client(request),
                                           language=current_lang())
            except DomainError as error:
                show_domain_errors(form, error)
                status = error.status_code
            else:
                return redirect("firs:copy-pdf", token=copies.download_token(copy))
        else:
            status = 400
    return render(request, "firs/copy_request.html", {"form": form, "mobile": mobile}, status=status)


def copy_pdf(request, token):
    copy = copies.copy_for_token(token)
    if copy is None:
        raise Http404(_("This link to an FIR copy has expired or is not valid. Please ask for the copy again."))
    try:
        content = kept.pdf_of(copy)
    except DomainError as error:
        return render(request, "firs/copy_unavailable.html", {"error": error}, status=error.status_code)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{copy.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _refuse(request, message):
    return render(request, "web/error.html", {"error": PermissionDenied(message)}, status=403)


@login_required
def register(request):
    if not access.may_see(request.user):
        return _refuse(request, _("The FIR register is for officers with a posting."))
    firs = access.firs_for(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        number, _slash, year = query.partition("/")
        if number.strip().isdigit():
            firs = firs.filter(number=int(number))
        if year.strip().isdigit():
            firs = firs.filter(year=int(year))
    page = Paginator(firs, 50).get_page(request.GET.get("page"))
    return render(request, "firs/register.html", {"page": page, "q": query,
                                                  "may_import": access.may_import(request.user)})


@login_required
def copies_served(request):
    if not access.may_see(request.user):
        return _refuse(request, _("The FIR register is for officers with a posting."))
    page = Paginator(access.copies_for(request.user), 50).get_page(request.GET.get("page"))
    refused = access.refusals_for(request.user)[:50]
    return render(request, "firs/copies.html", {"page": page, "refused": refused})


@login_required
def import_page(request):
    if not access.may_import(request.user):
        return _refuse(request, _("Importing FIRs is for the complaint cell and administrators."))
    form, status = ImportForm(request.POST or None, request.FILES or None), 200
    if request.method == "POST":
        if form.is_valid():
            chosen = form.cleaned_data["mapping"]
            try:
                run = importing.import_file(content=form.cleaned_data["file"].read(),
                                            file_name=form.cleaned_data["file"].name,
                                            mapping=for_name(chosen.name if chosen else "default"), user=request.user)
            except DomainError as error:
                show_domain_errors(form, error)
                status = error.status_code
            else:
                return redirect("firs:import-run", pk=run.pk)
        else:
            status = 400
    runs = importing.FirImportRun.objects.filter(imported_by=request.user)[:20]
    return render(request, "firs/import.html", {"form": form, "runs": runs}, status=status)


@login_required
def import_run(request, pk: int):
    if not access.may_import(request.user):
        return _refuse(request, _("Importing FIRs is for the complaint cell and administrators."))
    run = importing.FirImportRun.objects.filter(pk=pk, imported_by=request.user).first()
    if run is None:
        raise Http404(_("No such import."))
    return render(request, "firs/import_run.html", {"run": run})
