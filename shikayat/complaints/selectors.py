"""Every read the pages and the API need, scoped to the reader."""

from datetime import UTC

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from shikayat.accounts.models import User
from shikayat.categories.models import Category
from shikayat.core import clock
from shikayat.core.errors import InvalidInput, NotFound
from shikayat.core.i18n import current_lang
from shikayat.core.phones import normalise_mobile
from shikayat.jurisdictions.models import Unit

from . import etag as etags
from . import permissions
from .models import Attachment, Complaint, ComplaintEvent
from .permissions import Actor, CitizenActor
from .workflow import OPEN, STATUS_LABELS, Status


def complaint_for(actor: Actor, raw_etag: str) -> Complaint:
    """The complaint with this E-tag if the actor may see it; NotFound otherwise
    (the same answer whether it does not exist or is outside their scope)."""
    code = etags.normalise(raw_etag)
    complaint = (
        Complaint.objects.select_related("category", "unit", "unit__level", "assignee", "incident_unit")
        .filter(etag=code)
        .first()
    )
    if complaint is None or not permissions.can_view(actor, complaint):
        raise NotFound(_("No complaint with E-tag %(etag)s in your jurisdiction.") % {"etag": etags.display(code)})
    return complaint


def complaints_for_officer(user: User, filters: dict | None = None) -> QuerySet[Complaint]:
    """The officer's scoped list, filtered. Filters: status, category, channel,
    unit (code, includes sub-units), assignee ('me'), overdue, q (E-tag or mobile)."""
    filters = filters or {}
    qs = Complaint.objects.filter(permissions.scope_filter(user)).select_related("category", "unit", "assignee")
    status = filters.get("status")
    if status == "open":
        qs = qs.filter(status__in=OPEN)
    elif status:
        if status not in Status.values:
            raise InvalidInput(_("Unknown status “%(status)s”.") % {"status": status[:30]},
                               fields={"status": [_("Unknown status.")]})
        qs = qs.filter(status=status)
    if filters.get("category"):
        qs = qs.filter(category__code=filters["category"])
    if filters.get("channel"):
        qs = qs.filter(channel=filters["channel"])
    if filters.get("unit"):
        unit = Unit.objects.filter(code=filters["unit"]).first()
        if unit is None:
            raise InvalidInput(_("Unknown unit “%(code)s”.") % {"code": filters["unit"][:32]},
                               fields={"unit": [_("Unknown unit.")]})
        qs = qs.filter(unit_path__startswith=unit.path)
    if filters.get("assignee") == "me":
        qs = qs.filter(assignee=user)
    if filters.get("overdue") in ("1", "true", True):
        now = filters.get("now") or clock.now()
        qs = qs.filter(status__in=OPEN, report_due_at__lt=now)
    query = (filters.get("q") or "").strip()
    if query:
        qs = _search(qs, query)
    return qs


def _search(qs: QuerySet[Complaint], query: str) -> QuerySet[Complaint]:
    if etags.is_valid(query):
        return qs.filter(etag=etags.normalise(query))
    digits = "".join(ch for ch in query if ch.isdigit() or ch == "+")
    if len(digits) >= 7:
        try:
            return qs.filter(complainant_mobile=normalise_mobile(digits))
        except InvalidInput:
            pass
    return qs.filter(complainant_name__icontains=query)


def timeline_for(actor: Actor, complaint: Complaint) -> QuerySet[ComplaintEvent]:
    events = complaint.events.select_related("actor").order_by("at", "id")
    if isinstance(actor, CitizenActor):
        events = events.filter(is_public=True)
    return events


def attachments_for(actor: Actor, complaint: Complaint) -> QuerySet[Attachment]:
    rows = complaint.attachments.order_by("uploaded_at", "id")
    return rows.filter(is_public=True) if isinstance(actor, CitizenActor) else rows


def _public_status_sql(lang: str) -> str:
    """Built once per language from the models' tables; `lang` is one of LANGS."""
    c, cat, unit = Complaint._meta.db_table, Category._meta.db_table, Unit._meta.db_table
    return (
        f"SELECT c.id, c.status, c.received_at, c.contact_due_at, c.report_due_at, c.feedback_due_at, c.closed_at, "
        f"COALESCE(NULLIF(cat.name_{lang}, ''), cat.name_en), COALESCE(NULLIF(u.name_{lang}, ''), u.name_en) "
        f"FROM {c} c JOIN {cat} cat ON cat.id = c.category_id JOIN {unit} u ON u.id = c.unit_id "
        f"WHERE c.etag = %s AND c.complainant_mobile = %s"
    )


PUBLIC_STATUS_SQL = {lang: None for lang in ("en", "ur", "hi")}
PUBLIC_EVENTS_SQL = (
    f"SELECT at, action, to_status FROM {ComplaintEvent._meta.db_table} "
    "WHERE complaint_id = %s AND is_public ORDER BY at, id"
)


def public_status(raw_etag: str, mobile: str) -> dict:
    """What anyone holding the E-tag and the mobile may see, as plain data.
    This is the busiest read (public traffic is many times the intake), so it
    is two indexed SQL statements rather than ORM querysets."""
    code, number = etags.normalise(raw_etag), normalise_mobile(mobile)
    lang = current_lang()
    if PUBLIC_STATUS_SQL[lang] is None:
        PUBLIC_STATUS_SQL[lang] = _public_status_sql(lang)
    with connection.cursor() as cursor:
        cursor.execute(PUBLIC_STATUS_SQL[lang], [code, number])
        row = cursor.fetchone()
        if row is None:
            raise NotFound(_("We found no complaint with this E-tag and mobile number."))
        cursor.execute(PUBLIC_EVENTS_SQL, [row[0]])
        events = cursor.fetchall()
    pk, status, *dates, category, unit = row
    local = _local_datetime
    keys = ("received_at", "contact_due_at", "report_due_at", "feedback_due_at", "closed_at")
    return {
        "etag": etags.display(code), "status": status, "status_label": str(STATUS_LABELS.get(status, status)),
        "category": category, "unit": unit, **{key: local(value) for key, value in zip(keys, dates, strict=True)},
        "timeline": [{"at": local(at), "action": action, "status": to} for at, action, to in events],
    }


def _local_datetime(value):
    """Aware datetimes in the force's time zone (SQLite returns strings)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return timezone.localtime(value)


def previous_complaints(complaint: Complaint, user: User, limit: int = 10) -> QuerySet[Complaint]:
    if not complaint.complainant_mobile:
        return Complaint.objects.none()
    return (
        Complaint.objects.filter(permissions.scope_filter(user), complainant_mobile=complaint.complainant_mobile)
        .exclude(pk=complaint.pk)
        .order_by("-received_at")[:limit]
    )


# Public tracking is the busiest read: fetch only what the citizen is shown.
TRACK_FIELDS = ("id", "etag", "status", "complainant_mobile", "received_at", "contact_due_at", "report_due_at",
                "feedback_due_at", "closed_at", "resolution", "category__name_en", "category__name_ur",
                "category__name_hi", "unit__name_en", "unit__name_ur", "unit__name_hi")


def track(raw_etag: str, mobile: str) -> Complaint:
    """Public tracking: E-tag and the complainant's mobile must both match
    (an unknown E-tag and a wrong mobile get the same answer)."""
    code = etags.normalise(raw_etag)
    number = normalise_mobile(mobile)
    complaint = (
        Complaint.objects.select_related("category", "unit").only(*TRACK_FIELDS)
        .filter(etag=code, complainant_mobile=number).first()
    )
    if complaint is None:
        raise NotFound(_("We found no complaint with this E-tag and mobile number."))
    return complaint
