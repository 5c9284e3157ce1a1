"""Citizen pages for following a complaint: track by E-tag and mobile (or
a signed link), verify a mobile by one-time code, see one's complaints,
answer a proposed resolution, add evidence, withdraw, appeal a decision
within its window, answer the question asked after closing. Reading needs
E-tag + mobile or any link; acting needs the citizen's own proof
(citizens/access.py)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from shikayat.citizens import access, otp, record
from shikayat.complaints import actions, handlers, selectors, versions, workflow
from shikayat.complaints.links import grant_from_token
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import CitizenActor
from shikayat.core import ratelimit
from shikayat.core.errors import DomainError, InvalidInput, NotFound
from shikayat.core.forms import show_domain_errors
from shikayat.core.i18n import current_lang
from shikayat.deadlines import investigation
from shikayat.updates import wording

from .citizen_forms import (
    AppealForm,
    AttachForm,
    CodeForm,
    FeedbackForm,
    FollowupForm,
    InformationForm,
    MobileForm,
    TrackForm,
    WithdrawForm,
)

# What the citizen is expected to do, by status.
NEXT_STEP = {
    workflow.Status.AWAITING_FEEDBACK: gettext_lazy(
        "The police have proposed a resolution. Please tell us below whether you are satisfied; your complaint "
        "stays open until you do."
    ),
    workflow.Status.REGISTERED: gettext_lazy(
        "Your complaint is being sent to the officer who must act. Nothing is needed from you now."
    ),
}


def track(request):
    form, status_code = TrackForm(request.POST or None), 200
    if request.method == "POST" and form.is_valid():
        try:
            complaint = selectors.track(form.cleaned_data["etag"], form.cleaned_data["mobile"],
                                        client=ratelimit.request_client(request))
        except DomainError as error:
            # A malformed E-tag or mobile is explained; an unknown E-tag and a
            # wrong mobile get the same answer (selectors.track), so nobody
            # can learn which E-tags exist.
            show_domain_errors(form, error)
            status_code = 429 if isinstance(error, ratelimit.RateLimited) else 400
        else:
            access.allow_viewing(request.session, complaint.etag)
            return redirect("web:track-status", etag=complaint.etag)
    return render(request, "web/citizen/track.html", {"form": form}, status=400 if form.errors and status_code == 200
                  else status_code)


def track_link(request, token):
    grant = grant_from_token(token)
    try:
        with ratelimit.tracking(ratelimit.request_client(request), grant.etag if grant else ""):
            if grant is None or not Complaint.objects.filter(etag=grant.etag).exists():
                raise NotFound()
    except ratelimit.RateLimited as error:
        messages.error(request, error.message)
        return redirect("web:track")
    except NotFound:
        messages.error(request, _("This tracking link is not valid or has expired. Please track with your E-tag."))
        return redirect("web:track")
    access.grant_from_link(request.session, grant)
    return redirect("web:track-status", etag=grant.etag)


def _viewable(request, etag) -> Complaint:
    complaint = Complaint.objects.select_related("category", "unit").filter(etag=etag).first()
    if complaint is None or not access.may_view(request.session, complaint):
        raise Http404(_("We found no complaint with this E-tag and mobile number."))
    return complaint


def status(request, etag):
    return _status_page(request, _viewable(request, etag))


def _status_page(request, complaint, *, withdraw_form: WithdrawForm | None = None, status_code: int = 200):
    """The citizen's page; `withdraw_form` = a refused withdrawal, shown again with what was typed."""
    actor = access.actor_for(request.session, complaint)
    # The steps in the citizen's words, as their messages told them (officers keep workflow.event_label).
    events = [{"at": step.at, "label": step.text, "status": workflow.STATUS_LABELS.get(step.status, "")}
              for step in wording.timeline(complaint, current_lang())]
    return render(request, "web/citizen/status.html", {
        "complaint": complaint, "events": events, "actor": actor, "next_step": NEXT_STEP.get(complaint.status),
        "feedback_form": FeedbackForm(initial={"version": versions.version_of(_public(complaint), complaint)})
        if complaint.status == workflow.Status.AWAITING_FEEDBACK else None,
        "withdraw_form": (withdraw_form or WithdrawForm()) if complaint.is_open else None,
        "attach_form": AttachForm() if complaint.is_open else None,
        "information_form": InformationForm() if complaint.is_open else None,
        "attachments": selectors.attachments_for(_public(complaint), complaint),
        "investigation": investigation.stage_of(complaint, timezone.now()),
        "outcome": record.outcome(complaint),  # kept once it is closed: resolution, the citizen's rating and comment
        **_after_closing(complaint),
        "verify_url": f"{reverse('web:verify')}?next={reverse('web:track-status', args=[complaint.etag])}",
    }, status=status_code)


def _after_closing(complaint) -> dict:
    """The appeal (a form within its window, or when it ended) and the follow-up question, while open."""
    found = {}
    if complaint.status in workflow.APPEALABLE:
        window = actions.appeal_window(complaint)
        if window.open:
            found["appeal_form"] = AppealForm()
        found["appeal_window"] = window
    asked = complaint.followup_asked_at is not None and complaint.followup_answered_at is None
    if complaint.status == workflow.Status.CLOSED and asked:
        found["followup_form"] = FollowupForm()
    return found


def _public(complaint) -> CitizenActor:
    """Reads as the citizen sees them: public events and attachments only."""
    return CitizenActor(mobile=complaint.complainant_mobile)



def _act(request, etag, run):
    complaint = _viewable(request, etag)
    actor = access.actor_for(request.session, complaint)
    if actor is None:
        messages.error(request, _("Please verify your mobile number first."))
        return redirect(f"{reverse('web:verify')}?next={reverse('web:track-status', args=[etag])}")
    try:
        run(complaint, actor)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("web:track-status", etag=etag)


@require_POST
def feedback(request, etag):
    form = FeedbackForm(request.POST)

    def run(complaint, actor):
        if not form.is_valid():
            raise InvalidInput(_("Please choose whether you are satisfied."))
        data = form.cleaned_data
        handlers.run(complaint, "feedback", actor=actor, channel="web", version=data["version"],
                     params={"satisfied": data["satisfied"], "rating": data["rating"], "comment": data["comment"]})
        messages.success(request, _("Thank you. Your answer has been recorded."))

    return _act(request, etag, run)


@require_POST
def appeal(request, etag):
    form = AppealForm(request.POST)

    def run(complaint, actor):
        grounds = form.cleaned_data["grounds"] if form.is_valid() else ""
        appealed = actions.appeal(complaint, actor=actor, grounds=grounds, channel="web")
        messages.success(request, _("Your appeal has been recorded. Your complaint is now with %(unit)s.")
                         % {"unit": appealed.unit.name})

    return _act(request, etag, run)


@require_POST
def followup(request, etag):
    form = FollowupForm(request.POST)

    def run(complaint, actor):
        if not form.is_valid():
            raise InvalidInput(_("Please say whether the police action held."))
        answered = actions.record_followup(complaint, actor=actor, held=form.cleaned_data["held"],
                                           note=form.cleaned_data["note"], channel="web")
        if form.cleaned_data["held"]:
            messages.success(request, _("Thank you. Your answer has been recorded."))
        else:
            messages.success(request, _("We are sorry. Your complaint has been reopened and is now with %(unit)s.")
                             % {"unit": answered.unit.name})

    return _act(request, etag, run)


@require_POST
def withdraw(request, etag):
    form = WithdrawForm(request.POST)
    complaint = _viewable(request, etag)
    if access.actor_for(request.session, complaint) is not None and not form.is_valid():
        # Not confirmed, or no reason: the page again, with what was typed and what is missing.
        return _status_page(request, complaint, withdraw_form=form, status_code=400)

    def run(complaint, actor):
        actions.withdraw(complaint, actor=actor, reason=form.cleaned_data["reason"], channel="web")
        messages.success(request, _("Your complaint has been withdrawn."))

    return _act(request, etag, run)


@require_POST
def add_information(request, etag):
    form = InformationForm(request.POST)

    def run(complaint, actor):
        text = form.cleaned_data["text"] if form.is_valid() else ""
        actions.add_information(complaint, actor=actor, text=text, channel="web")
        messages.success(request, _("Thank you. The information has been added to your complaint."))

    return _act(request, etag, run)


@require_POST
def attach(request, etag):
    form = AttachForm(request.POST, request.FILES)

    def run(complaint, actor):
        if not form.is_valid():
            raise InvalidInput(_("Please choose a file to attach."))
        actions.add_attachment(complaint, actor=actor, upload=form.cleaned_data["file"], channel="web")
        messages.success(request, _("Your file has been added to the complaint."))

    return _act(request, etag, run)


def verify(request):
    next_url = request.POST.get("next") or request.GET.get("next") or reverse("web:my-complaints")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("web:my-complaints")
    mobile_form, code_form, status_code = MobileForm(), None, 200
    if request.method == "POST" and request.POST.get("step") == "send":
        mobile_form = MobileForm(request.POST)
        if mobile_form.is_valid():
            try:
                mobile = otp.request_code(mobile_form.cleaned_data["mobile"], client=ratelimit.request_client(request),
                                          language=getattr(request, "LANGUAGE_CODE", "en"))
                code_form = CodeForm(initial={"mobile": mobile})
                messages.success(request, _("We have sent a 6-digit code by SMS. It is valid for 10 minutes."))
            except DomainError as error:
                show_domain_errors(mobile_form, error)
                status_code = error.status_code
    elif request.method == "POST" and request.POST.get("step") == "check":
        code_form = CodeForm(request.POST)
        if code_form.is_valid():
            try:
                mobile = otp.verify_code(code_form.cleaned_data["mobile"], code_form.cleaned_data["code"])
            except DomainError as error:
                show_domain_errors(code_form, error)
                status_code = error.status_code
            else:
                access.remember_mobile(request.session, mobile)
                return redirect(next_url)
    return render(request, "web/citizen/verify.html",
                  {"mobile_form": mobile_form, "code_form": code_form, "next": next_url}, status=status_code)


def my_complaints(request):
    mobile = access.verified_mobile(request.session)
    if mobile is None:
        return redirect(f"{reverse('web:verify')}?next={reverse('web:my-complaints')}")
    complaints = Complaint.objects.filter(complainant_mobile=mobile).select_related("category", "unit") \
        .order_by("-received_at")[:200]
    return render(request, "web/citizen/my_complaints.html", {"complaints": complaints, "mobile": mobile})
