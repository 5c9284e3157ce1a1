"""Messages to officers about deadlines (reminders, escalations, digests),
queued in the outbox in the caller's transaction and rendered later in the
officer's own language (User.preferred_language)."""

from django.conf import settings

from shikayat.accounts.models import Posting, Role, User
from shikayat.core import dates
from shikayat.core.i18n import LANGS
from shikayat.notifications.outbox import message


def language_of(officer: User) -> str:
    return officer.preferred_language if officer.preferred_language in LANGS else "en"


def officer_page(etag: str) -> str:
    return f"{settings.SHIKAYAT['PUBLIC_URL'].rstrip('/')}/officer/complaints/{etag}/"


def local_stamp(moment) -> str:
    return dates.stamp(moment)


def to_officer(officer: User, template: str, key: str, context: dict, complaint=None) -> list:
    """SMS to the officer's mobile and email to their address, whichever they have."""
    rows = []
    for channel, recipient in (("sms", officer.mobile), ("email", officer.email)):
        if recipient:
            rows.append(message(channel=channel, recipient=recipient, template=template,
                                language=language_of(officer), context=context,
                                dedupe_key=f"{key}:{officer.pk}:{channel}"[:120], complaint=complaint))
    return rows


def complaint_context(complaint, officer: User) -> dict:
    lang = language_of(officer)
    return {"etag": complaint.etag_display, "category": complaint.category.name_in(lang),
            "unit": complaint.unit.name_in(lang), "url": officer_page(complaint.etag)}


def escalation_messages(complaint, officer: User, key: str) -> list:
    context = {**complaint_context(complaint, officer), "level": complaint.escalation_level,
               "holder": str(complaint.assignee) if complaint.assignee_id else "—"}
    return to_officer(officer, "escalated_to_you", key, context, complaint=complaint)


def unit_office(unit_ids: list[int]) -> list[User]:
    """Who hears about an unassigned complaint: the complaint cell, supervisors and station head of the
    nearest unit (from `unit_ids`, root … unit) that has any."""
    postings = (Posting.objects.active()
                .filter(unit_id__in=unit_ids, role__in=(Role.COMPLAINT_CELL, Role.SUPERVISOR, Role.STATION_HEAD),
                        user__is_active=True)
                .select_related("user"))
    by_unit: dict[int, list[User]] = {}
    for posting in postings:
        by_unit.setdefault(posting.unit_id, []).append(posting.user)
    for unit_id in reversed(unit_ids):
        if unit_id in by_unit:
            return sorted({u.pk: u for u in by_unit[unit_id]}.values(), key=lambda u: u.pk)
    return []
