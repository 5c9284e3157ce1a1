"""Deadlines from the SOP and the time a complaint was given in. Pure
functions: the clock is always passed in."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from shikayat.categories.models import SOP


@dataclass(frozen=True)
class Deadlines:
    contact_due_at: datetime
    report_due_at: datetime


def deadlines_for(sop: SOP, given_at: datetime) -> Deadlines:
    return Deadlines(
        contact_due_at=given_at + timedelta(hours=sop.contact_hours),
        report_due_at=given_at + timedelta(hours=sop.report_hours),
    )


def feedback_due(sop: SOP, asked_at: datetime) -> datetime:
    return asked_at + timedelta(hours=sop.feedback_hours)


def time_left(due_at: datetime | None, now: datetime) -> timedelta | None:
    return None if due_at is None else due_at - now


def is_contact_overdue(complaint, now: datetime) -> bool:
    return complaint.first_contacted_at is None and complaint.is_open and complaint.contact_due_at < now


def is_report_overdue(complaint, now: datetime) -> bool:
    return complaint.resolution_proposed_at is None and complaint.is_open and complaint.report_due_at < now
