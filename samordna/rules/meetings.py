"""Rules on board meetings, decisions and minutes (FinsamL 12, 18 §§, statutes, Styrelsearbetet)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samordna.rules import deadlines
from samordna.rules.base import REGISTRY, Finding, rule
from samordna.rules.context import (
    DECIDED_OUTCOMES,
    Board,
    DocumentIndex,
    ForbundContext,
    Meeting,
    join_sv,
    parse_date,
)

# Outcomes that are decisions of the board and so need a quorate board (procedural ones included).
QUORUM_OUTCOMES = DECIDED_OUTCOMES | {"referred_back", "tabled"}
APPROVING = frozenset({"approved", "elected"})
SAME_SOURCE = 'FinsamL / finsam.se "Styrelsearbetet"'
STYRELSEARBETET = (
    "Styrelsen är beslutför när mer än hälften av ledamöterna är närvarande. Beslut fattas med enkel "
    "majoritet; vid lika röstetal har ordföranden utslagsröst, utom vid val och i personalärenden där "
    "lotten avgör. Den som är jävig deltar inte i handläggningen av ärendet. Bara tjänstgörande "
    "ledamöter och ersättare får rösta (kommunallagens regler tillämpas genom förbundsordningen)."
)


def _past_meetings(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Meeting]:
    """The meetings to judge: held on or before the as-of date, not settled (the caller has their findings)."""
    for meeting in ctx.meetings:
        if meeting.date > as_of:
            break  # sorted by date: facts after the as-of date are ignored
        yield meeting


# Attendance and serving may be bounded by item numbers (the meeting page records them; older data has none).
def _in_span(number: Any, first: Any, last: Any) -> bool:
    """§ `number` lies in [first, last] (None: open on that side); an item without a number is in every span."""
    if number is None:
        return True
    return (first is None or first <= number) and (last is None or number <= last)


def spans_overlap(a: tuple[Any, Any], b: tuple[Any, Any]) -> bool:
    return (a[0] is None or b[1] is None or a[0] <= b[1]) and (b[0] is None or a[1] is None or b[0] <= a[1])


def present_at(row: dict[str, Any], number: Any = None) -> bool:
    """An attendance row is there at § `number`: not absent, arrived by then and not yet left."""
    if row.get("presence") == "absent":
        return False
    return _in_span(number, row.get("arrives_at_item"), row.get("leaves_at_item"))


def serving_at(row: dict[str, Any], number: Any = None) -> bool:
    """An ersättare's row serves at § `number` (within its §§ N–M, while present)."""
    return bool(row.get("serving")) and present_at(row, number) and _in_span(
        number, row.get("serving_from_item"), row.get("serving_to_item"))


def _serving_span(row: dict[str, Any]) -> tuple[Any, Any]:
    """The §§ an ersättare serves: serving bounds within presence bounds (None: open)."""
    first = [v for v in (row.get("arrives_at_item"), row.get("serving_from_item")) if v is not None]
    last = [v for v in (row.get("leaves_at_item"), row.get("serving_to_item")) if v is not None]
    return (max(first) if first else None, min(last) if last else None)


def _presence_span(row: dict[str, Any]) -> tuple[Any, Any]:
    return (row.get("arrives_at_item"), row.get("leaves_at_item"))


def _meeting_base(meeting: Meeting, board: Board, number: Any = None) -> frozenset[str]:
    """Present ledamöter holding a ledamot mandate plus serving ersättare holding an ersättare mandate (at
    § `number` when presence or serving is bounded by items)."""
    if number is not None and meeting.bounded:
        voters = set()
        for row in meeting.raw.get("attendance") or []:
            person, capacity = row["person"], row.get("capacity")
            if capacity == "ledamot" and present_at(row, number) and board.holds(person, "ledamot"):
                voters.add(person)
            elif capacity == "ersattare" and serving_at(row, number) and board.holds(person, "ersattare"):
                voters.add(person)
        return frozenset(voters)
    cached = meeting.base.get(id(board))
    if cached is not None:
        return cached
    voters = {p for p in meeting.present_ledamot if board.holds(p, "ledamot")}
    voters |= {row["person"] for row in meeting.serving if board.holds(row["person"], "ersattare")}
    meeting.base[id(board)] = result = frozenset(voters)
    return result


def item_voters(meeting: Meeting, item: dict[str, Any], board: Board) -> frozenset[str]:
    """The voting members of one item: those at the meeting at its §, minus jäv, plus its substitutes."""
    return voting_members(item, _meeting_base(meeting, board, item.get("number")), board)


def voting_members(item: dict[str, Any], base: frozenset[str], board: Board) -> frozenset[str]:
    """Base voters minus those recused on the item plus substitutes named for it."""
    recused = item.get("recused")
    substitutes = item.get("substitutes")
    if not recused and not substitutes:
        return base
    voters = set(base)
    voters -= {row["person"] for row in recused or []}
    voters |= {row["person"] for row in substitutes or [] if board.holds(row["person"], "ersattare")}
    return frozenset(voters)


def quorum_needed(seats: int) -> int:
    """The fewest voting members that make the board quorate: more than half of the seats."""
    return seats // 2 + 1


def is_quorate(voters: int, seats: int) -> bool:
    """More than half of the seats are filled by voting members."""
    return 2 * voters > seats


def decided_by_lot(item: dict[str, Any]) -> bool:
    """A tie in an election or a personnel matter is decided by lot, not by the ordförande's casting vote."""
    return bool(item.get("personnel_or_election")) or item.get("kind") == "election"


@dataclass(frozen=True, slots=True)
class VoteResult:
    """What a named vote decides. `approved` is None when the record does not settle it (a tie by lot is
    settled by the recorded outcome; a tie without a valid casting vote is not settled: `problem`)."""

    yes: int
    no: int
    abstain: int
    by: str  # "majority", "casting_vote" or "lot"
    approved: bool | None
    problem: str | None = None  # "no_casting_vote", "not_chair", "chair_no_position", "no_lot"

    @property
    def tie(self) -> bool:
        return self.yes == self.no


def vote_result(votes: list[dict[str, Any]], *, lot_item: bool, chair: str | None,
                casting_vote: str | None, lot: bool) -> VoteResult:
    """The outcome the named votes give: more yes than no approves, more no than yes rejects (abstentions
    are not votes cast); on a tie the side the ordförande (`casting_vote`, who must be `chair`) voted for,
    except where `lot_item` (elections, personnel matters), where the lot decides."""
    tally = Counter(v.get("vote") for v in votes)
    yes, no, abstain = tally["yes"], tally["no"], tally["abstain"]
    if yes != no:
        return VoteResult(yes, no, abstain, "majority", yes > no)
    if lot_item:
        return VoteResult(yes, no, abstain, "lot", None, None if lot else "no_lot")
    if not casting_vote:
        return VoteResult(yes, no, abstain, "casting_vote", None, "no_casting_vote")
    if casting_vote != chair:
        return VoteResult(yes, no, abstain, "casting_vote", None, "not_chair")
    chair_vote = next((v.get("vote") for v in votes if v.get("person") == casting_vote), None)
    if chair_vote not in ("yes", "no"):
        return VoteResult(yes, no, abstain, "casting_vote", None, "chair_no_position")
    return VoteResult(yes, no, abstain, "casting_vote", chair_vote == "yes")


@dataclass(frozen=True, slots=True)
class ItemState:
    """One item as the meeting stands: seats, voting members, quorum and what the votes decide."""

    seats: int
    voters: frozenset[str]
    quorum_needed: int
    quorate: bool
    lot_item: bool
    chair: str | None
    vote: VoteResult | None


def item_state(meeting: Meeting, item: dict[str, Any], board: Board) -> ItemState:
    """The live state of an item (the meeting page shows it; the rules below judge the same)."""
    voters = item_voters(meeting, item, board)
    decision = _decision(item)
    votes = decision.get("votes") or []
    lot_item = decided_by_lot(item)
    vote = None
    if votes:
        vote = vote_result(votes, lot_item=lot_item, chair=board.chair,
                           casting_vote=decision.get("casting_vote"), lot=bool(decision.get("lot")))
    return ItemState(seats=board.seats, voters=voters, quorum_needed=quorum_needed(board.seats),
                     quorate=is_quorate(len(voters), board.seats), lot_item=lot_item, chair=board.chair, vote=vote)


@dataclass(frozen=True, slots=True)
class SubstituteProposal:
    """An absent ledamot and the ersättare of the same member who may serve, in call-in order."""

    ledamot: str
    member: str | None
    candidates: tuple[str, ...]  # present, not serving, in call-in order
    served_by: tuple[str, ...]  # ersättare already serving for the ledamot


def substitute_proposals(meeting: Meeting, board: Board) -> list[SubstituteProposal]:
    """For each ledamot not at the meeting, the ersättare appointed by the same member who are present and
    not serving, lowest call-in order first (FinsamL 12 §), and who serves for the ledamot already."""
    rows = meeting.raw.get("attendance") or []
    present = {row["person"] for row in rows if present_at(row)}
    serving = {row["person"] for row in rows if row.get("serving") and present_at(row)}
    served_by: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row.get("serving") and row.get("replaces") and present_at(row):
            served_by[row["replaces"]].append(row["person"])
    out = []
    for mandate in sorted(board.role("ledamot"), key=lambda m: (m.member or "", m.person)):
        if mandate.person in present:
            continue
        deputies = board.of_member("ersattare", mandate.member) if mandate.member else []
        ordered = sorted(deputies, key=lambda m: (m.order if m.order is not None else 1 << 30, m.person))
        candidates = tuple(m.person for m in ordered if m.person in present and m.person not in serving)
        out.append(SubstituteProposal(mandate.person, mandate.member, candidates,
                                      tuple(sorted(served_by.get(mandate.person, [])))))
    return out


@dataclass(frozen=True, slots=True)
class MeetingState:
    """A meeting as it stands, from a document holding it (`export_meeting`): the parsed meeting, the board
    of its date, each item's state by item id and the substitutes to propose."""

    ctx: ForbundContext
    meeting: Meeting
    board: Board
    items: dict[str, ItemState]
    proposals: list[SubstituteProposal]


def meeting_state(doc: dict[str, Any], meeting_id: str) -> MeetingState:
    """The live state of one meeting of a document (its first förbund holding it)."""
    for data in doc.get("forbund") or []:
        if any(m.get("id") == meeting_id for m in data.get("meetings") or []):
            break
    else:
        raise KeyError(meeting_id)
    day = parse_date(next(m for m in data["meetings"] if m["id"] == meeting_id)["date"])
    ctx = DocumentIndex(doc, day).context(data["id"])  # type: ignore[arg-type]
    meeting = next(m for m in ctx.meetings if m.id == meeting_id)
    board = ctx.board_on(meeting.date)
    items = {item["id"]: item_state(meeting, item, board) for item in meeting.raw.get("items") or []}
    return MeetingState(ctx, meeting, board, items, substitute_proposals(meeting, board))


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _decision(item: dict[str, Any]) -> dict[str, Any]:
    return item.get("decision") or {}


@rule(
    "meeting-quorum",
    level="error",
    source=SAME_SOURCE,
    area="meetings",
    title=_("Beslutsförhet"),
    explanation=_(
        "Ett beslut får bara fattas när mer än hälften av styrelsens platser är besatta av röstberättigade."
    ),
    advice=_(
        "Kontrollera närvaro och jäv i protokollet; fattades beslutet utan beslutförhet bör det tas om."
    ),
    source_text=STYRELSEARBETET,
)
def check_quorum(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Each decided decision item had more than half the seats filled by voting members."""
    for meeting in _past_meetings(ctx, as_of):
        board = ctx.board_on(meeting.date)
        seats = board.seats
        if seats == 0:
            continue  # no seats recorded for the date: board-seats is the rule that speaks
        for item in meeting.raw.get("items") or []:
            if item.get("kind") not in ("decision", "election"):
                continue
            if _decision(item).get("outcome") not in QUORUM_OUTCOMES:
                continue
            voters = item_voters(meeting, item, board)
            if not is_quorate(len(voters), seats):
                yield ctx.finding(
                    "meeting-quorum",
                    "item",
                    ctx.item_subject(item, meeting),
                    f"Beslutet fattades med {len(voters)} röstberättigade av styrelsens {seats} platser; "
                    "mer än hälften krävs. Styrelsen var inte beslutför – ta om beslutet.",
                    subject_id=item["id"],
                    since=meeting.date,
                )


@rule(
    "meeting-majority",
    level="error",
    source=SAME_SOURCE,
    area="meetings",
    title=_("Beslut enligt omröstningen"),
    explanation=_(
        "Vid votering avgör flest ja- eller nejröster (blanka räknas inte). Vid lika röstetal vinner den "
        "mening ordföranden röstat för, utom vid val och i personalärenden där lotten avgör."
    ),
    advice=_("Kontrollera omröstningen och beslutet i protokollet och rätta det som protokollförts fel."),
    source_text=STYRELSEARBETET,
)
def check_majority(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Recorded outcome follows the recorded named votes, casting vote and lot."""
    for meeting in _past_meetings(ctx, as_of):
        board = None
        for item in meeting.raw.get("items") or []:
            decision = _decision(item)
            votes = decision.get("votes")
            outcome = decision.get("outcome")
            if not votes or outcome not in DECIDED_OUTCOMES:
                continue
            approved = outcome in APPROVING
            lot_item = decided_by_lot(item)
            chair = None
            if not lot_item and decision.get("casting_vote"):
                board = board or ctx.board_on(meeting.date)
                chair = board.chair
            result = vote_result(votes, lot_item=lot_item, chair=chair, casting_vote=decision.get("casting_vote"),
                                 lot=bool(decision.get("lot")))
            yes, no = result.yes, result.no
            problem = None
            if result.by == "majority" and result.approved != approved:
                problem = f"{yes} ja mot {no} nej men beslutet blev {'bifall' if approved else 'avslag'}"
            elif result.problem == "no_lot":
                problem = f"lika röstetal ({yes}–{no}) i val eller personalärende, men lotten avgjorde inte"
            elif result.problem == "no_casting_vote":
                problem = f"lika röstetal ({yes}–{no}) men ingen utslagsröst är protokollförd"
            elif result.problem == "not_chair":
                problem = (
                    f"lika röstetal ({yes}–{no}) och utslagsrösten lades av "
                    f"{ctx.person_name(decision.get('casting_vote'))}, som inte var ordförande"
                )
            elif result.problem == "chair_no_position":
                problem = f"lika röstetal ({yes}–{no}) men ordföranden röstade inte ja eller nej"
            elif result.by == "casting_vote" and result.approved != approved:
                problem = f"lika röstetal ({yes}–{no}) men beslutet följer inte ordförandens röst"
            if problem:
                yield ctx.finding(
                    "meeting-majority",
                    "item",
                    ctx.item_subject(item, meeting),
                    f"Omröstningen och beslutet stämmer inte: {problem}. Kontrollera protokollet och rätta det.",
                    subject_id=item["id"],
                    since=meeting.date,
                )


@rule(
    "meeting-vote-eligibility",
    level="error",
    source=SAME_SOURCE,
    area="meetings",
    title=_("Rätt att rösta"),
    explanation=_(
        "Bara röstberättigade i ärendet får rösta: tjänstgörande ledamöter och ersättare, inte den som "
        "är jävig, inte en ersättare som inte tjänstgör och inte någon utanför styrelsen."
    ),
    advice=_(
        "Rätta närvaro, jäv och omröstning i protokollet; påverkade en otillåten röst utgången bör beslutet tas om."
    ),
    source_text=STYRELSEARBETET,
)
def check_vote_eligibility(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Only voting members of an item cast votes, each once."""
    for meeting in _past_meetings(ctx, as_of):
        board = None
        for item in meeting.raw.get("items") or []:
            votes = _decision(item).get("votes")
            if not votes:
                continue
            board = board or ctx.board_on(meeting.date)
            voters = item_voters(meeting, item, board)
            counts = Counter(v.get("person") for v in votes)
            wrong = sorted({ctx.person_name(p) for p in counts if p not in voters})
            twice = sorted({ctx.person_name(p) for p, n in counts.items() if n > 1})
            parts = []
            if wrong:
                parts.append(f"{join_sv(wrong)} röstade utan att vara röstberättigad i ärendet")
            if twice:
                parts.append(f"{join_sv(twice)} röstade mer än en gång")
            if parts:
                yield ctx.finding(
                    "meeting-vote-eligibility",
                    "item",
                    ctx.item_subject(item, meeting),
                    f"{_upper_first('; '.join(parts))}. Rätta protokollet och pröva om beslutet måste tas om.",
                    subject_id=item["id"],
                    since=meeting.date,
                )


@rule(
    "meeting-substitute",
    level="error",
    source="FinsamL 12 §, statutes",
    area="meetings",
    title=_("Ersättare tjänstgör för rätt ledamot"),
    explanation=_(
        "En tjänstgörande ersättare ersätter en ledamot som utsetts av samma medlem, och bara en ledamot "
        "som inte själv deltar."
    ),
    advice=_("Rätta i protokollet vem ersättaren tjänstgjorde för, eller låt rätt ersättare tjänstgöra."),
    source_text="FinsamL 12 §: ersättare utses för ledamot av den medlem som utsett ledamoten och tjänstgör i dennes ställe.",
)
def check_substitute(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Serving ersättare replace an absent (or recused) ledamot of their own member."""
    for meeting in _past_meetings(ctx, as_of):
        rows = meeting.serving
        items_with_subs = [i for i in meeting.raw.get("items") or [] if i.get("substitutes")]
        if not rows and not items_with_subs:
            continue
        board = ctx.board_on(meeting.date)
        present_ledamot = set(meeting.present_ledamot)
        ledamot_rows = {row["person"]: row for row in meeting.raw.get("attendance") or []
                        if row.get("capacity") == "ledamot" and present_at(row)}

        def busy(row: dict[str, Any], target: str, ledamot_rows=ledamot_rows) -> bool:
            # The ledamot is at the meeting during some § the ersättare serves for them.
            own = ledamot_rows.get(target)
            return own is not None and spans_overlap(_serving_span(row), _presence_span(own))

        problems = _substitute_problems(ctx, board, rows, busy, "närvarande", spans=True)
        if problems:
            yield ctx.finding(
                "meeting-substitute",
                "meeting",
                f"Sammanträde {meeting.date.isoformat()}",
                f"{'; '.join(problems)}. Rätta tjänstgöringen i protokollet.",
                subject_id=meeting.id,
                since=meeting.date,
            )
        for item in items_with_subs:
            number = item.get("number")
            recused = {row["person"] for row in item.get("recused") or []}
            # A ledamot takes part in the item when present (or replaced for the meeting) and not recused.
            if meeting.bounded:
                here = {p for p, row in ledamot_rows.items() if present_at(row, number)}
                serving_for = {row.get("replaces") for row in rows if serving_at(row, number)}
            else:
                here, serving_for = present_ledamot, {row.get("replaces") for row in rows}
            taking_part = (here | serving_for) - recused
            problems = _substitute_problems(ctx, board, item["substitutes"],
                                            lambda row, target, taking_part=taking_part: target in taking_part,
                                            "med i ärendet")
            if problems:
                yield ctx.finding(
                    "meeting-substitute",
                    "item",
                    ctx.item_subject(item, meeting),
                    f"{'; '.join(problems)}. Rätta tjänstgöringen i protokollet.",
                    subject_id=item["id"],
                    since=meeting.date,
                )


def _substitute_problems(
    ctx: ForbundContext, board: Board, rows: list[dict[str, Any]], busy, state: str, spans: bool = False
) -> list[str]:
    """What is wrong with serving ersättare rows (meeting-level or named for an item). `busy(row, target)`:
    the replaced ledamot takes part themself; with `spans`, two ersättare may replace the same ledamot for
    §§ that do not overlap."""
    problems = []
    by_target: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row.get("replaces"):
            by_target[row["replaces"]].append(row)
    for row in rows:
        name = ctx.person_name(row["person"])
        deputy = board.holds(row["person"], "ersattare")
        target = row.get("replaces")
        if deputy is None:
            problems.append(f"{name} har inget uppdrag som ersättare")
            continue
        if not target:
            problems.append(f"det framgår inte vilken ledamot {name} ersätter")
            continue
        ledamot = board.holds(target, "ledamot")
        target_name = ctx.person_name(target)
        others = [o for o in by_target[target] if o is not row]
        if spans:
            others = [o for o in others if spans_overlap(_serving_span(o), _serving_span(row))]
        if ledamot is None:
            problems.append(f"{name} ersätter {target_name}, som inte är ledamot")
        elif not set(ledamot.appointed_by) & set(deputy.appointed_by):
            problems.append(f"{name} ersätter {target_name}, som är utsedd av en annan medlem")
        elif busy(row, target):
            problems.append(f"{name} ersätter {target_name}, som själv är {state}")
        elif others:
            problems.append(f"flera ersättare ersätter {target_name}")
    return sorted(set(problems))


@rule(
    "meeting-substitute-order",
    level="warning",
    source="FinsamL 12 §",
    area="meetings",
    title=_("Ersättare i tur och ordning"),
    explanation=_(
        "Den ersättare som tjänstgör ska vara den närvarande ersättaren för medlemmen som står först i inträdesordningen."
    ),
    advice=_(
        "Kalla in ersättarna i den ordning medlemmen bestämt, eller protokollför varför ordningen frångicks."
    ),
    source_text="FinsamL 12 §: ersättarna tjänstgör i den ordning som den som utsett dem har bestämt.",
)
def check_substitute_order(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Serving ersättare are the present ones first in their member's call-in order."""
    for meeting in _past_meetings(ctx, as_of):
        items_with_subs = [i for i in meeting.raw.get("items") or [] if i.get("substitutes")]
        if not meeting.serving and not items_with_subs:
            continue
        board = ctx.board_on(meeting.date)
        serving = {row["person"] for row in meeting.serving}
        present = [p for p in meeting.present_ersattare if board.holds(p, "ersattare")]
        skipped = _order_problems(ctx, board, present, serving)
        if skipped:
            yield ctx.finding(
                "meeting-substitute-order",
                "meeting",
                f"Sammanträde {meeting.date.isoformat()}",
                f"{join_sv(skipped)} stod före i inträdesordningen men tjänstgjorde inte. "
                "Kalla in ersättarna i medlemmens ordning.",
                subject_id=meeting.id,
                since=meeting.date,
            )
        for item in items_with_subs:
            recused = {row["person"] for row in item.get("recused") or []}
            candidates = [p for p in present if p not in serving and p not in recused]
            chosen = {row["person"] for row in item["substitutes"]}
            skipped = _order_problems(ctx, board, candidates, chosen)
            if skipped:
                yield ctx.finding(
                    "meeting-substitute-order",
                    "item",
                    ctx.item_subject(item, meeting),
                    f"{join_sv(skipped)} stod före i inträdesordningen men trädde inte in i ärendet. "
                    "Kalla in ersättarna i medlemmens ordning.",
                    subject_id=item["id"],
                    since=meeting.date,
                )


def _order_problems(ctx: ForbundContext, board: Board, candidates: list[str], chosen: set[str]) -> list[str]:
    """Names of candidates passed over for a chosen ersättare later in the same member's order."""
    by_member: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for person in dict.fromkeys(candidates):
        mandate = board.holds(person, "ersattare")
        if mandate is None or mandate.member is None or mandate.order is None:
            continue
        by_member[mandate.member].append((mandate.order, person))
    skipped = []
    for rows in by_member.values():
        used = [order for order, person in rows if person in chosen]
        if not used:
            continue
        last_used = max(used)
        skipped += [ctx.person_name(p) for order, p in rows if p not in chosen and order < last_used]
    return sorted(skipped)


@dataclass(frozen=True)
class NoticeProblem:
    """A kallelse that is (or would be) late: the last day it could go, and how many days before the
    meeting it went (None: not sent)."""

    deadline: datetime.date
    days_before: int | None
    notice_days: int


def notice_problem(meeting_date: datetime.date, sent: datetime.date | None,
                   notice_days: int) -> NoticeProblem | None:
    """The one test of the meeting-notice rule: a kallelse sent on `sent` (None: not sent) is late when it
    is missing or went out after `deadlines.notice_due`. None when it is in time."""
    deadline = deadlines.notice_due(meeting_date, notice_days)
    if sent is not None and sent <= deadline:
        return None
    return NoticeProblem(deadline, (meeting_date - sent).days if sent is not None else None, notice_days)


def planned_notice_finding(forbund_id: str, meeting_id: str, meeting_date: datetime.date,
                           notice_sent: datetime.date | None, notice_days: int,
                           day: datetime.date) -> Finding | None:
    """While a meeting is planned (it lies after `day`): the meeting-notice finding its kallelse causes,
    sent on `notice_sent`, or, not sent yet, if it were sent on `day`. The rule itself judges only held
    meetings (check_notice); this is what the planning page shows before that."""
    if meeting_date <= day:
        return None
    sent = notice_sent or day
    problem = notice_problem(meeting_date, sent, notice_days)
    if problem is None:
        return None
    values = {"days": problem.days_before, "required": notice_days, "deadline": problem.deadline.isoformat(),
              "sent": sent.isoformat()}
    if notice_sent is None:
        message = gettext(
            "Skickas kallelsen i dag är den %(days)s dagar före sammanträdet; förbundsordningen säger "
            "%(required)s. Sista dag att skicka den var %(deadline)s."
        ) % values
    else:
        message = gettext(
            "Kallelsen skickades %(sent)s, %(days)s dagar före sammanträdet; förbundsordningen säger "
            "%(required)s."
        ) % values
    entry = REGISTRY["meeting-notice"][0]
    return Finding(
        rule="meeting-notice", level=entry.level, forbund=forbund_id,
        subject=f"Sammanträde {meeting_date.isoformat()}", message=message, source=entry.source,
        subject_kind="meeting", subject_id=meeting_id, since=problem.deadline + datetime.timedelta(days=1),
    )


@rule(
    "meeting-notice",
    level="warning",
    source="statutes (default 7 days)",
    area="meetings",
    title=_("Kallelse och handlingar i tid"),
    explanation=_(
        "Kallelsen – och handlingarna till varje beslutsärende – ska skickas ut senast det antal dagar "
        "före sammanträdet som förbundsordningen anger (normalt 7 dagar)."
    ),
    advice=_("Skicka kallelse och underlag i tid och registrera datumen."),
    source_text=(
        "Förbundsordningen anger hur och när kallelse till styrelsens sammanträden ska ske; handlingarna "
        "ska vara väl beredda och nå ledamöterna i god tid (Styrelsens roll: ställa krav på underlag)."
    ),
)
def check_notice(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Notice and decision documents went out at least notice_days before each held meeting."""
    days = int(ctx.statutes["notice_days"])
    for meeting in _past_meetings(ctx, as_of):
        deadline = deadlines.notice_due(meeting.date, days)
        subject = f"Sammanträde {meeting.date.isoformat()}"
        sent = meeting.raw.get("notice_sent")
        if notice_problem(meeting.date, datetime.date.fromisoformat(sent) if sent else None, days):
            when = f"skickades {sent}" if sent else "har inget registrerat utskicksdatum"
            yield ctx.finding(
                "meeting-notice",
                "meeting",
                subject,
                f"Kallelsen {when}; den skulle ha gått ut senast {deadline.isoformat()} ({days} dagar före). "
                "Skicka kallelsen i tid och registrera datumet.",
                subject_id=meeting.id,
                since=deadline + datetime.timedelta(days=1),
            )
        late = [
            item
            for item in meeting.raw.get("items") or []
            if item.get("kind") == "decision"
            and item.get("documents_sent")
            and notice_problem(meeting.date, datetime.date.fromisoformat(item["documents_sent"]), days)
        ]
        if late:
            numbers = join_sv(f"§ {i.get('number', i['id'])}" for i in late)
            yield ctx.finding(
                "meeting-notice",
                "meeting",
                subject,
                f"Handlingarna till {numbers} skickades senare än {deadline.isoformat()} ({days} dagar före). "
                "Skicka underlagen med kallelsen.",
                subject_id=meeting.id,
                since=deadline + datetime.timedelta(days=1),
            )


@rule(
    "minutes-adjusted",
    level="warning",
    source="statutes (default 14 days)",
    area="meetings",
    title=_("Protokollet justerat i tid"),
    explanation=_(
        "Protokollet ska justeras inom det antal dagar efter sammanträdet som förbundsordningen anger "
        "(normalt 14), av ordföranden och minst en justerare till."
    ),
    advice=_("Justera protokollet och registrera justeringsdatum och justerare."),
    source_text=(
        "Protokollet justeras av ordföranden och en eller flera utsedda justerare senast den dag "
        "förbundsordningen anger; först därefter är det en allmän handling som kan anslås."
    ),
)
def check_minutes(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Minutes adjusted within adjust_within_days, by someone besides the ordförande."""
    days = int(ctx.statutes["adjust_within_days"])
    for meeting in _past_meetings(ctx, as_of):
        deadline = deadlines.minutes_due(meeting.date, days)
        if not deadline < as_of:
            continue
        minutes = meeting.raw.get("minutes") or {}
        adjusted = minutes.get("adjusted")
        subject = f"Sammanträde {meeting.date.isoformat()}"
        if not adjusted or adjusted > deadline.isoformat():
            when = f"justerades först {adjusted}" if adjusted else "är inte justerat"
            yield ctx.finding(
                "minutes-adjusted",
                "meeting",
                subject,
                f"Protokollet {when}; det skulle ha justerats senast {deadline.isoformat()}. "
                "Justera protokollet och registrera datumet.",
                subject_id=meeting.id,
                since=deadline + datetime.timedelta(days=1),
            )
            continue
        chair = ctx.board_on(meeting.date).chair
        others = [p for p in minutes.get("adjusters") or [] if p != chair]
        if not others:
            yield ctx.finding(
                "minutes-adjusted",
                "meeting",
                subject,
                "Protokollet är justerat utan någon justerare utöver ordföranden. "
                "Låt en utsedd justerare justera protokollet.",
                subject_id=meeting.id,
                since=datetime.date.fromisoformat(adjusted),
            )


def needs_information(item: dict[str, Any]) -> bool:
    """Whether the members must be informed of an item (FinsamL 18 §): it is marked as of larger economic or
    organisational importance and the board decided it (approved, rejected or elected)."""
    return bool(item.get("major")) and _decision(item).get("outcome") in DECIDED_OUTCOMES


def uninformed_members(item: dict[str, Any], meeting_date: datetime.date, notices: Iterable[dict[str, Any]],
                       member_ids: Iterable[str], until: datetime.date | None = None) -> list[str]:
    """The members (of `member_ids`, the members active on the meeting date, in their order) that information
    about the item has not reached: none when the item needs no information (`needs_information`). A notice
    (exchange form: date, recipients) counts when dated from the meeting date up to `until` (None: any day
    from the meeting on). The information-duty rule asks it with the 30 days' deadline; the prompt on the
    meeting page and the overview asks it with none, until the information is sent."""
    if not needs_information(item):
        return []
    first, last = meeting_date.isoformat(), until.isoformat() if until else None
    informed: set[str] = set()
    for notice in notices:
        day = notice.get("date")
        if day and first <= day and (last is None or day <= last):
            informed.update(notice.get("recipients") or [])
    return [m for m in member_ids if m not in informed]


@rule(
    "information-duty",
    level="warning",
    source="FinsamL 18 §",
    area="meetings",
    title=_("Information till medlemmarna"),
    explanation=_(
        "Styrelsen ska hålla medlemmarna underrättade om frågor av större ekonomisk eller organisatorisk "
        "betydelse; ett sådant beslut ska inom 30 dagar meddelas varje medlem."
    ),
    advice=_("Informera de medlemmar som inte fått besked och registrera informationen."),
    source_text=(
        "FinsamL 18 §: Förbundsstyrelsen ska hålla förbundsmedlemmarna underrättade om den allmänna "
        "planläggningen av förbundets verksamhet samt om frågor av större ekonomisk eller organisatorisk betydelse."
    ),
)
def check_information(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Major decided items reached every member within 30 days."""
    for meeting in _past_meetings(ctx, as_of):
        deadline = deadlines.information_due(meeting.date)
        if not deadline < as_of:
            continue
        for item in meeting.raw.get("items") or []:
            if not needs_information(item):
                continue
            last = deadline.isoformat()
            missing = uninformed_members(item, meeting.date, ctx.notices_about.get(item["id"], []),
                                         [m["id"] for m in ctx.active_members(meeting.date)], deadline)
            if missing:
                yield ctx.finding(
                    "information-duty",
                    "item",
                    ctx.item_subject(item, meeting),
                    f"Beslutet är av större betydelse men {join_sv(ctx.member_name(m) for m in missing)} "
                    f"informerades inte senast {last}. Informera medlemmarna och registrera det.",
                    subject_id=item["id"],
                    since=deadline + datetime.timedelta(days=1),
                )
