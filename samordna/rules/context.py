"""Indexes built once per document and per förbund, so that rules never scan rows repeatedly."""

from __future__ import annotations

import datetime
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from samordna.rules.base import REGISTRY, Finding
from samordna.rules.deadlines import DEFAULT_STATUTES

ONE_DAY = datetime.timedelta(days=1)


MEMBER_KIND_LABELS = {
    "forsakringskassan": "Försäkringskassan",
    "arbetsformedlingen": "Arbetsförmedlingen",
    "region": "region",
    "kommun": "kommun",
}

ROLE_LABELS = {
    "ledamot": "ledamot",
    "ersattare": "ersättare",
    "ordforande": "ordförande",
    "vice_ordforande": "vice ordförande",
    "forbundschef": "förbundschef",
    "revisor": "revisor",
}

# Outcomes by which the board decided the matter itself (18 § information, quorum).
DECIDED_OUTCOMES = frozenset({"approved", "rejected", "elected"})


def parse_date(value: Any) -> datetime.date | None:
    """A `YYYY-MM-DD` string as a date; None for a missing value."""
    if not value:
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def fmt(day: datetime.date | None) -> str:
    """A date as Swedes write it in documents (ISO)."""
    return day.isoformat() if day else "(datum saknas)"


def as_list(value: Any) -> list[Any]:
    """A scalar-or-list field as a list; None as empty."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def join_sv(names: Iterable[str]) -> str:
    """Names joined the Swedish way: 'a, b och c'."""
    items = list(names)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " och " + items[-1]


@dataclass(slots=True, eq=False)
class Mandate:
    """A parsed mandate row."""

    index: int
    person: str
    role: str
    appointed_by: tuple[str, ...]
    basis: str | None
    order: int | None
    start: datetime.date
    end: datetime.date | None

    def active_on(self, day: datetime.date) -> bool:
        """Active from its first to its last day, both included."""
        return self.start <= day and (self.end is None or day <= self.end)

    @property
    def member(self) -> str | None:
        """The single appointing member (ledamot, ersättare); None when none or several."""
        return self.appointed_by[0] if len(self.appointed_by) == 1 else None


@dataclass(slots=True)
class Board:
    """The mandates active on one date, grouped for the rules."""

    mandates: list[Mandate]
    by_role: dict[str, list[Mandate]] = field(default_factory=dict)
    by_role_member: dict[tuple[str, str], list[Mandate]] = field(default_factory=dict)
    roles_of: dict[str, dict[str, Mandate]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        by_role: dict[str, list[Mandate]] = defaultdict(list)
        by_role_member: dict[tuple[str, str], list[Mandate]] = defaultdict(list)
        roles_of: dict[str, dict[str, Mandate]] = defaultdict(dict)
        for mandate in self.mandates:
            by_role[mandate.role].append(mandate)
            for member in mandate.appointed_by:
                by_role_member[(mandate.role, member)].append(mandate)
            roles_of[mandate.person].setdefault(mandate.role, mandate)
        self.by_role = dict(by_role)
        self.by_role_member = dict(by_role_member)
        self.roles_of = dict(roles_of)

    def role(self, role: str) -> list[Mandate]:
        """Active mandates with this role."""
        return self.by_role.get(role, [])

    def of_member(self, role: str, member: str) -> list[Mandate]:
        """Active mandates with this role appointed by (or jointly by) this member."""
        return self.by_role_member.get((role, member), [])

    def holds(self, person: str, role: str) -> Mandate | None:
        """The person's active mandate with this role, if any."""
        return self.roles_of.get(person, {}).get(role)

    @property
    def seats(self) -> int:
        """Number of ledamot mandates: the board's seats."""
        return len(self.role("ledamot"))

    @property
    def chair(self) -> str | None:
        """The one holder of the ordförande mandate; None when none or ambiguous."""
        chairs = self.role("ordforande")
        return chairs[0].person if len(chairs) == 1 else None


class MandateTimeline:
    """The board between change points: 'active on D' is a bisect to the period holding D, and each
    period's board is built once, when first asked for (a check asks for few of a long history's)."""

    def __init__(self, mandates: list[Mandate]) -> None:
        self._mandates = [m for m in mandates if m.end is None or m.end >= m.start]  # in index order
        days = {m.start for m in self._mandates}
        days.update(m.end + ONE_DAY for m in self._mandates if m.end is not None)
        self._starts: list[datetime.date] = sorted(days)
        self._boards: dict[int, Board] = {}

    def on(self, day: datetime.date) -> Board:
        """The board (all active mandates) on a date."""
        position = bisect_right(self._starts, day) - 1
        board = self._boards.get(position)
        if board is None:
            if position < 0:
                board = Board([])
            else:
                first = self._starts[position]  # the board is the same on every day of the period
                board = Board([m for m in self._mandates if m.start <= first and (m.end is None or first <= m.end)])
            self._boards[position] = board
        return board


@dataclass(slots=True, eq=False)
class Meeting:
    """A parsed meeting with its attendance grouped."""

    id: str
    date: datetime.date
    raw: dict[str, Any]
    present_ledamot: list[str]
    serving: list[dict[str, Any]]
    present_ersattare: list[str]
    present: frozenset[str]
    # Presence or serving bounded by item numbers on some row (the meeting page records that).
    bounded: bool = False
    # Voting members before jäv, per board, computed once (see rules.meetings._meeting_base).
    base: dict[int, frozenset[str]] = field(default_factory=dict)


class DocumentIndex:
    """Document-wide indexes: persons, förbund, consultations, and lazily one context per förbund."""

    def __init__(self, doc: dict[str, Any], as_of: datetime.date) -> None:
        self.doc = doc
        self.as_of = as_of
        self.persons: dict[str, dict[str, Any]] = {p["id"]: p for p in doc.get("persons") or []}
        self.forbund: dict[str, dict[str, Any]] = {f["id"]: f for f in doc.get("forbund") or []}
        self.member_forbund: dict[str, str] = {}
        self.members: dict[str, dict[str, Any]] = {}
        for forbund in self.forbund.values():
            for member in forbund.get("members") or []:
                self.member_forbund[member["id"]] = forbund["id"]
                self.members[member["id"]] = member
        self.consultations: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for consultation in doc.get("consultations") or []:
            for forbund_id in dict.fromkeys(as_list(consultation.get("forbund"))):
                if forbund_id in self.forbund:
                    self.consultations[forbund_id].append(consultation)
        for items in self.consultations.values():
            items.sort(key=lambda c: (c.get("date") or "", c.get("id") or ""))
        self._contexts: dict[str, ForbundContext] = {}

    def context(self, forbund_id: str) -> ForbundContext:
        """The förbund's context, built on first use."""
        ctx = self._contexts.get(forbund_id)
        if ctx is None:
            ctx = ForbundContext(self, self.forbund[forbund_id])
            self._contexts[forbund_id] = ctx
        return ctx

    def person_name(self, person_id: str | None) -> str:
        """A person's name, or the id when the person is unknown."""
        if person_id is None:
            return "(okänd person)"
        person = self.persons.get(person_id)
        return (person or {}).get("name") or person_id


class ForbundContext:
    """Everything one förbund's rules need, indexed once."""

    def __init__(self, index: DocumentIndex, data: dict[str, Any]) -> None:
        self.index = index
        self.data = data
        self.id: str = data["id"]
        self.name: str = data.get("name") or self.id
        statutes = {k: v for k, v in (data.get("statutes") or {}).items() if v is not None}
        self.statutes: dict[str, Any] = {**DEFAULT_STATUTES, **statutes}
        self.founded = parse_date(data.get("founded"))

        self.members: list[dict[str, Any]] = list(data.get("members") or [])
        self.members_by_id: dict[str, dict[str, Any]] = {m["id"]: m for m in self.members}
        self._member_spans = {
            m["id"]: (parse_date(m.get("joined")), parse_date(m.get("left"))) for m in self.members
        }

        self.mandates: list[Mandate] = []
        for position, row in enumerate(data.get("mandates") or []):
            start = parse_date(row.get("from"))
            if start is None:
                continue
            self.mandates.append(
                Mandate(
                    index=position,
                    person=row["person"],
                    role=row["role"],
                    appointed_by=tuple(as_list(row.get("appointed_by"))),
                    basis=row.get("basis"),
                    order=row.get("substitute_order"),
                    start=start,
                    end=parse_date(row.get("to")),
                )
            )
        self.timeline = MandateTimeline(self.mandates)

        self.meetings: list[Meeting] = []
        self.item_meeting: dict[str, Meeting] = {}
        self.items: dict[str, dict[str, Any]] = {}
        for raw in data.get("meetings") or []:
            meeting = self._parse_meeting(raw)
            self.meetings.append(meeting)
            for item in raw.get("items") or []:
                self.items[item["id"]] = item
                self.item_meeting[item["id"]] = meeting
        self.meetings.sort(key=lambda m: (m.date, m.id))

        self.insatser: list[dict[str, Any]] = list(data.get("insatser") or [])
        self.budgets: dict[int, dict[str, Any]] = {}
        for budget in data.get("budgets") or []:
            self.budgets.setdefault(int(budget["year"]), budget)
        self.annual_reports: dict[int, dict[str, Any]] = {}
        for report in data.get("annual_reports") or []:
            self.annual_reports.setdefault(int(report["year"]), report)
        self.notices_about: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for notice in data.get("notices") or []:
            if notice.get("about"):
                self.notices_about[notice["about"]].append(notice)
        self.consultations: list[dict[str, Any]] = index.consultations.get(self.id, [])
        self.members_by_org: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for member in self.members:
            self.members_by_org[organisation_key(member)].append(member["id"])
        self.memo: dict[Any, Any] = {}

    @staticmethod
    def _parse_meeting(raw: dict[str, Any]) -> Meeting:
        present_ledamot: list[str] = []
        present_ersattare: list[str] = []
        serving: list[dict[str, Any]] = []
        # Rows of those recorded absent (the meeting page records them) are not attendance.
        rows = [row for row in raw.get("attendance") or [] if row.get("presence") != "absent"]
        for row in rows:
            capacity = row.get("capacity")
            if capacity == "ledamot":
                present_ledamot.append(row["person"])
            elif capacity == "ersattare":
                present_ersattare.append(row["person"])
                if row.get("serving"):
                    serving.append(row)
        present = frozenset(row["person"] for row in rows)
        bounds = ("arrives_at_item", "leaves_at_item", "serving_from_item", "serving_to_item")
        return Meeting(
            id=raw["id"],
            date=parse_date(raw["date"]),  # type: ignore[arg-type]
            raw=raw,
            present_ledamot=present_ledamot,
            serving=serving,
            present_ersattare=present_ersattare,
            present=present,
            bounded=any(row.get(key) is not None for row in rows for key in bounds),
        )

    # Existence: which periods are judged (DOMAIN §3).
    @cached_property
    def start(self) -> datetime.date | None:
        """The founding date, or when unknown the first date of any of the förbund's data."""
        if self.founded is not None:
            return self.founded
        dates: list[datetime.date | None] = []
        dates += [span[0] for span in self._member_spans.values()]
        dates += [m.start for m in self.mandates]
        dates += [m.date for m in self.meetings]
        for meeting in self.meetings:
            dates.append(parse_date(meeting.raw.get("notice_sent")))
        for budget in self.budgets.values():
            dates.append(parse_date(budget.get("adopted")))
            dates += [parse_date(c.get("date")) for c in budget.get("consulted") or []]
        for insats in self.insatser:
            dates.append(parse_date(insats.get("start")))
            dates += [parse_date(a.get("date")) for a in insats.get("anchoring") or []]
            dates += [parse_date(r.get("date")) for r in insats.get("reports") or []]
        for report in self.annual_reports.values():
            dates.append(parse_date(report.get("made")))
        for notices in self.notices_about.values():
            dates += [parse_date(n.get("date")) for n in notices]
        dates += [parse_date(n.get("date")) for n in self.data.get("notices") or [] if not n.get("about")]
        dates += [parse_date(c.get("date")) for c in self.consultations]
        known = [d for d in dates if d is not None]
        return min(known) if known else None

    def existed_on(self, day: datetime.date) -> bool:
        """The förbund existed on this date (founded on or before it)."""
        return self.start is not None and self.start <= day

    # Members
    def member_active(self, member_id: str, day: datetime.date) -> bool:
        """Membership holds on this date; `left` is the last day."""
        span = self._member_spans.get(member_id)
        if span is None:
            return False
        joined, left = span
        return (joined is None or joined <= day) and (left is None or day <= left)

    def active_members(self, day: datetime.date) -> list[dict[str, Any]]:
        """Members whose membership holds on this date, in document order."""
        return [m for m in self.members if self.member_active(m["id"], day)]

    def member_overlaps(self, member_id: str, first: datetime.date, last: datetime.date) -> bool:
        """Membership holds on some day of [first, last]."""
        span = self._member_spans.get(member_id)
        if span is None:
            return False
        joined, left = span
        return (joined is None or joined <= last) and (left is None or first <= left)

    def member_name(self, member_id: str | None) -> str:
        """A member's name (or its id)."""
        member = self.members_by_id.get(member_id or "")
        if member is None:
            return member_id or "(okänd medlem)"
        return member.get("name") or MEMBER_KIND_LABELS.get(member.get("kind", ""), member_id)

    def member_kind(self, member_id: str | None) -> str | None:
        """A member's kind, or None for a non-member."""
        member = self.members_by_id.get(member_id or "")
        return member.get("kind") if member else None

    def board_on(self, day: datetime.date) -> Board:
        """Mandates active on the date."""
        return self.timeline.on(day)

    def person_name(self, person_id: str | None) -> str:
        """A person's name."""
        return self.index.person_name(person_id)

    def represented(self, consultation: dict[str, Any]) -> set[str]:
        """This förbund's member ids represented at a consultation (the same organisation counts once)."""
        found: set[str] = set()
        for row in consultation.get("participants") or []:
            member_id = row.get("represents")
            if not member_id or not participant_present(row):
                continue
            if member_id in self.members_by_id:
                found.add(member_id)
                continue
            # At a samråd covering several förbund one representative may speak for an organisation
            # that is a member of each (FK, AF, a kommun or region by its code).
            member = self.index.members.get(member_id)
            if member is None:
                continue
            found.update(self.members_by_org.get(organisation_key(member), []))
        return found

    # Subjects
    def item_subject(self, item: dict[str, Any], meeting: Meeting) -> str:
        """'Sammanträde 2025-03-12, § 5'."""
        number = item.get("number")
        suffix = f", § {number}" if number is not None else f", ärende {item.get('title') or item['id']}"
        return f"Sammanträde {fmt(meeting.date)}{suffix}"

    def item_decided_on(self, item_id: str | None) -> datetime.date | None:
        """The date of the meeting that holds an item."""
        meeting = self.item_meeting.get(item_id or "")
        return meeting.date if meeting else None

    def finding(
        self,
        rule_id: str,
        subject_kind: str,
        subject: str,
        message: str,
        *,
        subject_id: str | None = None,
        since: datetime.date | None = None,
        level: str | None = None,
    ) -> Finding:
        """A finding of this förbund with level and source from the catalogue."""
        entry = REGISTRY[rule_id][0]
        return Finding(
            rule=rule_id,
            level=level or entry.level,
            forbund=self.id,
            subject=subject,
            message=message,
            source=entry.source,
            subject_kind=subject_kind,
            subject_id=subject_id,
            since=since,
        )


def participant_present(row: dict[str, Any]) -> bool:
    """Whether a participant of a samråd takes part: not when recorded as absent (`attended` false), nor,
    while attendance is not recorded, when they replied that they are not coming. (A participant with
    neither is an invitee, or a participant of an older document: present.)"""
    attended = row.get("attended")
    if attended is not None:
        return bool(attended)
    return row.get("reply") != "not_coming"


def organisation_key(member: dict[str, Any]) -> tuple[str, ...]:
    """Which organisation a member is, across förbund: FK and AF are one each, regions/kommuner by code."""
    kind = member.get("kind") or ""
    if kind in ("forsakringskassan", "arbetsformedlingen"):
        return (kind,)
    if member.get("code"):
        return (kind, str(member["code"]))
    return ("id", member["id"])
