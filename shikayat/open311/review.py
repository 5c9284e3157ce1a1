"""Requests from a key on probation (Integrator.review_first) wait for the complaint cell: a cell posted at a
unit sees those whose place lies within it (and a cell at the top of the force those that name no place); it
accepts one (registered then through intake, as it was validated, with the integrator as the source) or refuses
it with a reason the client reads at tokens/{token}."""

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from shikayat.accounts.models import Role, User
from shikayat.complaints import intake
from shikayat.complaints.models import Channel
from shikayat.complaints.permissions import active_postings
from shikayat.core import clock
from shikayat.core.errors import InvalidInput, NotFound, PermissionDenied, TransitionNotAllowed
from shikayat.jurisdictions.selectors import unit_table

from .models import Open311Request, RequestState
from .render import Open311Error
from .submit import actor_for, refused_service

REASON_MAX = 500


def cell_paths(user: User) -> list[str]:
    """The units whose complaint cell this officer serves in."""
    return sorted({p.unit.path for p in active_postings(user) if p.role == Role.COMPLAINT_CELL})


def _scope(paths: list[str]) -> Q:
    scope = Q(pk__in=[])
    for path in paths:
        scope |= Q(unit_path__startswith=path)
    root = unit_table().root
    if root is not None and root.path in paths:
        scope |= Q(unit_path="")
    return scope


def to_check(user: User) -> QuerySet[Open311Request]:
    """The waiting requests this officer's complaint cell checks, oldest first."""
    paths = cell_paths(user)
    if not paths:
        return Open311Request.objects.none()
    return (Open311Request.objects.filter(_scope(paths), state=RequestState.PENDING)
            .select_related("integrator", "category").order_by("created_at", "id"))


def _locked(user: User, pk: int) -> Open311Request:
    paths = cell_paths(user)
    if not paths:
        raise PermissionDenied(_("Open311 requests are checked by the complaint cell."))
    row = (Open311Request.objects.select_for_update().select_related("integrator")
           .filter(_scope(paths), pk=pk).first())
    if row is None:
        raise NotFound(_("There is no such Open311 request for your complaint cell."))
    if row.state != RequestState.PENDING:
        raise TransitionNotAllowed(_("This request was already checked."))
    return row


def accept(pk: int, *, actor: User, now=None) -> Open311Request:
    """Register the waiting request as a complaint (intake validates it again: a category closed since, say, is
    refused and nothing is written)."""
    now = now or clock.now()
    with transaction.atomic():
        row = _locked(actor, pk)
        try:  # still a service this key may post to (a category made confidential since is refused)
            refused_service(row.data.get("category", ""), row.integrator)
        except Open311Error as error:
            raise InvalidInput(" ".join(error.descriptions)) from error
        complaint = intake.register_complaint(actor=actor_for(row.integrator), channel=Channel.OPEN311,
                                              data=row.data, now=now)
        row.complaint, row.state, row.reviewed_by, row.reviewed_at = complaint, RequestState.REGISTERED, actor, now
        row.save(update_fields=["complaint", "state", "reviewed_by", "reviewed_at"])
    return row


def refuse(pk: int, *, actor: User, reason: str, now=None) -> Open311Request:
    reason = " ".join((reason or "").split())
    if not reason:
        message = _("Please give the reason; the application that sent it is told.")
        raise InvalidInput(message, fields={"reason": [message]})
    if len(reason) > REASON_MAX:
        message = _("Too long (at most %(max)d characters).") % {"max": REASON_MAX}
        raise InvalidInput(message, fields={"reason": [message]})
    with transaction.atomic():
        row = _locked(actor, pk)
        row.state, row.refusal_reason, row.reviewed_by, row.reviewed_at = (RequestState.REFUSED, reason, actor,
                                                                           now or clock.now())
        row.save(update_fields=["state", "refusal_reason", "reviewed_by", "reviewed_at"])
    return row
