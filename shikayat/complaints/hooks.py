"""The complaint core's one extension point: the features built on it plug in
here, and the core imports none of them (STYLE.md habit 10).

Listeners. After registration (intake) and after every `perform()`, inside
the action's transaction, the core hands one typed, frozen event to the
listeners that features register in their `AppConfig.ready()`, in
ascending `order` (then name). A listener that raises rolls the whole
action back. Four moments (`on=`):

- "changing": in `perform()`, after the action's own change to the locked
  row and before it is saved; the listener may refuse (raise) or return a
  dict merged into the timeline event's data.
- "action": in `perform()`, after the row is saved and the event written.
- "registered": after `register_complaint` (one complaint) or the batch
  `register_complaints` (all of them in one event), rows and acknowledgements written.
- "read": an officer read complaints (`selectors.complaint_for`).

Providers. Interfaces the core owns and one feature implements:
- `provide_calendar`: the working-day calendar deadlines are counted in
  (default: calendar hours);
- `provide_handling`: the rules a special handling (complaints against
  police) adds: its intake input, its routing, its bars (`HandlingRules`).

ARCHITECTURE.md lists what is registered, in order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from django.db.models import Q

    from shikayat.accounts.models import User
    from shikayat.categories.models import SOP
    from shikayat.jurisdictions.models import Unit

    from .models import Complaint, ComplaintEvent
    from .sla import Calendar

MOMENTS = ("changing", "action", "registered", "read")


@dataclass(frozen=True)
class ActionEvent:
    """One state change, as `perform()` applied it. `before` is a shallow copy of the locked row taken before
    the action changed it (for snapshot-before / apply-after); `complaint` is the row as changed (saved, except
    for "changing" listeners). `data` is the timeline event's data (for "changing": what it holds so far);
    `timeline` is that event as written (for "action" listeners; None while "changing")."""

    complaint: Complaint
    before: Complaint
    action: str
    from_status: str
    to_status: str
    actor: Any  # permissions.Actor
    channel: str
    at: datetime
    data: Mapping[str, Any]
    timeline: ComplaintEvent | None = None


@dataclass(frozen=True)
class Registered:
    """Complaints registered together (one, or a batch), rows and first events written."""

    complaints: tuple[Complaint, ...]
    actor: Any
    channel: str
    at: datetime
    action: str = "register"


@dataclass(frozen=True)
class Read:
    """An officer (or any actor) read these complaints through `via` (page, api, …)."""

    complaints: tuple[Complaint, ...]
    actor: Any
    via: str
    action: str = "read"


@dataclass(frozen=True)
class Listener:
    name: str
    order: int
    on: str
    call: Callable[[Any], Any]
    actions: frozenset[str] | None  # None: every action


_listeners: dict[str, tuple[Listener, ...]] = {moment: () for moment in MOMENTS}


def register(listener: Callable[[Any], Any], *, name: str, order: int, on: str = "action",
             actions: Iterable[str] | None = None) -> None:
    """Register `listener` under a unique `name` (e.g. "dashboards.rollup") for the moment `on`, for the
    given `actions` only (default: all). Registering a name again replaces it: calling `ready()` twice
    leaves one listener."""
    if on not in MOMENTS:
        raise ValueError(f"Unknown moment {on!r}; one of {MOMENTS}.")
    entry = Listener(name=name, order=order, on=on, call=listener,
                     actions=frozenset(actions) if actions is not None else None)
    for moment in MOMENTS:
        _listeners[moment] = tuple(item for item in _listeners[moment] if item.name != name)
    _listeners[on] = tuple(sorted((*_listeners[on], entry), key=lambda item: (item.order, item.name)))


def unregister(name: str) -> None:
    for moment in MOMENTS:
        _listeners[moment] = tuple(item for item in _listeners[moment] if item.name != name)


def listeners(on: str = "action") -> tuple[Listener, ...]:
    """The listeners of a moment, in the order they are called."""
    return _listeners[on]


def emit(on: str, event: ActionEvent | Registered | Read) -> dict:
    """Call the listeners of `on` for `event.action`, in order; the caller is inside its transaction, so an
    exception rolls everything back. Returns the merged dicts the listeners returned ("changing")."""
    extra: dict = {}
    for item in _listeners[on]:
        if item.actions is None or event.action in item.actions:
            result = item.call(event)
            if result:
                extra.update(result)
    return extra


# Providers ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Routed:
    """Where a special handling sends a new complaint: its desk, whether it is held (accused_pending), the
    most senior accused rank, and the cleaned input to record once the row exists."""

    unit: Unit | None
    held: bool
    accused_rank: int | None
    extra: Any


class HandlingRules(Protocol):
    """What a special handling (categories.Handling, copied onto Complaint.handling) adds to the core."""

    input_field: str  # the intake input it reads ("accused"); its errors are reported on this field

    def clean(self, raw: Any, sop: SOP | None, place: Unit | None) -> Any:
        """The cleaned input (raise InvalidInput); called for every complaint, whatever its handling."""

    def route(self, sop: SOP, description: str, extra: Any, place: Unit | None) -> Routed:
        """Where a complaint of this handling goes (called before its row is written)."""

    def record(self, complaint: Complaint, extra: Any, sop: SOP, at: datetime, added_by: str,
               place: Unit | None) -> None:
        """Write the handling's rows once the complaint's row exists (same transaction)."""

    def bars(self, complaint: Complaint) -> list:
        """The complaint's barred unit paths (bars.BarPath)."""

    def is_named(self, complaint: Complaint, user: User) -> bool:
        """Whether `user` is among those the complaint names (the accused)."""

    def named_or_barred_filter(self, user: User, paths: list[str], prefixes: list[str]) -> Q:
        """Q of this handling's complaints naming `user` or barring a unit they are posted in (`paths`; `prefixes`
        = those units and every unit above them)."""

    def barred_reason(self, officer: User, complaint: Complaint) -> str | None:
        """Why `officer` may not handle the complaint, or None."""

    def barred_officers(self, complaint: Complaint, officers: list[User]) -> set[int]:
        """The ids of those of `officers` barred from the complaint."""

    def resolution_missing(self, complaint: Complaint) -> list[str]:
        """What must still be logged before a resolution may be proposed (translated phrases)."""


@dataclass
class _Providers:
    calendar: Callable[[], Calendar | None] | None = None
    handling: dict[str, HandlingRules] = field(default_factory=dict)


_provided = _Providers()


def provide_calendar(provider: Callable[[], Calendar | None]) -> None:
    """The working-day calendar (`provider()`; None = calendar hours). One provider; set again replaces it."""
    _provided.calendar = provider


def working_calendar() -> Calendar | None:
    return _provided.calendar() if _provided.calendar is not None else None


def provide_handling(handling: str, rules: HandlingRules) -> None:
    """The rules of a special handling (one per value; set again replaces it)."""
    _provided.handling[handling] = rules


def handling_rules(handling: str) -> HandlingRules | None:
    return _provided.handling.get(handling)


def all_handling_rules() -> list[tuple[str, HandlingRules]]:
    return sorted(_provided.handling.items())
