"""Every read the pages and the API need, scoped to the reader."""

from datetime import UTC

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from shikayat.accounts.models import Posting, Rank, Role, User
from shikayat.categories.models import Category
from shikayat.core import ratelimit
from shikayat.core.errors import NotFound
from shikayat.core.i18n import current_lang
from shikayat.core.phones import normalise_mobile, written_as_e164
from shikayat.jurisdictions.models import Unit

from . import etag as etags
from . import hooks, permissions
from .inbox import officer_complaints
from .models import Attachment, Complaint, ComplaintEvent
from .permissions import Actor, CitizenActor
from .workflow import STATUS_LABELS, Status


def complaint_for(actor: Actor, raw_etag: str, *, via: str = "page") -> Complaint:
    """The complaint with this E-tag if the actor may see it; NotFound otherwise
    (the same answer whether it does not exist or is outside their scope).
    A confidential complaint's read is written to its access log (`via`: page, api, …)."""
    code = etags.normalise(raw_etag)
    complaint = (
        Complaint.objects.select_related("category", "unit", "unit__level", "assignee", "incident_unit", "escalated_to")
        .filter(etag=code)
        .first()
    )
    if complaint is None or not permissions.can_view(actor, complaint):
        raise NotFound(_("No complaint with E-tag %(etag)s in your jurisdiction.") % {"etag": etags.display(code)})
    hooks.emit("read", hooks.Read(complaints=(complaint,), actor=actor, via=via))  # the access log listens
    return complaint


def complaints_for_officer(user: User, filters: dict | None = None) -> QuerySet[Complaint]:
    """The officer's scoped list, filtered (see inbox.officer_complaints for the filters)."""
    return officer_complaints(user, filters).select_related("category", "unit", "assignee")


def timeline_for(actor: Actor, complaint: Complaint) -> QuerySet[ComplaintEvent]:
    events = complaint.events.select_related("actor").order_by("at", "id")
    if isinstance(actor, CitizenActor):
        events = events.filter(is_public=True)
    return events


def attachments_for(actor: Actor, complaint: Complaint) -> QuerySet[Attachment]:
    rows = complaint.attachments.order_by("uploaded_at", "id")
    return rows.filter(is_public=True) if isinstance(actor, CitizenActor) else rows


def _public_status_sql(lang: str) -> str:
    """Built once per language from the models' tables; `lang` is one of LANGS. One statement: the complaint
    with its category's and unit's names on every row, one row per public step, oldest first (one row with
    no step if there is none)."""
    c, cat, unit = Complaint._meta.db_table, Category._meta.db_table, Unit._meta.db_table
    return (
        f"SELECT c.status, c.received_at, c.contact_due_at, c.report_due_at, c.feedback_due_at, c.closed_at, "
        f"COALESCE(NULLIF(cat.name_{lang}, ''), cat.name_en), COALESCE(NULLIF(u.name_{lang}, ''), u.name_en), "
        f"e.at, e.action, e.to_status "
        f"FROM {c} c JOIN {cat} cat ON cat.id = c.category_id JOIN {unit} u ON u.id = c.unit_id "
        f"LEFT JOIN {ComplaintEvent._meta.db_table} e ON e.complaint_id = c.id AND e.is_public "
        f"WHERE c.etag = %s AND c.complainant_mobile = %s ORDER BY e.at, e.id"
    )


PUBLIC_STATUS_SQL = {lang: None for lang in ("en", "ur", "hi")}


def public_status(raw_etag: str, mobile: str, *, client: str) -> dict:
    """What anyone holding the E-tag and the mobile may see, as plain data,
    within the tracking limits (`client`: see ratelimit.tracking).
    This is the busiest read (public traffic is many times the intake), so it
    is one indexed SQL statement (prepared once per connection in production)
    rather than ORM querysets. A mobile written as E.164 (apps, SMS and
    WhatsApp senders) is looked up as written and parsed only if no complaint
    has it; other spellings are parsed first (a malformed one is refused
    before it counts against the limits)."""
    code, written = etags.normalise(raw_etag), written_as_e164(mobile)
    number = written or normalise_mobile(mobile)
    lang = current_lang()
    if PUBLIC_STATUS_SQL[lang] is None:
        PUBLIC_STATUS_SQL[lang] = _public_status_sql(lang)
    with ratelimit.tracking(client, code), connection.cursor() as cursor:
        cursor.execute(PUBLIC_STATUS_SQL[lang], [code, number])
        rows = cursor.fetchall()
        if not rows and written:
            number = normalise_mobile(mobile)  # not valid: 400, as before; valid but spelt otherwise: again
            if number != written:
                cursor.execute(PUBLIC_STATUS_SQL[lang], [code, number])
                rows = cursor.fetchall()
        if not rows:
            raise NotFound(_("We found no complaint with this E-tag and mobile number."))
    status, *dates, category, unit = rows[0][:8]
    zone = timezone.get_current_timezone()  # once: each lookup goes through a context-local

    def local(value):
        return _local_datetime(value, zone)

    keys = ("received_at", "contact_due_at", "report_due_at", "feedback_due_at", "closed_at")
    return {
        "etag": etags.display(code), "status": status, "status_label": str(STATUS_LABELS.get(status, status)),
        "category": category, "unit": unit, **{key: local(value) for key, value in zip(keys, dates, strict=True)},
        "timeline": [{"at": local(at), "action": action, "status": to} for *_, at, action, to in rows
                     if at is not None],
    }


def _local_datetime(value, zone=None):
    """Aware datetimes in the force's time zone, or `zone` (SQLite returns strings)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value.astimezone(zone or timezone.get_current_timezone())


def previous_complaints(complaint: Complaint, user: User, limit: int = 10) -> QuerySet[Complaint]:
    """The complainant's other complaints the officer may see; none that would
    link a sealed identity to a name (see permissions.can_see_identity)."""
    if not complaint.complainant_mobile or not permissions.can_see_identity(user, complaint):
        return Complaint.objects.none()
    others = Complaint.objects.filter(permissions.scope_filter(user), complainant_mobile=complaint.complainant_mobile)
    if not permissions.sees_sealed_identities(user):
        others = others.filter(identity_sealed=False)
    return others.exclude(pk=complaint.pk).order_by("-received_at")[:limit]


# Public tracking is the busiest read: fetch only what the citizen is shown.
TRACK_FIELDS = ("id", "etag", "status", "complainant_mobile", "received_at", "contact_due_at", "report_due_at",
                "feedback_due_at", "closed_at", "resolution", "category__name_en", "category__name_ur",
                "category__name_hi", "unit__name_en", "unit__name_ur", "unit__name_hi")


def track(raw_etag: str, mobile: str, *, client: str) -> Complaint:
    """Public tracking: E-tag and the complainant's mobile must both match
    (an unknown E-tag and a wrong mobile get the same answer), within the
    tracking limits (`client`: see ratelimit.tracking)."""
    code = etags.normalise(raw_etag)
    number = normalise_mobile(mobile)
    with ratelimit.tracking(client, code):
        complaint = (
            Complaint.objects.select_related("category", "unit").only(*TRACK_FIELDS)
            .filter(etag=code, complainant_mobile=number).first()
        )
        if complaint is None:
            raise NotFound(_("We found no complaint with this E-tag and mobile number."))
    return complaint


def assignable_officers(actor: User, complaint: Complaint, limit: int = 300) -> list[dict]:
    """Officers the actor may mark this complaint to, nearest units first: enquiry officers and supervisors
    of at least the SOP's rank (and above an accused's rank), active, posted in the complaint's unit, below it
    or above it, within the actor's own jurisdiction; never the accused, their juniors or barred units.
    Each row: username, name, rank, belt, unit, distance (steps up or down the tree), label."""
    sop = complaint.category.effective_sop()
    scope = [p.unit.path for p in permissions.active_postings(actor)]
    unit = complaint.unit
    within = Q(pk__in=[])
    for path in scope:
        within |= Q(unit__path__startswith=path)
    roles = [Role.ENQUIRY_OFFICER, Role.SUPERVISOR, *([sop.desk_role] if sop and sop.desk_role else [])]
    eligible = (
        Posting.objects.active()
        .filter(within, role__in=roles, user__is_active=True,
                user__rank__gte=max(sop.min_rank if sop else 0, complaint.accused_rank or 0))
        .select_related("user", "unit")
    )
    # The ancestors are a handful of units; below, shorter paths are nearer (the exact steps are sorted below).
    above = eligible.filter(unit_id__in=unit.ancestor_ids()[:-1])
    below = eligible.filter(unit__path__startswith=unit.path).order_by(Length("unit__path"), "-user__rank")
    postings = [*above, *below[: limit * 2]]
    postings.sort(key=lambda p: (abs(p.unit.depth - unit.depth), p.unit.depth < unit.depth,
                                 -(p.user.rank or 0), p.user.username))
    # The accused, their juniors and their barred units are never offered.
    rules = permissions.handling_rules(complaint.handling)
    seen = rules.barred_officers(complaint, [p.user for p in postings]) if rules is not None else set()
    rows = []
    for posting in postings:
        if posting.user_id in seen:
            continue
        seen.add(posting.user_id)
        user = posting.user
        rank = str(Rank(user.rank).label) if user.rank else ""
        name = user.get_full_name() or user.username
        rows.append({
            "username": user.username, "name": name, "rank": rank, "belt": user.belt_number,
            "unit": posting.unit.name, "distance": abs(posting.unit.depth - unit.depth),
            "label": " · ".join(part for part in (f"{user}", user.belt_number, posting.unit.name) if part),
        })
    return rows[:limit]


def transfer_units(actor: User, complaint: Complaint, limit: int = 600) -> list[Unit]:
    """Active units in the actor's jurisdiction a complaint may be transferred to."""
    paths = [p.unit.path for p in permissions.active_postings(actor)]
    return list(Unit.objects.within_any(paths).filter(is_active=True).exclude(pk=complaint.unit_id)
                .select_related("level").order_by("path")[:limit])


def open_followup(mobile: str) -> Complaint | None:
    """The complainant's closed complaint whose question "did the police action hold?" is open (asked, not
    answered), the one asked last: what a bare "1" or "2" from their number answers (SMS, WhatsApp)."""
    if not mobile:
        return None
    return (Complaint.objects.filter(complainant_mobile=mobile, status=Status.CLOSED, followup_asked_at__isnull=False,
                                     followup_answered_at__isnull=True)
            .select_related("category", "unit").order_by("-followup_asked_at", "-id").first())
