"""The officer's work lists: which box (routing, marked to me, approvals …),
filters, search, sort and keyset pagination. The officer pages and the API
list both read complaints through `officer_complaints`.

Pagination is by keyset (the sort key and the id of the last row shown), so
page 1,000 costs what page 1 costs, and no list ever counts the whole table:
box counts stop at `COUNT_CAP`."""

import base64
import binascii
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shikayat.accounts.models import Role, User
from shikayat.categories.models import Category
from shikayat.core import clock
from shikayat.core.errors import InvalidInput
from shikayat.core.phones import normalise_mobile
from shikayat.core.query import MAX_DAYS, MAX_ID, Query, in_range
from shikayat.jurisdictions.models import Unit

from . import etag as etags
from . import permissions, workflow
from .models import Channel, Complaint
from .workflow import AWAITING_APPROVAL, OPEN, WORKING, Status

PAGE_SIZE = 50
COUNT_CAP = 1000
COUNTS_SECONDS = 60
DUE_SOON = timedelta(hours=24)


@dataclass(frozen=True)
class Box:
    code: str
    label: str
    roles: frozenset  # posting roles that get this box; empty = everyone


BOXES = [
    Box("routing", gettext_lazy("Awaiting routing"), workflow.STATION),
    Box("mine", gettext_lazy("Marked to me"), frozenset()),
    Box("approvals", gettext_lazy("Awaiting approval"), workflow.STATION),
    Box("reopened", gettext_lazy("Reopened"), workflow.STATION),
    # Missed deadlines escalated to this supervisor by the deadline sweep.
    Box("escalated", gettext_lazy("Escalated to me"), frozenset({Role.SUPERVISOR})),
    Box("feedback", gettext_lazy("Awaiting citizen's feedback"),
        frozenset({Role.CALL_CENTRE, Role.COMPLAINT_CELL, Role.SUPERVISOR})),
    Box("unit", gettext_lazy("My unit"), frozenset({Role.COMPLAINT_CELL, Role.SUPERVISOR, Role.STATION_HEAD,
                                                    Role.ACCOUNTABILITY, Role.FRONT_DESK, Role.ENQUIRY_OFFICER})),
    Box("all", gettext_lazy("All in my jurisdiction"), frozenset()),
]
BOX_CODES = {box.code for box in BOXES}


@dataclass(frozen=True)
class Sort:
    code: str
    label: str
    field: str
    descending: bool


SORTS = {s.code: s for s in [
    Sort("newest", gettext_lazy("Newest first"), "received_at", True),
    Sort("oldest", gettext_lazy("Oldest first"), "received_at", False),
    Sort("due", gettext_lazy("Report due soonest"), "report_due_at", False),
]}

FILTER_KEYS = ("box", "status", "category", "channel", "unit", "assignee", "overdue", "due_soon", "priority", "age",
               "from", "to", "q", "sort")
# Priority complaints (Complaint.priority, e.g. from the Prime Minister's Citizen Portal) come first in every list,
# in the list's own order, then the others: two keyset reads, each through the indexes the order already uses
# (the priority complaints are few, and complaint_priority_idx holds them).
URGENT = Q(priority__gt=0)
NORMAL = Q(priority=0)


def boxes_for(user: User) -> list[Box]:
    roles = {p.role for p in permissions.active_postings(user)}
    return [box for box in BOXES if not box.roles or box.roles & roles]


def default_box(user: User) -> str:
    roles = {p.role for p in permissions.active_postings(user)}
    if roles & {Role.COMPLAINT_CELL, Role.STATION_HEAD}:
        return "routing"
    if Role.SUPERVISOR in roles:
        return "approvals"
    if Role.CALL_CENTRE in roles:
        return "feedback"
    if Role.ENQUIRY_OFFICER in roles:
        return "mine"
    return "all"


def _box_filter(user: User, box: str) -> Q:
    if box == "routing":
        return Q(status=Status.REGISTERED)
    if box == "mine":
        return Q(assignee=user, status__in=OPEN)
    if box == "approvals":
        # Never his own proposal or work: another officer decides on it (permissions.closing_refusal).
        return Q(status__in=AWAITING_APPROVAL) & ~Q(proposed_by=user) & ~Q(assignee=user)
    if box == "reopened":
        return Q(status=Status.REOPENED)
    if box == "escalated":
        return Q(escalated_to=user, status__in=OPEN)
    if box == "feedback":
        return Q(status=Status.AWAITING_FEEDBACK)
    if box == "unit":
        return Q(unit_id__in=[p.unit_id for p in permissions.active_postings(user)])
    return Q()


def officer_complaints(user: User, filters: dict | None = None, now: datetime | None = None) -> QuerySet[Complaint]:
    """The officer's scoped list with the box and filters applied (no order).
    Raises InvalidInput naming every bad filter at once (core.query reads
    each one: a NUL byte, a huge number or an impossible date is a field
    error, never a database error)."""
    qs, words = _filtered(user, filters, now)
    return search(qs, words, identity=permissions.identity_filter(user)) if words else qs


def _filtered(user: User, filters: dict | None, now: datetime | None) -> tuple[QuerySet[Complaint], str]:
    """The scoped list with every filter but the search applied, and the search's text."""
    query = Query({k: v for k, v in (filters or {}).items() if v not in (None, "")})
    now = now or query.data.get("now") or clock.now()
    qs = Complaint.objects.filter(permissions.scope_filter(user))

    box = query.text("box", max_length=30)
    if box:
        if box not in BOX_CODES:
            query.add("box", _("Unknown list “%(box)s”.") % {"box": box[:30]})
        else:
            qs = qs.filter(_box_filter(user, box))

    status = query.text("status", max_length=40)
    if status == "open":
        qs = qs.filter(status__in=OPEN)
    elif status == "working":
        qs = qs.filter(status__in=WORKING)
    elif status:
        if status not in Status.values:
            query.add("status", _("Unknown status “%(status)s”.") % {"status": status[:30]})
        else:
            qs = qs.filter(status=status)

    code = query.text("category", max_length=40)
    if code:
        category = Category.objects.filter(code=code).first()
        if category is None:
            query.add("category", _("Unknown category “%(code)s”.") % {"code": code[:40]})
        else:
            qs = qs.filter(category_id__in=category.subtree_ids())

    channel = query.text("channel", max_length=30)
    if channel:
        if channel not in Channel.values:
            query.add("channel", _("Unknown channel “%(channel)s”.") % {"channel": channel[:30]})
        else:
            qs = qs.filter(channel=channel)

    code = query.text("unit", max_length=32)
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            query.add("unit", _("Unknown unit “%(code)s”.") % {"code": code[:32]})
        else:
            qs = qs.filter(unit_path__startswith=unit.path)

    assignee = query.text("assignee", max_length=150)
    if assignee == "me":
        qs = qs.filter(assignee=user)
    elif assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif assignee:
        # An officer by username (the dashboards link an officer's figures here); the list stays in scope.
        officer = User.objects.filter(username=assignee).first()
        if officer is None:
            query.add("assignee", _("Unknown officer “%(name)s”.") % {"name": assignee[:30]})
        else:
            qs = qs.filter(assignee=officer)

    if query.flag("overdue"):
        qs = qs.filter(status__in=OPEN, report_due_at__lt=now)
    if query.flag("due_soon"):
        qs = qs.filter(status__in=OPEN, report_due_at__gte=now, report_due_at__lt=now + DUE_SOON)
    if query.flag("priority"):
        qs = qs.filter(URGENT)

    days = query.number("age", maximum=MAX_DAYS, message=_("Age is a whole number of days, e.g. 30."))
    if days is not None:
        qs = qs.filter(received_at__lt=now - timedelta(days=days))

    start = query.moment("from")
    if start:
        qs = qs.filter(received_at__gte=start)
    end = query.moment("to", end_of_day=True)
    if end:
        qs = qs.filter(received_at__lte=end)

    sort = query.text("sort", max_length=20)
    if sort and sort not in SORTS:
        query.add("sort", _("Unknown order “%(sort)s”.") % {"sort": sort[:20]})

    words = query.text("q", max_length=200)
    query.check()
    return qs, words


TEXT_MATCH_SQL = "search @@ plainto_tsquery('simple', %s)"  # the generated column, see migration 0003
DESCRIPTION_MATCH_SQL = "to_tsvector('simple', description) @@ plainto_tsquery('simple', %s)"
# Up to this many matches, search first collects the matching ids from the
# full-text index, then scopes and sorts just those. Rare words are where the
# planner goes wrong: a word missing from the column's statistics is guessed
# to match thousands of rows, and walking the date index for it reads the
# whole table.
TEXT_IDS_LIMIT = 2000


def _compact(query: str) -> str:
    """A number as typed, without its spaces, dashes and brackets."""
    return "".join(ch for ch in query if ch not in " -()")


def _looks_like_number(query: str) -> bool:
    compact = _compact(query)
    return len(compact) >= 7 and compact.lstrip("+").isdigit()


def is_word_search(query: str) -> bool:
    query = query.strip()
    return bool(query) and not etags.is_valid(query) and not _looks_like_number(query)


def search(qs: QuerySet[Complaint], query: str, identity: Q | None = None) -> QuerySet[Complaint]:
    """E-tag (exact), mobile number (exact, any format), else words in the
    complainant's name or the description (a full-text index on PostgreSQL).
    `identity` selects the complaints whose complainant the reader may see
    (permissions.identity_filter): elsewhere a sealed identity's name is not
    searched, only the description, so the name never leads to the complaint."""
    if etags.is_valid(query):
        return qs.filter(etag=etags.normalise(query))
    if _looks_like_number(query):
        try:
            # A sealed identity is never found by the complainant's number (only by its E-tag).
            return qs.filter(complainant_mobile=normalise_mobile(_compact(query)), identity_sealed=False)
        except InvalidInput as error:
            raise InvalidInput(error.message, fields={"q": [error.message]}) from error
    if connection.vendor == "postgresql":
        return _visible_ids_first(_text_matches(qs, query, identity))
    named = identity if identity is not None else Q()
    for word in query.split()[:8]:
        qs = qs.filter((Q(complainant_name__icontains=word) & named) | Q(description__icontains=word))
    return qs


def _text_matches(qs: QuerySet[Complaint], query: str, identity: Q | None) -> QuerySet[Complaint]:
    """PostgreSQL: `qs` narrowed to the complaints with the words (the full-text index)."""
    matches = RawSQL(TEXT_MATCH_SQL, [query], output_field=BooleanField())
    if identity is not None:
        # Sealed identities are few (an index holds them): the ones the reader may not see that match
        # only through the complainant's name are left out by id, which leaves the planner's estimates
        # for the words as they are.
        hidden = list(Complaint.objects.filter(identity_sealed=True).exclude(identity).filter(matches)
                      .exclude(RawSQL(DESCRIPTION_MATCH_SQL, [query], output_field=BooleanField()))
                      .values_list("pk", flat=True))
        if hidden:
            qs = qs.exclude(pk__in=hidden)
    return qs.filter(matches)


def _visible_ids_first(matched: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """The ids the reader may see, in no order: a word common in complaints the reader may not see
    (confidential ones) must not send the planner walking the date index through all of them."""
    ids = list(matched.order_by().values_list("id", flat=True)[:TEXT_IDS_LIMIT + 1])
    if len(ids) <= TEXT_IDS_LIMIT:
        # The ids already satisfy every filter of `qs`: asking for them again under the same filters
        # only makes the planner expect a handful of rows and pick nested loops over the joins.
        return Complaint.objects.filter(pk__in=ids)
    # Common words: the column's statistics know them, so the planner can
    # choose between the GIN index and walking the list's own order.
    return matched


# A newest-first page of words is looked for first among the complaints received in the last few days
# (WINDOW_DAYS before the newest the page may show), then in a window wide enough for what the first one
# found (at most MAX_GROWTH times wider), before all of them. The full-text index also holds each complaint's
# day (migration 0013), so a window's matches are found in the index and only they are read from the
# table: sorting every match by date read one table page per match (bench inbox, 1M: "motorcycle stolen"
# matches 16,000 complaints, 15,000 pages and 160 ms; its last two days' matches, 80 pages).
WINDOW_DAYS = 2
MAX_GROWTH = 8
# Whole days since 1970-01-01 UTC (migration 0013); the cast keeps the index usable whatever integer type
# psycopg sends the bound day as.
DAY_SQL = "shikayat_day(received_at) >= %s::integer"


def _day(moment: datetime) -> int:
    return math.floor(moment.timestamp() / 86400)


@dataclass(frozen=True)
class Position:
    """Where a page ends: the last row's group (a priority complaint or not), sort value and id."""

    urgent: bool
    value: datetime
    pk: int


def _groups(position: Position | None) -> list[tuple[Q, Position | None]]:
    """The groups still to read, in order, each with the position to read on from within it."""
    if position is None:
        return [(URGENT, None), (NORMAL, None)]
    return [(URGENT, position), (NORMAL, None)] if position.urgent else [(NORMAL, position)]


def _windowed_page_ids(matched: QuerySet[Complaint], sort: Sort, position: Position | None,
                       size: int, now: datetime) -> list[int] | None:
    """The ids of the page (size + 1 at most) if a window of recent days holds it whole, else None.
    A full page from the window is exact: every complaint outside it was received on an earlier day
    than every one inside. A window with too few matches gives up at once (the words are rare among
    what the reader may see, which the visible ids first serve best)."""
    top = _day(position.value if position else now)
    days = WINDOW_DAYS
    for _attempt in range(2):
        window = matched.filter(RawSQL(DAY_SQL, [top - days], output_field=BooleanField()))
        ids = list(_page_query(window, sort, position, size).values_list("pk", flat=True))
        if len(ids) > size:
            return ids
        growth = math.ceil(2 * (size + 1) / max(len(ids), 1))
        if growth > MAX_GROWTH:
            # Few of the window's matches are the reader's (a surname searched within one district): a
            # window wide enough would read most of the matches the reader may not see.
            return None
        days *= growth
    return None


@dataclass
class InboxPage:
    rows: list[Complaint]
    sort: Sort
    next_cursor: str | None
    is_first: bool
    filters: dict = field(default_factory=dict)


def _encode_cursor(sort: Sort, row: Complaint) -> str:
    value = getattr(row, sort.field)
    raw = f"{sort.code}|{int(row.priority > 0)}|{value.isoformat()}|{row.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str, sort: Sort) -> Position:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        code, urgent, value, pk = raw.split("|")
        moment, pk = datetime.fromisoformat(value), int(pk)
        if (code != sort.code or urgent not in ("0", "1") or moment.tzinfo is None or not in_range(moment)
                or not 0 < pk <= MAX_ID):
            raise ValueError
        return Position(urgent == "1", moment, pk)
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise InvalidInput(_("This page link is out of date; start again from the first page."),
                           fields={"cursor": [_("Invalid page link.")]}) from error


def page(user: User, filters: dict | None = None, cursor: str | None = None, size: int = PAGE_SIZE,
         now: datetime | None = None) -> InboxPage:
    """One page of the officer's list, newest first unless asked otherwise."""
    filters = dict(filters or {})
    sort = SORTS.get(filters.get("sort") or "newest", SORTS["newest"])
    position = _decode_cursor(cursor, sort) if cursor else None
    listed, words = _filtered(user, filters, now)
    related = ("category", "unit", "assignee")
    identity = permissions.identity_filter(user)
    if is_word_search(words):
        # Words may match thousands of complaints, and PostgreSQL guesses several words together to be far
        # rarer than they are (it multiplies their frequencies: "motorcycle stolen" is guessed at 900 rows
        # and matches 16,000), so it joins every match to its category, unit and officer before sorting.
        # The page's ids are sorted alone, then its rows read with what they show (bench inbox, 1M: the
        # words scenario's p95 went from 147 to ~100 ms).
        matched = _text_matches(listed, words, identity) if connection.vendor == "postgresql" else None

        def group_ids(group: Q, at: Position | None, wanted: int) -> list[int]:
            if matched is None:
                return list(_page_query(search(listed.filter(group), words, identity=identity), sort, at, wanted)
                            .values_list("pk", flat=True))
            ids = None
            if sort == SORTS["newest"] and group is NORMAL:
                ids = _windowed_page_ids(matched.filter(group), sort, at, wanted, now or clock.now())
            if ids is None:
                ids = list(_page_query(_visible_ids_first(matched.filter(group)), sort, at, wanted)
                           .values_list("pk", flat=True))
            return ids

        ids = _by_group(position, size, group_ids)
        rows = list(Complaint.objects.filter(pk__in=ids).select_related(*related)
                    .order_by("-priority", *_order(sort)))
    else:
        qs = search(listed, words, identity=identity) if words else listed
        rows = _by_group(position, size, lambda group, at, wanted: list(
            _page_query(qs.filter(group), sort, at, wanted).select_related(*related)))
    more = len(rows) > size
    rows = rows[:size]
    return InboxPage(rows=rows, sort=sort, next_cursor=_encode_cursor(sort, rows[-1]) if more else None,
                     is_first=not cursor, filters=filters)


def _by_group(position: Position | None, size: int, read) -> list:
    """The page's rows (or ids), size + 1 at most: `read(group, position, wanted)` gives up to wanted + 1 of a
    group's, from `position` on; the priority complaints' group first, then the others while room is left."""
    found: list = []
    for group, at in _groups(position):
        found += read(group, at, size - len(found))
        if len(found) > size:
            break
    return found


def _page_query(qs: QuerySet[Complaint], sort: Sort, position: Position | None,
                size: int) -> QuerySet[Complaint]:
    """The page after `position` (the previous page's last row), with one row more to tell if another follows."""
    key = sort.field
    if position:
        value, pk = position.value, position.pk
        if sort.descending:
            qs = qs.filter(Q(**{f"{key}__lt": value}) | Q(**{key: value, "pk__lt": pk}))
        else:
            qs = qs.filter(Q(**{f"{key}__gt": value}) | Q(**{key: value, "pk__gt": pk}))
    return qs.order_by(*_order(sort))[: size + 1]


def _order(sort: Sort) -> list[str]:
    return [f"-{sort.field}", "-pk"] if sort.descending else [sort.field, "pk"]


def box_counts(user: User, now: datetime | None = None) -> dict[str, str]:
    """How many complaints each of the user's boxes holds, capped ("1000+").
    Kept for COUNTS_SECONDS per officer: the counts are a guide, the lists
    themselves are always current."""
    key = f"inbox-counts:{user.pk}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    counts = {}
    for box in boxes_for(user):
        if box.code == "all":
            continue
        qs = officer_complaints(user, {"box": box.code, "status": "open" if box.code == "unit" else None}, now=now)
        n = qs[: COUNT_CAP + 1].count()
        counts[box.code] = f"{COUNT_CAP}+" if n > COUNT_CAP else str(n)
    cache.set(key, counts, COUNTS_SECONDS)
    return counts
