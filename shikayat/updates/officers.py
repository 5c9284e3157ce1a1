"""Listeners of the complaint core (complaints/hooks.py) that tell the officers about its events.

- Marked to an officer (any action that leaves the complaint with another assignee: assign, and the regular
  enquiry ordered on a complaint against police): the new assignee, with the next deadline. A transfer or a
  reroute leaves it marked to nobody; the office that now has it finds it under "Awaiting routing".
- The complainant adds information or a file (add_information / add_attachment taken as the complainant: a
  CitizenActor, or the system passing on their email or WhatsApp message; never an officer's own addition, nor
  the files given with the complaint itself): whoever holds it.
- The complainant answers the proposed resolution (confirm_satisfied / reopen as the complainant): whoever held
  it when they answered, and, when it is reopened, the office that now holds it to mark it again.

Whoever holds it: its assignee; while it is marked to nobody, the officers of the nearest office at or above its
unit who may mark it (complaint cell, supervisors; the accountability branch or the women officers' cell for
the confidential complaints they hold) — those who find it under "Awaiting routing" or "Reopened". Nobody who
may not see the complaint is told (the accused, anyone junior to them and their barred units; general roles for
a confidential complaint), nor the officer who took the action.

Each is a notice in the officer's workspace (Updates; shikayat/updates/notices.py) and, when it is new, a
message by each channel the officer chose (accounts/notify.py), both written in the action's transaction. The
messages name the E-tag, category and unit and link to the officer's page: never the complainant's name,
number or words."""

from datetime import datetime, timedelta

from django.urls import reverse

from shikayat.accounts import notify
from shikayat.accounts.models import Posting, Role, User
from shikayat.complaints import hooks, permissions, workflow
from shikayat.complaints.links import public_url
from shikayat.complaints.models import Complaint
from shikayat.core import dates
from shikayat.core.i18n import LANGS
from shikayat.jurisdictions.models import path_ids
from shikayat.notifications.outbox import enqueue_many, message

from . import notices
from .models import OfficerNotice

Kind = OfficerNotice.Kind
# Who marks a complaint that is marked to nobody (the "assign" transition's posting roles).
OFFICE_ROLES = (Role.COMPLAINT_CELL, Role.SUPERVISOR, Role.STATION_HEAD, Role.ACCOUNTABILITY, Role.WOMEN_CELL)
ASSIGN = workflow.TRANSITIONS["assign"]
# Files and words given while lodging (the lodging form's files, the photos sent on WhatsApp while lodging that
# the worker attaches moments later) are part of the new complaint the office finds under "Awaiting routing",
# not news: while it is marked to nobody and this young, nobody is told.
WITH_THE_COMPLAINT = timedelta(minutes=15)
ADDED = {"add_information": (Kind.INFORMATION, "complainant_added_information"),
         "add_attachment": (Kind.ATTACHMENT, "complainant_added_file")}
ANSWERED = {"confirm_satisfied": (Kind.SATISFIED, "complainant_satisfied"),
            "reopen": (Kind.REOPENED, "complainant_not_satisfied")}


def marked(event: hooks.ActionEvent) -> None:
    """The officer the complaint is now marked to, with the next deadline (contact, or the report once the
    complainant has been contacted in this cycle)."""
    row = event.complaint
    if row.assignee_id is None or row.assignee_id == event.before.assignee_id:
        return
    contacted = row.first_contacted_at is not None
    due = row.report_due_at if contacted else row.contact_due_at
    officer = list(User.objects.filter(pk=row.assignee_id))  # as saved: their choice now, not the caller's copy
    tell(_may_hear(officer, row, event.actor), row, Kind.MARKED,
         "marked_to_you_report_due" if contacted else "marked_to_you", event.at, due=_local_stamp(due))


def complainant_added(event: hooks.ActionEvent) -> None:
    """Whoever holds the complaint, when the complainant adds information or a file to it."""
    if not _by_the_complainant(event) or _given_with_the_complaint(event):
        return
    kind, template = ADDED[event.action]
    tell(holders(event.complaint), event.complaint, kind, template, event.at)


def complainant_answered(event: hooks.ActionEvent) -> None:
    """Whoever held the complaint when the complainant answered the proposed resolution, and (reopened) the
    office that holds it now."""
    if not _by_the_complainant(event):
        return
    kind, template = ANSWERED[event.action]
    row = event.complaint
    then_and_now = holders(row, position=event.before) + holders(row)
    tell(list({officer.pk: officer for officer in then_and_now}.values()), row, kind, template, event.at)


def opened(event: hooks.Read) -> None:
    """An officer opened complaints: what they were told about them is read."""
    if isinstance(event.actor, User):
        notices.mark_read(event.actor, complaints=event.complaints)


def holders(complaint: Complaint, *, position: Complaint | None = None) -> list[User]:
    """Who holds the complaint at `position` (the row as it is, or as it was before an action): its assignee,
    or the officers of the nearest office at or above its unit who may mark it; only those who may see it."""
    position = position or complaint
    if position.assignee_id is not None:
        return _may_hear(list(User.objects.filter(pk=position.assignee_id)), position)
    unit_ids = path_ids(position.unit_path)
    postings = list(Posting.objects.active()
                    .filter(unit_id__in=unit_ids, role__in=OFFICE_ROLES, user__is_active=True)
                    .select_related("user").order_by("user_id"))
    for unit_id in reversed(unit_ids):  # the unit itself first, then up the tree
        office = {posting.user_id: posting.user for posting in postings if posting.unit_id == unit_id}
        allowed = [officer for officer in _may_hear(list(office.values()), position)
                   if permissions.can_take(officer, position, ASSIGN)]
        if allowed:
            return allowed
    return []


def tell(officers: list[User], complaint: Complaint, kind: str, template: str, at: datetime, **context) -> None:
    """A notice for each officer, and for each new one (not added to an unread one) a message by each channel
    the officer chose, queued in the outbox."""
    rows = []
    for officer in officers:
        notice = notices.add(officer, complaint, kind, at)
        if notice is not None:
            rows += _messages(officer, complaint, notice, template, context)
    enqueue_many(rows)


def _messages(officer: User, complaint: Complaint, notice: OfficerNotice, template: str, extra: dict) -> list:
    language = officer.preferred_language if officer.preferred_language in LANGS else "en"
    context = {"etag": complaint.etag_display, "category": complaint.category.name_in(language),
               "unit": complaint.unit.name_in(language), **extra, "url": officer_url(complaint)}
    return [message(channel=channel, recipient=address, template=template, language=language, context=context,
                    dedupe_key=f"officer-notice:{notice.pk}:{channel}", complaint=complaint)
            for channel, address in notify.addresses(officer)]


def officer_url(complaint: Complaint) -> str:
    return public_url(reverse("web:officer-complaint", args=[complaint.etag]))


def _may_hear(officers: list[User], complaint: Complaint, actor=None) -> list[User]:
    """Those of `officers` who may see the complaint and are not barred from it, leaving out the one who acted."""
    acting = actor.pk if isinstance(actor, User) else None
    return [officer for officer in officers
            if officer.is_active and officer.pk != acting and permissions.can_view(officer, complaint)
            and not permissions.is_barred(officer, complaint)]


# Desks where an officer records what the complainant brings or says, on their behalf; and a portal's import,
# whose re-opened notice is the complainant's answer given there (shikayat/channels/portal_notices.py).
RELAYING_CHANNELS = frozenset({"call_centre", "front_desk", "portal_import"})


def _by_the_complainant(event: hooks.ActionEvent) -> bool:
    """Taken as the complainant (a CitizenActor), by the system passing on their message, or recorded for them
    at the helpline or the front desk; not an officer's own addition."""
    return not isinstance(event.actor, User) or event.channel in RELAYING_CHANNELS


def _given_with_the_complaint(event: hooks.ActionEvent) -> bool:
    age = event.at - event.complaint.received_at
    return event.before.assignee_id is None and timedelta(0) <= age < WITH_THE_COMPLAINT


def _local_stamp(moment: datetime) -> str:
    return dates.stamp(moment)


def register() -> None:
    """Register this module's listeners (called from UpdatesConfig.ready)."""
    # Every action: whichever leaves the complaint marked to someone new (assign, order_regular_enquiry, …).
    hooks.register(marked, name="updates.officers.marked", order=300)
    hooks.register(complainant_added, name="updates.officers.complainant_added", order=300, actions=set(ADDED))
    hooks.register(complainant_answered, name="updates.officers.complainant_answered", order=300,
                   actions=set(ANSWERED))
    hooks.register(opened, name="updates.officers.opened", order=200, on="read")
