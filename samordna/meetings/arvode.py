"""Sammanträdesarvode: the fee list per person for a period, from the recorded attendance.

The statutes (Forbund.fee_basis, fee_amount, fee_non_serving_ersattare) say the rate per meeting or per day.
A ledamot who attended is paid; an ersättare who served is paid as a ledamot; an ersättare present but not
serving only where the statutes say so. Staff (förbundschef, sekreterare) and others are not paid here.
Per day: several meetings on one day give one fee. The office checks the list and exports it for payroll.
"""

from __future__ import annotations

import datetime
import decimal
from dataclasses import dataclass, field

from .models import Attendance, Capacity

ABSENT = "absent"


@dataclass
class FeeRow:
    person: object
    meetings: list = field(default_factory=list)  # (date, how: "ledamot" / "tjänstgörande" / "ej tjänstgörande")
    days: set = field(default_factory=set)
    units: int = 0
    amount: decimal.Decimal = decimal.Decimal(0)


def _paid_as(attendance, non_serving_paid: bool) -> str | None:
    if getattr(attendance, "presence", None) == ABSENT:
        return None
    if attendance.capacity == Capacity.LEDAMOT:
        return "ledamot"
    if attendance.capacity == Capacity.ERSATTARE:
        if attendance.serving:
            return "serving"
        return "non_serving" if non_serving_paid else None
    return None


def fee_list(forbund, start: datetime.date, end: datetime.date) -> list[FeeRow]:
    """One row per paid person for meetings from `start` to `end` (both included), by name."""
    rate = forbund.fee_amount or decimal.Decimal(0)
    per_day = forbund.fee_basis == "day"
    rows: dict[int, FeeRow] = {}
    attendance = (Attendance.objects.filter(meeting__forbund=forbund, meeting__date__gte=start, meeting__date__lte=end)
                  .select_related("meeting", "person").order_by("meeting__date", "meeting__pk"))
    for entry in attendance:
        how = _paid_as(entry, forbund.fee_non_serving_ersattare)
        if how is None:
            continue
        row = rows.setdefault(entry.person_id, FeeRow(entry.person))
        if any(meeting == entry.meeting for meeting, _how in row.meetings):
            continue
        row.meetings.append((entry.meeting, how))
        row.days.add(entry.meeting.date)
    for row in rows.values():
        row.units = len(row.days) if per_day else len(row.meetings)
        row.amount = rate * row.units
    return sorted(rows.values(), key=lambda r: (r.person.name, r.person.pk))
