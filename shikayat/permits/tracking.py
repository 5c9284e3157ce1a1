"""What an applicant (or a system applying for them) may read of an application by its E-tag and mobile: the
status, the steps' due and done times and the decision, in the citizen's wording, within the tracking limits
every door shares (core/ratelimit.tracking). Never the officers' opinions or notes, nor an organiser's CNIC or
mobile; an unknown E-tag and a wrong mobile get the same answer."""

from django.utils import timezone
from django.utils.translation import gettext as _

from shikayat.complaints import etag as etags
from shikayat.core import ratelimit
from shikayat.core.errors import NotFound
from shikayat.core.phones import normalise_mobile

from . import papers
from .models import PermitApplication, PermitStage, PermitStatus


def _local(value):
    return timezone.localtime(value) if value else None


def public_status(raw_etag: str, raw_mobile: str, *, client: str) -> dict:
    """The application held by this E-tag and mobile, as plain data; NotFound (counted against the E-tag) if
    there is none. A malformed E-tag or mobile is refused before it counts against the limits."""
    code, mobile = etags.normalise(raw_etag), normalise_mobile(raw_mobile)
    with ratelimit.tracking(client, code):
        row = (PermitApplication.objects.select_related("station", "district")
               .filter(etag=code, mobile=mobile).first())
        if row is None:
            raise NotFound(_("We found no application for permission with this E-tag and mobile number."))
    return status_of(row)


def status_of(row: PermitApplication) -> dict:
    """The application as its applicant sees it (their page, the API)."""
    steps = [(PermitStage.STATION, row.station_due_at, row.station_reported_at),
             (PermitStage.BRANCH, row.branch_due_at, row.branch_reported_at),
             (PermitStage.DECISION, row.decision_due_at, row.decided_at)]
    decision = None
    if row.status in papers.DECIDED:
        granted = row.status != PermitStatus.REFUSED
        decision = {"granted": granted, "decided_at": _local(row.decided_at), "number": row.number,
                    "conditions": row.conditions if granted else "", "reasons": "" if granted else row.reasons,
                    "verification_url": papers.verification_url(row)}
    revocation = None
    if row.status == PermitStatus.REVOKED:
        revocation = {"revoked_at": _local(row.revoked_at), "reasons": row.revoked_reasons}
    return {
        "etag": row.etag_display, "kind": row.kind, "kind_label": str(row.get_kind_display()), "title": row.title,
        "status": row.status, "status_label": str(row.get_status_display()),
        "starts_at": _local(row.starts_at), "ends_at": _local(row.ends_at), "venue": row.venue,
        "route": list(row.route), "station": row.station.name, "attendance": row.attendance,
        "received_at": _local(row.received_at),
        "steps": [{"step": str(stage.value), "label": str(stage.label), "due_at": _local(due),
                   "done_at": _local(done)} for stage, due, done in steps],
        "decision": decision, "revocation": revocation,
    }
