"""A portal's reminder or re-opened notice about a complaint it forwarded already (a row of its export whose
reference is registered here and whose notice column says "reminder" or "re-opened": portal_import.py).

It is linked to the existing complaint by the portal's reference, never registered again, and:
- a reminder flags it: an internal timeline note the officers see (add_note, by the system), and whoever holds
  it is told (a notice on their Updates page and a message: shikayat/updates/officers.py);
- a re-opened notice reopens it when it awaits the complainant's feedback: the workflow's "reopen" transition
  (the complainant not satisfied, as told through the portal), taken by the officer who imports (the complaint
  cell may; the system may not, so an import run by the system flags instead). From any other open state it
  flags it. A closed, rejected or merged complaint is appealed for the complainant (the complaint cell may lodge
  an appeal made elsewhere; within the SOP's window; one level above whoever decided). Outside the window, by the
  system, or withdrawn: the notice is recorded as not applied with the reason, its holder is told, and the
  complaint cell sees it on the portals page.

Each notice once: its key is the notice's own id where the mapping names that column, else a digest of the
row's mapped cells, so importing the same file again changes nothing (PortalNotice is unique per key)."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from shikayat.complaints import actions
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM, Actor
from shikayat.complaints.workflow import APPEALABLE, TERMINAL, Status
from shikayat.core import clock
from shikayat.core.errors import DomainError
from shikayat.updates import officers
from shikayat.updates.models import OfficerNotice

from .models import ImportRun, PortalNotice

KINDS = ("reminder", "reopened")
IMPORT_CHANNEL = "portal_import"


@dataclass(frozen=True)
class Notice:
    source: str
    label: str
    reference: str
    kind: str  # reminder | reopened
    key: str
    row: int


def notice_key(notice_id: str, reference: str, kind: str, cells: dict) -> str:
    """The notice's own id, or a digest of what the row says (the same row imported again: the same key)."""
    if notice_id:
        return f"id:{notice_id}"[:128]
    said = "\x1f".join(f"{name}={cells[name]}" for name in sorted(cells))
    return "row:" + hashlib.sha256(f"{reference}\x1e{kind}\x1e{said}".encode()).hexdigest()[:48]


def apply(notice: Notice, *, run: ImportRun | None, actor: Actor, now: datetime | None = None) -> str | None:
    """Link the notice to its complaint and act on it; returns the outcome (PortalNotice.Outcome), or None when
    this notice was applied before."""
    at = now or clock.now()
    complaint = Complaint.objects.get(channel=IMPORT_CHANNEL, external_ref=f"{notice.source}:{notice.reference}")
    try:
        with transaction.atomic():
            row = PortalNotice.objects.create(source=notice.source, notice_key=notice.key, kind=notice.kind,
                                              complaint=complaint, run=run, row=notice.row,
                                              outcome=PortalNotice.Outcome.FLAGGED, at=at)
            row.outcome, row.detail = _carry_out(notice, complaint, actor, at)
            row.save(update_fields=["outcome", "detail"])
    except IntegrityError:
        return None
    return row.outcome


def _carry_out(notice: Notice, complaint: Complaint, actor: Actor, at: datetime) -> tuple[str, str]:
    values = {"portal": notice.label, "reference": notice.reference}
    if notice.kind == "reopened":
        said = _("%(portal)s re-opened its complaint %(reference)s: the complainant is not satisfied.") % values
        why = ""
        if complaint.status == Status.AWAITING_FEEDBACK:
            try:
                actions.record_feedback(complaint, actor=actor, satisfied=False, comment=said,
                                        channel=IMPORT_CHANNEL, now=at)
            except DomainError as error:
                why = str(error.message)
            else:
                return PortalNotice.Outcome.REOPENED, ""
        if complaint.status in APPEALABLE:
            # The complainant appealed at the portal: lodged for them, one level above whoever decided.
            try:
                actions.appeal(complaint, actor=actor, grounds=said, channel=IMPORT_CHANNEL, now=at)
            except DomainError as error:
                why = str(error.message)
            else:
                return PortalNotice.Outcome.REOPENED, ""
        if complaint.status in TERMINAL:
            _tell_holders(complaint, "portal_reopened_notice", notice, at)
            return PortalNotice.Outcome.NOT_APPLIED, why or _(
                "The complaint is “%(status)s”: no step of the workflow lets a portal reopen it. Its holder was "
                "told.") % {"status": complaint.get_status_display()}
        return _flag(complaint, said, notice, "portal_reopened_notice", at, why)
    said = _("%(portal)s sent a reminder about its complaint %(reference)s.") % values
    if complaint.status in TERMINAL:
        _tell_holders(complaint, "portal_reminder", notice, at)
        return PortalNotice.Outcome.NOT_APPLIED, _(
            "The complaint is “%(status)s”: a note cannot be added to it any more. Its holder was told.") % {
            "status": complaint.get_status_display()}
    return _flag(complaint, said, notice, "portal_reminder", at)


def _flag(complaint: Complaint, said: str, notice: Notice, template: str, at: datetime,
          why: str = "") -> tuple[str, str]:
    """An internal note on the timeline (the officers see it; the complainant does not), and the holder told."""
    actions.add_note(complaint, actor=SYSTEM, text=said, channel=IMPORT_CHANNEL, now=at)
    _tell_holders(complaint, template, notice, at)
    return PortalNotice.Outcome.FLAGGED, why


def _tell_holders(complaint: Complaint, template: str, notice: Notice, at: datetime) -> None:
    fresh = Complaint.objects.select_related("category", "unit").get(pk=complaint.pk)
    officers.tell(officers.holders(fresh), fresh, OfficerNotice.Kind.PORTAL_NOTICE, template, at,
                  portal=notice.label, reference=notice.reference)
