"""Reads of the duplicate search's results, each through the reader's permissions (fail closed): the officer's
"possibly the same as …" card, the inbox's markers (one query a page), the citizen's hint before lodging, and the
complaint cell's hot spots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from shikayat.accounts.models import Role, User
from shikayat.categories.models import Category
from shikayat.complaints import permissions
from shikayat.complaints.models import Complaint
from shikayat.complaints.workflow import OPEN, Status
from shikayat.jurisdictions.models import Unit

from . import normalise
from .models import HotSpot, HotSpotKind, Reason, Suggestion
from .search import Probe, _id_key, cell_of, matches

PERSON_REASONS = frozenset({Reason.MOBILE.value, Reason.ID_NUMBER.value})
HOTSPOT_DAYS = 30


def visible(user: User) -> QuerySet[Complaint]:
    """The complaints `user` may see in lists (permissions.scope_filter: confidential ones only for their
    roles, never to an accused or a barred unit)."""
    return Complaint.objects.filter(permissions.scope_filter(user))


def _shows_person_link(user: User, complaint: Complaint, other: Complaint) -> bool:
    """"Same mobile" links two complainants: never where either identity is sealed from the reader."""
    return permissions.can_see_identity(user, complaint) and permissions.can_see_identity(user, other)


def for_complaint(user: User, complaint: Complaint) -> list[dict]:
    """The complaints this one is possibly the same as (or that are possibly the same as it), that the officer
    may see and nobody dismissed: each with its reasons, text score and whether it may be merged into."""
    pairs = (Suggestion.objects.filter(Q(complaint=complaint) | Q(other=complaint), dismissed_at=None)
             .filter(Q(complaint_id__in=visible(user).values("pk")) & Q(other_id__in=visible(user).values("pk")))
             .select_related("complaint__unit", "other__unit").order_by("-score", "-pk")[:10])
    shown = []
    for pair in pairs:
        other = pair.other if pair.complaint_id == complaint.pk else pair.complaint
        if other.status == Status.MERGED or not permissions.can_view(user, other):
            continue
        reasons = list(pair.reasons)
        if PERSON_REASONS & set(reasons) and not _shows_person_link(user, complaint, other):
            continue
        shown.append({"id": pair.pk, "other": other, "score": pair.score, "reasons": _labels(reasons, pair.score),
                      "may_merge": complaint.status in OPEN and complaint.status != Status.MERGED})
    return shown


def _labels(reasons: list[str], score: float) -> list[str]:
    labels = [str(Reason(code).label) for code in reasons if code in Reason.values]
    return [*labels, _("text %(score).2f") % {"score": score}]


def _sealed_link(user: User) -> Q:
    """Suggestions that would link a sealed identity to another complaint (none for who sees sealed ones)."""
    if permissions.sees_sealed_identities(user):
        return Q(pk__in=[])
    return Q(same_person=True) & (Q(complaint__identity_sealed=True) | Q(other__identity_sealed=True))


def markers(user: User, complaint_ids: list[int]) -> dict[int, str]:
    """complaint id → the E-tag (display form) of one visible complaint it is possibly the same as: one query
    for the whole inbox page."""
    if not complaint_ids:
        return {}
    rows = (Suggestion.objects.filter(complaint_id__in=complaint_ids, dismissed_at=None)
            .filter(other_id__in=visible(user).values("pk")).exclude(other__status=Status.MERGED)
            .exclude(_sealed_link(user)).order_by("complaint_id", "-score").values_list("complaint_id", "other__etag"))
    found: dict[int, str] = {}
    for complaint_id, etag in rows:
        found.setdefault(complaint_id, Complaint(etag=etag).etag_display)
    return found


# The citizen, before lodging -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CitizenHint:
    """What a citizen may be told before lodging: their own similar open complaint (its E-tag: it is theirs), or
    only the station handling someone else's similar complaint about this place. Never both, never more."""

    own: Complaint | None = None
    station: Unit | None = None


def hint_for_citizen(*, mobile: str, category: Category, station: Unit, description: str, now: datetime,
                     lat: float | None = None, lng: float | None = None, id_number: str = "") -> CitizenHint:
    """Search for the complaint a citizen is about to lodge. Nothing at all for a confidential category, and
    no confidential complaint is ever a match."""
    sop = category.effective_sop()
    if sop is None or sop.confidential:
        return CitizenHint()
    probe = Probe(skeleton=normalise.skeleton(description), mobile=mobile, id_number=_id_key(id_number),
                  station_id=station.pk, cell=cell_of(lat, lng), lat=lat, lng=lng, category_id=category.pk,
                  received_at=now)
    found = [m for m in matches([probe])[None] if not m.is_confidential]
    if found:  # only open complaints are offered (the search reads fingerprints, not the complaints' status)
        still_open = set(Complaint.objects.filter(pk__in=[m.other_id for m in found], status__in=OPEN)
                         .values_list("pk", flat=True))
        found = [m for m in found if m.other_id in still_open]
    own_ids = [m.other_id for m in found if m.same_person]
    if own_ids:
        own = (Complaint.objects.filter(pk__in=own_ids, complainant_mobile=mobile, is_confidential=False)
               .select_related("unit").order_by("-received_at").first())
        if own is not None:
            return CitizenHint(own=own)
    others = [m for m in found if not m.same_person]
    if others:
        return CitizenHint(station=Unit.objects.get(pk=others[0].station_id))
    return CitizenHint()


# Hot spots -----------------------------------------------------------------------------------------------------


def cell_paths(user: User) -> list[str]:
    """The units whose complaint cell the reader serves in (the hot spots are theirs)."""
    if not user.is_active:
        return []
    return sorted({p.unit.path for p in permissions.active_postings(user) if p.role == Role.COMPLAINT_CELL})


def hot_spots(user: User, since: datetime) -> list[dict]:
    """The hot spots in the reader's complaint-cell jurisdiction since `since`, newest first, each with only the
    complaints the reader may see; one whose visible complaints no longer make it a hot spot is not shown."""
    paths = cell_paths(user)
    if not paths:
        return []
    within = Q(pk__in=[])
    for path in paths:
        within |= Q(unit__path__startswith=path)
    spots = list(HotSpot.objects.filter(within, last_at__gte=since).select_related("unit")
                 .order_by("-last_at")[:200])
    ids = {pk for spot in spots for pk in spot.complaint_ids}
    readable = visible(user).filter(pk__in=ids).exclude(status=Status.MERGED)
    sealed = readable.filter(identity_sealed=True) if not permissions.sees_sealed_identities(user) else None
    seen = {c.pk: c for c in readable.select_related("category", "unit")}
    hidden_from_repeats = set(sealed.values_list("pk", flat=True)) if sealed is not None else set()
    listed = []
    for spot in spots:
        hidden = hidden_from_repeats if spot.kind == HotSpotKind.REPEAT else set()
        complaints = sorted((seen[pk] for pk in spot.complaint_ids if pk in seen and pk not in hidden),
                            key=lambda c: c.received_at)
        needed = 3 if spot.kind == HotSpotKind.REPEAT else 5
        if len(complaints) < needed:
            continue
        listed.append({"spot": spot, "kind": spot.get_kind_display(), "complaints": complaints,
                       "count": len(complaints)})
    return listed
