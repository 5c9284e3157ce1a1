"""The call centre's figures over a period: calls per hour, answered and abandoned, average handling time,
first-call resolution, call-backs due and done — in all, per agent and per shift. One pass over the period's
calls (a week of a busy helpline is tens of thousands of rows); tests compare each figure with a plain count."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from django.utils.translation import gettext_lazy as _

from .models import RESOLVING, Call, Direction, Outcome, Purpose

# Local hours [start, end) of the three shifts.
SHIFTS = (("morning", _("Morning (08:00–16:00)"), 8, 16), ("evening", _("Evening (16:00–24:00)"), 16, 24),
          ("night", _("Night (00:00–08:00)"), 0, 8))


def shift_of(hour: int) -> str:
    return next(code for code, _label, start, end in SHIFTS if start <= hour < end)


@dataclass
class Figures:
    calls: int = 0
    answered: int = 0
    abandoned: int = 0
    handled_seconds: int = 0
    handled: int = 0  # answered calls whose end is known
    resolvable: int = 0  # answered inbound calls, closed, not abusive or blank
    resolved_first_time: int = 0
    callbacks_due: int = 0
    callbacks_done: int = 0
    per_hour: list[int] = field(default_factory=lambda: [0] * 24)

    @property
    def average_handling_seconds(self) -> int | None:
        return round(self.handled_seconds / self.handled) if self.handled else None

    @property
    def average_handling(self) -> str:
        """m:ss, or "—" without an answered call."""
        seconds = self.average_handling_seconds
        return "—" if seconds is None else f"{seconds // 60}:{seconds % 60:02d}"

    @property
    def first_call_resolution(self) -> int | None:
        """Percent, rounded."""
        return round(100 * self.resolved_first_time / self.resolvable) if self.resolvable else None

    def add(self, row: dict, hour: int) -> None:
        self.calls += 1
        self.per_hour[hour] += 1
        if row["answered_at"] is not None:
            self.answered += 1
            if row["ended_at"] is not None:
                self.handled += 1
                self.handled_seconds += int((row["ended_at"] - row["answered_at"]).total_seconds())
            if (row["direction"] == Direction.INBOUND and row["closed_at"] is not None
                    and row["purpose"] != Purpose.ABUSIVE_BLANK):
                self.resolvable += 1
                self.resolved_first_time += row["outcome"] in RESOLVING
        if row["outcome"] == Outcome.ABANDONED:
            self.abandoned += 1
        if row["callback_due"] is not None:
            self.callbacks_due += 1
            self.callbacks_done += row["callback_done_at"] is not None


@dataclass
class CallCentreFigures:
    total: Figures
    by_agent: list[tuple[str, Figures]]
    by_shift: list[tuple[str, Figures]]


FIELDS = ("started_at", "answered_at", "ended_at", "closed_at", "direction", "purpose", "outcome", "callback_due",
          "callback_done_at", "agent_id", "agent__username", "agent__first_name", "agent__last_name")


def compute(calls, start: datetime, end: datetime, tz: tzinfo) -> CallCentreFigures:
    """Figures of the calls (a queryset, already scoped) that started in [start, end), hours in `tz`."""
    total, agents, shifts, names = Figures(), defaultdict(Figures), defaultdict(Figures), {}
    rows = calls.filter(started_at__gte=start, started_at__lt=end).values(*FIELDS)
    for row in rows.iterator(chunk_size=2000):
        hour = row["started_at"].astimezone(tz).hour
        total.add(row, hour)
        agents[row["agent_id"]].add(row, hour)
        shifts[shift_of(hour)].add(row, hour)
        if row["agent_id"] not in names:
            full = f"{row['agent__first_name']} {row['agent__last_name']}".strip()
            names[row["agent_id"]] = f"{full} ({row['agent__username']})" if full else (row["agent__username"]
                                                                                      or str(_("No agent")))
    by_agent = sorted(((names[pk], figures) for pk, figures in agents.items()), key=lambda item: item[0])
    by_shift = [(str(label), shifts[code]) for code, label, _start, _end in SHIFTS]
    return CallCentreFigures(total=total, by_agent=by_agent, by_shift=by_shift)


def callbacks_due(calls, now: datetime, limit: int = 50) -> list[Call]:
    """Call-backs not yet made, the most overdue first."""
    return list(calls.filter(callback_due__isnull=False, callback_done_at__isnull=True)
                .select_related("agent").order_by("callback_due", "id")[:limit])
