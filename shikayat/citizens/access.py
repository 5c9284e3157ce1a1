"""How a citizen proves who they are on the web, without an account:
a verified mobile (one-time code) kept in the session for a few hours, or a
signed link that was sent to the complainant's own mobile or email.

Reading and acting are kept apart: E-tag + mobile, or a view-only link (the
front desk's slip), lets the session read the status page; acting for the
complainant needs a proof only they hold, and the actor carries which one."""

from datetime import datetime

from shikayat.complaints.links import LinkGrant
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import CitizenActor
from shikayat.core import clock

VERIFIED_FOR = 12 * 3600
SESSION_MOBILE, SESSION_AT = "citizen_mobile", "citizen_verified_at"
SESSION_VIEWABLE = "citizen_viewable_etags"
# {etag: credential}. (Sessions from before links had a purpose kept a list under "citizen_linked_etags";
# it is no longer read, so a link once printed on a slip acts in no old session either.)
SESSION_ACTING = "citizen_acting_etags"
KEEP = 50


def remember_mobile(session, mobile: str, now: datetime | None = None) -> None:
    session.cycle_key()  # a new session id once the citizen has proved who they are
    session[SESSION_MOBILE] = mobile
    session[SESSION_AT] = (now or clock.now()).timestamp()


def verified_mobile(session, now: datetime | None = None) -> str | None:
    at = session.get(SESSION_AT)
    if not at or (now or clock.now()).timestamp() - at > VERIFIED_FOR:
        return None
    return session.get(SESSION_MOBILE)


def allow_viewing(session, etag: str) -> None:
    """After E-tag + mobile matched, or a view-only link: may read the status page in this session."""
    values = [v for v in session.get(SESSION_VIEWABLE, []) if v != etag][-(KEEP - 1):]
    session[SESSION_VIEWABLE] = [*values, etag]


def allow_acting(session, etag: str, credential: str) -> None:
    """The session proved to be the complainant of `etag` by `credential`: may also act."""
    acting = {k: v for k, v in (session.get(SESSION_ACTING) or {}).items() if k != etag}
    session[SESSION_ACTING] = dict([*list(acting.items())[-(KEEP - 1):], (etag, credential)])
    allow_viewing(session, etag)


def grant_from_link(session, grant: LinkGrant) -> None:
    """A link sent to the complainant's own mobile or email acts; any other only shows the status."""
    if grant.credential:
        allow_acting(session, grant.etag, grant.credential)
    else:
        allow_viewing(session, grant.etag)


def actor_for(session, complaint: Complaint) -> CitizenActor | None:
    """The complainant, with the proof this session gave, if it has proved to be them."""
    mobile = complaint.complainant_mobile
    if not mobile:
        return None
    if verified_mobile(session) == mobile:
        return CitizenActor(mobile=mobile, credential="otp")
    credential = (session.get(SESSION_ACTING) or {}).get(complaint.etag)
    return CitizenActor(mobile=mobile, credential=credential) if credential else None


def may_view(session, complaint: Complaint) -> bool:
    return complaint.etag in session.get(SESSION_VIEWABLE, []) or actor_for(session, complaint) is not None
