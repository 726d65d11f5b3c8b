"""Rules on insatser: parties, direction, follow-up, reports, anchoring and budget (FinsamL 7, 23 §§)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from samordna.rules import deadlines
from samordna.rules.base import Finding, rule
from samordna.rules.context import ForbundContext, join_sv, parse_date

ONE_DAY = deadlines.ONE_DAY


def _subject(insats: dict[str, Any]) -> str:
    return f"Insats {insats.get('name') or insats['id']}"


def known_funding(ctx: ForbundContext, insats: dict[str, Any], as_of: datetime.date) -> list[dict[str, Any]]:
    """Funding entries not decided after the as-of date."""
    rows = []
    for row in insats.get("funding") or []:
        decided = ctx.item_decided_on(row.get("decided_in"))
        if decided is None or decided <= as_of:
            rows.append(row)
    return rows


def _approves(ctx: ForbundContext, row: dict[str, Any]) -> bool:
    """A funding entry is an approval when its decision item approved it, or when it names no item."""
    item_id = row.get("decided_in")
    if not item_id:
        return True
    item = ctx.items.get(item_id)
    if item is None:
        return True  # the deciding item is outside this document: the entry itself records the grant
    return (item.get("decision") or {}).get("outcome") == "approved"


def approval_dates(
    ctx: ForbundContext, insats: dict[str, Any], as_of: datetime.date
) -> tuple[bool, list[datetime.date]]:
    """Whether the insats is approved as of the date, and the dates of its dated approvals."""
    approved = False
    dates = []
    for row in known_funding(ctx, insats, as_of):
        if _approves(ctx, row):
            approved = True
            decided = ctx.item_decided_on(row.get("decided_in"))
            if decided is not None:
                dates.append(decided)
    return approved, sorted(dates)


# --- Shared by the rules below and the beredning's checklist (issue 9): one implementation of each test. ---

def counted_parties(ctx: ForbundContext, insats: dict[str, Any]) -> set[str]:
    """The insats's parties as FinsamL 7 § counts them: all kommuner together one ("kommun"), Försäkringskassan,
    Arbetsförmedlingen and each region one each; a party that is no member of the förbund counts for nothing."""
    parties = set()
    for member_id in insats.get("parties") or []:
        kind = ctx.member_kind(member_id)
        if kind is None:
            continue  # not a member of this förbund: no party to it
        parties.add("kommun" if kind == "kommun" else member_id)
    return parties


def missing_anchoring(insats: dict[str, Any], decision: datetime.date) -> list[str]:
    """The concerned members (in order) with no anchoring dated on or before the day of the decision."""
    anchored: dict[str, list[datetime.date]] = defaultdict(list)
    for row in insats.get("anchoring") or []:
        day = parse_date(row.get("date"))
        if day is not None:
            anchored[row["member"]].append(day)
    # Dates are calendar days: an anchoring on the day of the decision is taken to precede it.
    return [m for m in dict.fromkeys(insats.get("concerns") or [])
            if not any(d <= decision for d in anchored.get(m, []))]


def approved_totals(ctx: ForbundContext, as_of: datetime.date, *, skip: str | None = None) -> dict[int, int]:
    """The funds approved for insatser per year as of the date (all insatser but `skip`, an insats id)."""
    totals: dict[int, int] = defaultdict(int)
    for insats in ctx.insatser:
        if skip is not None and insats.get("id") == skip:
            continue
        for row in known_funding(ctx, insats, as_of):
            if _approves(ctx, row):
                totals[int(row["year"])] += int(row.get("amount") or 0)
    return dict(totals)


def insats_ceiling(ctx: ForbundContext, year: int, as_of: datetime.date) -> int | None:
    """What the budget adopted by the date sets aside for insatser in the year; None without one."""
    budget = ctx.budgets.get(year)
    if budget is None:
        return None
    adopted = parse_date(budget.get("adopted"))
    ceiling = (budget.get("allocations") or {}).get("insatser")
    if ceiling is None or adopted is None or adopted > as_of:
        return None
    return int(ceiling)


@rule(
    "insats-parties",
    level="error",
    source="FinsamL 7 §",
    area="insatser",
    title=_("Minst två parter i insatsen"),
    explanation=_(
        "En insats som förbundet finansierar ska omfatta minst två av samverkansparterna; alla kommuner "
        "räknas tillsammans som en part, Försäkringskassan, Arbetsförmedlingen och varje region som var sin."
    ),
    advice=_("Registrera insatsens parter, eller ompröva finansieringen om insatsen bara rör en part."),
    source_text=(
        "FinsamL 7 §: Samordningsförbundet får finansiera insatser som avser individer som är i behov av "
        "samordnade rehabiliteringsinsatser och som syftar till förvärvsarbete, och som ligger inom ramen "
        "för de samverkande parternas samlade ansvarsområden."
    ),
)
def check_parties(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Approved insatser involve at least two parties (kommuner count as one)."""
    for insats in ctx.insatser:
        approved, dates = approval_dates(ctx, insats, as_of)
        if not approved:
            continue
        parties = counted_parties(ctx, insats)
        if len(parties) < 2:
            yield ctx.finding(
                "insats-parties",
                "insats",
                _subject(insats),
                f"Insatsen är beviljad men har {len(parties)} part bland förbundets medlemmar "
                "(kommunerna räknas som en). Minst två parter krävs; registrera parterna eller ompröva beslutet.",
                subject_id=insats["id"],
                since=dates[0] if dates else None,
            )


def _known(ctx: ForbundContext, insats: dict[str, Any], as_of: datetime.date) -> bool:
    """The insats is on record by the as-of date (its earliest dated fact is not after it)."""
    dates = [parse_date(insats.get("start")), parse_date(insats.get("followup_registered"))]
    dates += [parse_date(a.get("date")) for a in insats.get("anchoring") or []]
    dates += [parse_date(r.get("date")) for r in insats.get("reports") or []]
    dates += [ctx.item_decided_on(f.get("decided_in")) for f in insats.get("funding") or []]
    known = [d for d in dates if d is not None]
    return not known or min(known) <= as_of


@rule(
    "insats-direction",
    level="error",
    source="follow-up system rules",
    area="insatser",
    title=_("Individinriktad eller strukturövergripande"),
    explanation=_(
        "Varje insats är antingen individinriktad eller strukturövergripande, och inriktningen ändras inte "
        "efter registreringen; en insats med båda delarna registreras som två."
    ),
    advice=_("Ange insatsens inriktning, eller dela upp den i två insatser."),
    source_text=(
        "Uppföljningssystemet för finansiell samordning (SUS, Uppföljning Finsam): en insats registreras som "
        "individinriktad eller strukturövergripande; en insats med båda inriktningarna registreras som två insatser."
    ),
)
def check_direction(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Each insats is exactly one of individ or struktur."""
    for insats in ctx.insatser:
        if insats.get("direction") in ("individ", "struktur") or not _known(ctx, insats, as_of):
            continue
        yield ctx.finding(
            "insats-direction",
            "insats",
            _subject(insats),
            "Insatsen saknar inriktning. Ange om den är individinriktad eller strukturövergripande "
            "(har den båda delarna, registrera den som två insatser).",
            subject_id=insats["id"],
        )


@rule(
    "insats-followup-registered",
    level="warning",
    source="styrelsens roll",
    area="insatser",
    title=_("Registrerad i uppföljningssystemet"),
    explanation=_(
        "En finansierad insats ska registreras i det nationella uppföljningssystemet inom 30 dagar från start."
    ),
    advice=_("Registrera insatsen i Uppföljning Finsam (SUS) och för in registreringsdatumet."),
    source_text=(
        "Styrelsens roll: Verka för att insatser finansierade av samordningsförbund registreras i det "
        "myndighetsgemensamma uppföljningssystemet SUS."
    ),
)
def check_followup_registered(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Funded, started insatser registered within 30 days of start."""
    for insats in ctx.insatser:
        start = parse_date(insats.get("start"))
        if start is None or not known_funding(ctx, insats, as_of):
            continue
        deadline = deadlines.registration_due(start)
        if not deadline < as_of:
            continue
        registered = parse_date(insats.get("followup_registered"))
        if registered is not None and registered <= deadline:
            continue
        when = (
            f"registrerades först {registered.isoformat()}"
            if registered and registered <= as_of
            else ("är inte registrerad")
        )
        yield ctx.finding(
            "insats-followup-registered",
            "insats",
            _subject(insats),
            f"Insatsen startade {start.isoformat()} men {when} i uppföljningssystemet; det skulle ha skett "
            f"senast {deadline.isoformat()}. Registrera insatsen i Uppföljning Finsam.",
            subject_id=insats["id"],
            since=deadline + ONE_DAY,
        )


@rule(
    "insats-reports",
    level="warning",
    source="styrelsens roll, statutes (default 4 months)",
    area="insatser",
    title=_("Återrapportering till styrelsen"),
    explanation=_(
        "En finansierad insats som pågått längre än rapportintervallet (normalt 4 månader) ska ha "
        "rapporterat till styrelsen inom det senaste intervallet; en avslutad insats ska ha en slutrapport "
        "senast 3 månader efter slutet."
    ),
    advice=_("Begär en delrapport (eller slutrapport) från insatsen och redovisa den för styrelsen."),
    source_text=(
        "Styrelsens roll: Se till att samordningsförbundets styrelse får kontinuerliga redovisningar av de "
        "insatser som finansieras för att kunna följa upp samordningsförbundets insatser."
    ),
)
def check_reports(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Running insatser report every interval; ended ones have a final report."""
    months = int(ctx.statutes["report_interval_months"])
    for insats in ctx.insatser:
        start = parse_date(insats.get("start"))
        if start is None or start > as_of or not known_funding(ctx, insats, as_of):
            continue
        end = parse_date(insats.get("end"))
        reports = [(parse_date(r.get("date")), r.get("kind")) for r in insats.get("reports") or []]
        reports = [(d, kind) for d, kind in reports if d is not None and d <= as_of]
        owed = deadlines.reports_due(start, end, months, reports, as_of)
        if end is None or as_of <= end:
            periodic = next((r for r in owed if r.kind == "periodic"), None)
            if periodic is None or not periodic.date < as_of:
                continue
            latest = max((d for d, _ in reports), default=None)
            last = f"rapporterade senast {latest.isoformat()}" if latest else "har inte rapporterat"
            yield ctx.finding(
                "insats-reports",
                "insats",
                _subject(insats),
                f"Insatsen pågår men {last} till styrelsen; den ska rapportera minst var {months}:e månad. "
                "Begär en delrapport och redovisa den för styrelsen.",
                subject_id=insats["id"],
                since=periodic.date + ONE_DAY,
            )
        else:
            final = next((r for r in owed if r.kind == "final"), None)
            if final is None or not final.date < as_of:
                continue
            yield ctx.finding(
                "insats-reports",
                "insats",
                _subject(insats),
                f"Insatsen avslutades {end.isoformat()} men har ingen slutrapport; den skulle ha kommit senast "
                f"{final.date.isoformat()}. Begär slutrapporten och redovisa den för styrelsen.",
                subject_id=insats["id"],
                since=final.date + ONE_DAY,
            )


@rule(
    "insats-anchoring",
    level="warning",
    source="styrelsens roll",
    area="insatser",
    title=_("Förankring hos berörd medlem"),
    explanation=_(
        "En insats som särskilt rör en medlem ska vara förankrad hos den medlemmen innan styrelsen beslutar om finansiering."
    ),
    advice=_("Förankra insatsen hos medlemmen och registrera förankringen före beslut."),
    source_text=(
        "Styrelsens roll: Säkerställ att förslag om finansiering av insats som särskilt rör din organisation "
        "är väl förankrat på hemmaplan före styrelsebeslut."
    ),
)
def check_anchoring(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Each concerned member's anchoring is dated no later than the first decision to finance."""
    for insats in ctx.insatser:
        concerns = insats.get("concerns") or []
        if not concerns:
            continue
        approved, dates = approval_dates(ctx, insats, as_of)
        if not approved:
            continue
        decision = dates[0] if dates else as_of
        missing = missing_anchoring(insats, decision)
        if missing:
            when = f"beslutet {decision.isoformat()}" if dates else "beslutet"
            yield ctx.finding(
                "insats-anchoring",
                "insats",
                _subject(insats),
                f"Insatsen rör särskilt {join_sv(ctx.member_name(m) for m in missing)} men ingen förankring "
                f"hos dem är registrerad före {when}. Förankra och registrera förankringen.",
                subject_id=insats["id"],
                since=dates[0] if dates else None,
            )


@rule(
    "insats-within-budget",
    level="error",
    source="FinsamL 7 §, 23 §",
    area="insatser",
    title=_("Insatser inom budgeten"),
    explanation=_(
        "De medel styrelsen beslutat om till insatser ett år får inte överstiga det budgeten avsätter till insatser det året."
    ),
    advice=_("Ändra budgeten i laga ordning eller minska de beviljade medlen."),
    source_text=(
        "FinsamL 23 §: Styrelsen fastställer budgeten; 7 §: förbundet finansierar insatser med medlemmarnas "
        "bidrag. Beslut om insatser ska rymmas i den fastställda budgeten."
    ),
)
def check_within_budget(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Per year, approved funding does not exceed the budget's allocation to insatser."""
    totals = approved_totals(ctx, as_of)
    for year, total in sorted(totals.items()):
        ceiling = insats_ceiling(ctx, year, as_of)
        if ceiling is None:
            continue
        if total > ceiling:
            yield ctx.finding(
                "insats-within-budget",
                "budget",
                f"Budget {year}",
                f"Beviljade medel till insatser {year} är {total:,} kr men budgeten avsätter {ceiling:,} kr. ".replace(
                    ",", " "
                )
                + "Minska beviljade medel eller ändra budgeten i laga ordning.",
                subject_id=str(year),
            )


# --- The beredning's checklist (issue 9) --------------------------------------------------------------------

@dataclass(frozen=True)
class CheckItem:
    """One point of the beredning's checklist: what is tested (`label`), whether it holds, and when it does
    not, the finding of the rule it anticipates (shown on the page as the rule engine shows its findings)."""

    key: str
    rule: str
    label: str
    ok: bool
    finding: Finding | None = None


def beredning_checklist(
    ctx: ForbundContext, insats: dict[str, Any], requested: dict[int, int], as_of: datetime.date
) -> list[CheckItem]:
    """The checklist of an application before the board decides it, as the rules would judge it were it
    approved on `as_of` with the funds `requested` ({year: kr}): at least two parties with the kommuner as
    one (insats-parties), a direction (insats-direction), room in the adopted budget's insats allocation
    each year (insats-within-budget, beside what is approved for the other insatser) and an anchoring,
    dated by then, for each concerned member (insats-anchoring). The same helpers as the rules."""
    subject, sid = _subject(insats), insats["id"]
    items: list[CheckItem] = []

    parties = counted_parties(ctx, insats)
    ok = len(parties) >= 2
    items.append(CheckItem("parties", "insats-parties", f"Minst två parter (kommunerna som en): {len(parties)}", ok,
                           None if ok else ctx.finding(
                               "insats-parties", "insats", subject,
                               f"Ansökan har {len(parties)} part bland förbundets medlemmar (kommunerna räknas som "
                               "en). Minst två parter krävs för att förbundet ska kunna finansiera insatsen.",
                               subject_id=sid)))

    ok = insats.get("direction") in ("individ", "struktur")
    items.append(CheckItem("direction", "insats-direction", "Inriktning angiven", ok, None if ok else ctx.finding(
        "insats-direction", "insats", subject,
        "Ansökan saknar inriktning. Ange om insatsen är individinriktad eller strukturövergripande.",
        subject_id=sid)))

    others = approved_totals(ctx, as_of, skip=sid)
    for year, amount in sorted(requested.items()):
        ceiling = insats_ceiling(ctx, year, as_of)
        total = others.get(year, 0) + int(amount)
        label = f"Utrymme i budgeten {year}"
        if ceiling is None:
            message = (f"Det finns ingen fastställd budget med medel till insatser för {year}; utrymmet för "
                       f"{_kr(amount)} kan inte prövas förrän budgeten är fastställd.")
        elif total > ceiling:
            message = (f"Med ansökans {_kr(amount)} blir beviljade medel till insatser {year} {_kr(total)}, men "
                       f"budgeten avsätter {_kr(ceiling)}.")
        else:
            items.append(CheckItem(f"budget-{year}", "insats-within-budget",
                                   f"{label}: {_kr(total)} av {_kr(ceiling)}", True))
            continue
        items.append(CheckItem(f"budget-{year}", "insats-within-budget", label, False, ctx.finding(
            "insats-within-budget", "insats", subject, message, subject_id=sid)))

    missing = set(missing_anchoring(insats, as_of))
    for member in dict.fromkeys(insats.get("concerns") or []):
        name = ctx.member_name(member)
        ok = member not in missing
        items.append(CheckItem(f"anchoring-{member}", "insats-anchoring", f"Förankrad hos {name}", ok,
                               None if ok else ctx.finding(
                                   "insats-anchoring", "insats", subject,
                                   f"Insatsen rör särskilt {name} men ingen förankring hos {name} är registrerad. "
                                   "Förankra insatsen och registrera förankringen före beslut.", subject_id=sid)))
    return items


def _kr(amount: int) -> str:
    return f"{int(amount):,} kr".replace(",", " ")
