"""How a citizen proves who they are on the web, without an account:
a verified mobile (one-time code) kept in the session for a few hours, or a
signed tracking link that was sent by SMS to the complainant's number."""

from datetime import datetime

from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import CitizenActor
from shikayat.core import clock

VERIFIED_FOR = 12 * 3600
SESSION_MOBILE, SESSION_AT = "citizen_mobile", "citizen_verified_at"
SESSION_LINKED, SESSION_VIEWABLE = "citizen_linked_etags", "citizen_viewable_etags"


def remember_mobile(session, mobile: str, now: datetime | None = None) -> None:
    session.cycle_key()  # a new session id once the citizen has proved who they are
    session[SESSION_MOBILE] = mobile
    session[SESSION_AT] = (now or clock.now()).timestamp()


def verified_mobile(session, now: datetime | None = None) -> str | None:
    at = session.get(SESSION_AT)
    if not at or (now or clock.now()).timestamp() - at > VERIFIED_FOR:
        return None
    return session.get(SESSION_MOBILE)


def _add(session, key: str, etag: str) -> None:
    values = [v for v in session.get(key, []) if v != etag][-49:]
    session[key] = [*values, etag]


def allow_viewing(session, etag: str) -> None:
    """After E-tag + mobile matched: may read the status page in this session."""
    _add(session, SESSION_VIEWABLE, etag)


def grant_from_link(session, etag: str) -> None:
    """The signed SMS link proves possession of the number: may also act."""
    _add(session, SESSION_LINKED, etag)
    allow_viewing(session, etag)


def actor_for(session, complaint: Complaint) -> CitizenActor | None:
    """The complainant, if this session has proved to be them."""
    if not complaint.complainant_mobile:
        return None
    if complaint.etag in session.get(SESSION_LINKED, []) or verified_mobile(session) == complaint.complainant_mobile:
        return CitizenActor(mobile=complaint.complainant_mobile)
    return None


def may_view(session, complaint: Complaint) -> bool:
    return complaint.etag in session.get(SESSION_VIEWABLE, []) or actor_for(session, complaint) is not None
