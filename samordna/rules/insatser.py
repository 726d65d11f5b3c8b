"""Rules on insatser: parties, direction, follow-up, reports, anchoring and budget (FinsamL 7, 23 §§)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
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
        parties = set()
        for member_id in insats.get("parties") or []:
            kind = ctx.member_kind(member_id)
            if kind is None:
                continue  # not a member of this förbund: no party to it
            parties.add("kommun" if kind == "kommun" else member_id)
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
        anchored: dict[str, list[datetime.date]] = defaultdict(list)
        for row in insats.get("anchoring") or []:
            day = parse_date(row.get("date"))
            if day is not None:
                anchored[row["member"]].append(day)
        # Dates are calendar days: an anchoring on the day of the decision is taken to precede it.
        missing = [m for m in dict.fromkeys(concerns) if not any(d <= decision for d in anchored.get(m, []))]
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
    totals: dict[int, int] = defaultdict(int)
    for insats in ctx.insatser:
        for row in known_funding(ctx, insats, as_of):
            if _approves(ctx, row):
                totals[int(row["year"])] += int(row.get("amount") or 0)
    for year, total in sorted(totals.items()):
        budget = ctx.budgets.get(year)
        if budget is None:
            continue
        adopted = parse_date(budget.get("adopted"))
        ceiling = (budget.get("allocations") or {}).get("insatser")
        if ceiling is None or adopted is None or adopted > as_of:
            continue
        if total > int(ceiling):
            yield ctx.finding(
                "insats-within-budget",
                "budget",
                f"Budget {year}",
                f"Beviljade medel till insatser {year} är {total:,} kr men budgeten avsätter {int(ceiling):,} kr. ".replace(
                    ",", " "
                )
                + "Minska beviljade medel eller ändra budgeten i laga ordning.",
                subject_id=str(year),
            )
