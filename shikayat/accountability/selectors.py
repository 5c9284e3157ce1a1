"""Reads for the accountability pages and the complaint page's enquiry
section: a case's accused, enquiries, allegations and proceedings; an
officer's record of complaints against them; the officers accused; the
access log of confidential complaints. Every list is scoped by
permissions.scope_filter, so nobody reads here what their inbox would hide."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shikayat.accounts.models import Role, User
from shikayat.complaints import etag as etags
from shikayat.complaints import permissions
from shikayat.complaints.models import Complaint
from shikayat.core.errors import InvalidInput
from shikayat.core.query import readable

from .access import log_reads
from .models import PROVED_FINDINGS, AccessLog, Accused, Allegation, Enquiry, Proceedings

RECORD_LIMIT = 200  # complaints on one officer's record page
OFFICERS_LIMIT = 200  # rows of the officers-accused list
ACCESS_LOG_LIMIT = 500
ACCESS_LOG_PERIODS = (1, 7, 30, 90, 365)
VIA_LABELS = {
    "page": gettext_lazy("Complaint page"), "api": gettext_lazy("API"), "export": gettext_lazy("Export"),
    "desk": gettext_lazy("Call-centre or front desk"), "review": gettext_lazy("Pending review"),
    "record": gettext_lazy("Officer's record"),
}


def is_accountability_officer(user) -> bool:
    """An active posting in the accountability branch (the pages check this; the nav link too)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return any(p.role == Role.ACCOUNTABILITY for p in permissions.active_postings(user))


def visible_complaints(viewer: User) -> QuerySet[Complaint]:
    return Complaint.objects.filter(permissions.scope_filter(viewer))


# -- one case ----------------------------------------------------------------------------------------------------

@dataclass
class Case:
    accused: list[Accused] = field(default_factory=list)
    enquiries: list[dict] = field(default_factory=list)
    allegations: list[Allegation] = field(default_factory=list)
    proceedings: list[Proceedings] = field(default_factory=list)


def case_for(complaint: Complaint, *, now: datetime | None = None) -> Case:
    """The enquiry file of a complaint against police, for its page: the
    accused (their numbers are what the allegations form asks for), each
    enquiry with its deadline and entries, the allegations with their
    findings and the proceedings with their outcomes. Four queries."""
    now = now or timezone.now()
    accused = list(Accused.objects.filter(complaint=complaint).select_related("officer", "unit"))
    enquiries = list(Enquiry.objects.filter(complaint=complaint)
                     .select_related("officer", "ordered_by", "decided_by", "filing_requested_by")
                     .prefetch_related("entries__recorded_by").order_by("ordered_at", "id"))
    allegations = list(Allegation.objects.filter(complaint=complaint).select_related("accused__officer", "found_by")
                       .order_by("id"))
    proceedings = list(Proceedings.objects.filter(allegation__complaint=complaint)
                       .select_related("accused__officer", "allegation", "recommended_by", "outcome_by")
                       .order_by("id"))
    return Case(
        accused=accused,
        enquiries=[{"enquiry": e, "entries": list(e.entries.all()),
                    "overdue": e.breached_at is not None or (e.reported_at is None and e.due_at < now)}
                   for e in enquiries],
        allegations=allegations, proceedings=proceedings,
    )


# -- one officer's record ----------------------------------------------------------------------------------------

def officer_record(viewer: User, officer: User, *, limit: int = RECORD_LIMIT) -> list[dict]:
    """Every complaint against `officer` the viewer may see (newest first),
    each with the allegations against this officer, their findings and the
    proceedings. Showing a confidential complaint here is a read of it: one
    access-log row each (via "record")."""
    complaints = list(visible_complaints(viewer).filter(accused__officer=officer).distinct()
                      .select_related("category", "unit").order_by("-received_at", "-id")[:limit])
    by_complaint = {c.pk: [] for c in complaints}
    allegations = (Allegation.objects.filter(complaint_id__in=by_complaint, accused__officer=officer)
                   .prefetch_related("proceedings").order_by("id"))
    for allegation in allegations:
        by_complaint[allegation.complaint_id].append(allegation)
    log_reads(viewer, complaints, "record")
    return [{"complaint": c, "allegations": by_complaint[c.pk],
             "proceedings": [p for a in by_complaint[c.pk] for p in a.proceedings.all()]}
            for c in complaints]


def find_accused_officer(viewer: User, username: str) -> User | None:
    """The officer `username` if at least one complaint against them is visible to the viewer."""
    officer = User.objects.filter(username=username).first() if readable(username) else None
    if officer is None or not visible_complaints(viewer).filter(accused__officer=officer).exists():
        return None
    return officer


# -- the officers accused ----------------------------------------------------------------------------------------

@dataclass
class AccusedOfficer:
    officer: User
    complaints: int
    proved: int
    proceedings: int


def officers_accused(viewer: User, q: str = "", *, limit: int = OFFICERS_LIMIT) -> list[AccusedOfficer]:
    """Officers with complaints against them that the viewer may see, most
    complaints first; `q` matches the name, user name or belt number."""
    rows = Accused.objects.filter(officer__isnull=False, complaint__in=visible_complaints(viewer))
    q = (q or "").strip()
    if q:
        rows = rows.filter(Q(officer__username__icontains=q) | Q(officer__first_name__icontains=q)
                           | Q(officer__last_name__icontains=q) | Q(officer__belt_number__iexact=q))
    counted = list(rows.values("officer_id").annotate(
        complaints=Count("complaint", distinct=True),
        proved=Count("allegations", filter=Q(allegations__finding__in=PROVED_FINDINGS), distinct=True),
        proceedings=Count("proceedings", distinct=True),
    ).order_by("-complaints", "officer_id")[:limit])
    officers = User.objects.in_bulk([row["officer_id"] for row in counted])
    return [AccusedOfficer(officer=officers[row["officer_id"]], complaints=row["complaints"], proved=row["proved"],
                           proceedings=row["proceedings"]) for row in counted]


# -- the access log ----------------------------------------------------------------------------------------------

def period_problem() -> str:
    return _("The period can be %(choices)s days.") % {"choices": ", ".join(map(str, ACCESS_LOG_PERIODS))}


def access_log(viewer: User, etag: str | None = None, username: str | None = None, days: int = 30, *,
               now: datetime | None = None, limit: int = ACCESS_LOG_LIMIT) -> list[AccessLog]:
    """Reads of confidential complaints the viewer may see, newest first, in
    the last `days` days, optionally of one complaint (E-tag) or by one
    officer (user name). An E-tag or user name that matches nothing the
    viewer may see is InvalidInput with the field named, not an empty list."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if days not in ACCESS_LOG_PERIODS:
        errors["days"] = [period_problem()]
    rows = AccessLog.objects.filter(complaint__in=visible_complaints(viewer))
    if etag:
        try:
            code = etags.normalise(etag)
        except InvalidInput as error:
            errors["etag"] = [str(m) for m in error.fields.get("etag", [error.message])]
        else:
            complaint = visible_complaints(viewer).filter(etag=code).first()
            if complaint is None:
                errors["etag"] = [_("No complaint with E-tag %(etag)s in your jurisdiction.")
                                  % {"etag": etags.display(code)}]
            else:
                rows = rows.filter(complaint=complaint)
    if username:
        user = User.objects.filter(username=username.strip()).first()
        if user is None:
            errors["user"] = [_("No officer with the user name “%(name)s”.") % {"name": username.strip()[:40]}]
        else:
            rows = rows.filter(user=user)
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], fields=errors)
    rows = rows.filter(at__gte=now - timedelta(days=days))
    return list(rows.select_related("complaint", "user").order_by("-at", "-id")[:limit])
