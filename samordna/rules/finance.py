"""Rules on budget, annual report, audit, discharge and equity (FinsamL 23 § and the accounts rules)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from samordna.rules import deadlines
from samordna.rules.base import Finding, rule
from samordna.rules.context import ForbundContext, join_sv, parse_date

ONE_DAY = deadlines.ONE_DAY


def _years(ctx: ForbundContext, as_of: datetime.date) -> range:
    """Calendar years from the förbund's start up to the year after the as-of date."""
    if ctx.start is None:
        return range(0)
    return range(ctx.start.year - 1, as_of.year + 2)


@rule(
    "budget-deadline",
    level="error",
    source="FinsamL 23 §",
    area="finance",
    title=_("Budgeten fastställd senast 30 november"),
    explanation=_("Styrelsen ska fastställa budgeten för nästa år senast den 30 november."),
    advice=_("Fastställ budgeten snarast och registrera beslutsdatumet."),
    source_text=(
        "FinsamL 23 §: Styrelsen ska varje år fastställa en budget för samordningsförbundet för nästa "
        "kalenderår senast den 30 november. Styrelsen ska dessförinnan samråda med förbundsmedlemmarna."
    ),
)
def check_budget_deadline(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Budget for Y adopted by 30 November Y-1, for every passed deadline the förbund lived through."""
    for year in _years(ctx, as_of):
        deadline = deadlines.budget_due(year)
        if not (deadline < as_of and ctx.existed_on(deadline)):
            continue
        budget = ctx.budgets.get(year) or {}
        adopted = parse_date(budget.get("adopted"))
        if adopted is not None and adopted <= deadline:
            continue
        state = (
            f"fastställdes först {adopted.isoformat()}"
            if adopted is not None and adopted <= as_of
            else "är inte fastställd"
        )
        yield ctx.finding(
            "budget-deadline",
            "budget",
            f"Budget {year}",
            f"Budgeten för {year} {state}; den skulle ha fastställts senast {deadline.isoformat()}. "
            "Fastställ budgeten och registrera beslutet.",
            subject_id=str(year),
            since=deadline + ONE_DAY,
        )


def consulted_members(ctx: ForbundContext, budget: dict[str, Any], adopted: datetime.date) -> set[str]:
    """Members consulted on a budget within the 12 months before its adoption (EXCHANGE.md)."""
    first = deadlines.budget_consultation_from(adopted)
    found: set[str] = set()
    for row in budget.get("consulted") or []:
        day = parse_date(row.get("date"))
        # An entry is the format's record of a consultation; a dated one must fall in [adopted - 12 m, adopted).
        if day is None or first <= day < adopted:
            found.add(row["member"])
    for consultation in ctx.consultations:
        day = parse_date(consultation.get("date"))
        if day is None or not first <= day < adopted:
            continue
        kind = consultation.get("kind")
        topics = {a.get("topic") for a in consultation.get("agenda") or []}
        if kind == "budget" or (kind == "medlemssamrad" and "budget" in topics):
            found |= ctx.represented(consultation)
    return found


@rule(
    "budget-consultation",
    level="error",
    source="FinsamL 23 §",
    area="finance",
    title=_("Samråd med medlemmarna om budgeten"),
    explanation=_(
        "Innan budgeten fastställs ska styrelsen ha samrått med varje medlem om den – i ett budgetsamråd, "
        "ett medlemssamråd med budgeten på dagordningen eller skriftligt – inom tolv månader före beslutet."
    ),
    advice=_(
        "Samråd med de medlemmar som saknas och registrera samrådet; överväg att ompröva budgetbeslutet."
    ),
    source_text=(
        "FinsamL 23 §: Styrelsen ska fastställa budgeten senast den 30 november. Styrelsen ska dessförinnan "
        "samråda med förbundsmedlemmarna om budgeten."
    ),
)
def check_budget_consultation(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Every member active at adoption was consulted within the 12 months before it."""
    for year, budget in sorted(ctx.budgets.items()):
        adopted = parse_date(budget.get("adopted"))
        if adopted is None or adopted > as_of:
            continue
        consulted = consulted_members(ctx, budget, adopted)
        missing = [m["id"] for m in ctx.active_members(adopted) if m["id"] not in consulted]
        if missing:
            yield ctx.finding(
                "budget-consultation",
                "budget",
                f"Budget {year}",
                f"Budgeten för {year} fastställdes {adopted.isoformat()} utan registrerat samråd med "
                f"{join_sv(ctx.member_name(m) for m in missing)} under de tolv månaderna före. "
                "Samråd med medlemmarna före beslut och registrera samrådet.",
                subject_id=str(year),
                since=adopted,
            )


@rule(
    "annual-report-deadline",
    level="error",
    source="FinsamL (3 months)",
    area="finance",
    title=_("Årsredovisningen upprättad senast 31 mars"),
    explanation=_("Styrelsen ska upprätta årsredovisningen för ett år senast den 31 mars året därpå."),
    advice=_("Upprätta årsredovisningen snarast och registrera datumet."),
    source_text=(
        "FinsamL (bestämmelserna om redovisning): förbundets årsredovisning ska upprättas inom tre månader "
        "från räkenskapsårets utgång och lämnas till medlemmarna och revisorerna."
    ),
)
def check_annual_report_deadline(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Annual report for Y made by 31 March Y+1, for years the förbund existed in."""
    for year in _years(ctx, as_of):
        deadline = deadlines.annual_report_due(year)
        if not (deadline < as_of and ctx.existed_on(datetime.date(year, 12, 31))):
            continue
        report = ctx.annual_reports.get(year) or {}
        made = parse_date(report.get("made"))
        if made is not None and made <= deadline:
            continue
        state = (
            f"upprättades först {made.isoformat()}"
            if made is not None and made <= as_of
            else "är inte upprättad"
        )
        yield ctx.finding(
            "annual-report-deadline",
            "annual_report",
            f"Årsredovisning {year}",
            f"Årsredovisningen för {year} {state}; den skulle ha upprättats senast {deadline.isoformat()}. "
            "Upprätta årsredovisningen och registrera datumet.",
            subject_id=str(year),
            since=deadline + ONE_DAY,
        )


def _audits(ctx: ForbundContext, as_of: datetime.date) -> Iterator[tuple[int, dict[str, Any], datetime.date]]:
    """Audit reports made on or before the as-of date."""
    for year, report in sorted(ctx.annual_reports.items()):
        audit = report.get("audit") or {}
        day = parse_date(audit.get("report_date"))
        if day is not None and day <= as_of:
            yield year, audit, day


@rule(
    "audit-report-delivered",
    level="warning",
    source="FinsamL",
    area="finance",
    title=_("Revisionsberättelsen till alla medlemmar"),
    explanation=_("Revisionsberättelsen ska lämnas till styrelsen och till varje förbundsmedlem."),
    advice=_("Skicka revisionsberättelsen till de medlemmar som saknas och registrera det."),
    source_text=(
        "FinsamL (bestämmelserna om revision): revisorerna avger varje år en revisionsberättelse till styrelsen "
        "och förbundsmedlemmarna; "
        "var och en av medlemmarna beslutar om ansvarsfrihet för styrelsen."
    ),
)
def check_audit_delivered(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """A recorded audit report reached every member active on its date."""
    for year, audit, day in _audits(ctx, as_of):
        delivered = set(audit.get("delivered_to") or [])
        missing = [m["id"] for m in ctx.active_members(day) if m["id"] not in delivered]
        if missing:
            yield ctx.finding(
                "audit-report-delivered",
                "annual_report",
                f"Årsredovisning {year}",
                f"Revisionsberättelsen för {year} ({day.isoformat()}) har inte lämnats till "
                f"{join_sv(ctx.member_name(m) for m in missing)}. Skicka den och registrera utskicket.",
                subject_id=str(year),
                since=day,
            )


@rule(
    "auditors-appointed",
    level="error",
    source="FinsamL",
    area="finance",
    title=_("Revisorer utsedda"),
    explanation=_(
        "Varje kommun och region ska ha utsett en egen eller gemensam revisor, och Försäkringskassan en "
        "revisor för staten."
    ),
    advice=_("Be de medlemmar som saknar revisor att utse en och registrera uppdraget."),
    source_text=(
        "FinsamL (bestämmelserna om revision): varje region och kommun som är medlem utser minst en revisor; de kan utse "
        "gemensamma revisorer. Försäkringskassan utser en revisor för statens räkning."
    ),
)
def check_auditors(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """On the as-of date each kommun, region and FK has an active auditor it (jointly) appointed."""
    if not ctx.existed_on(as_of):
        return
    board = ctx.board_on(as_of)
    missing = [
        m["id"]
        for m in ctx.active_members(as_of)
        if m.get("kind") in ("kommun", "region", "forsakringskassan")
        and not board.of_member("revisor", m["id"])
    ]
    if missing:
        yield ctx.finding(
            "auditors-appointed",
            "forbund",
            "Förbundets revisorer",
            f"{join_sv(ctx.member_name(m) for m in missing)} har den {as_of.isoformat()} ingen revisor. "
            "Be medlemmen utse en egen eller gemensam revisor och registrera uppdraget.",
            subject_id=ctx.id,
        )


@rule(
    "audit-remarks-answered",
    level="warning",
    source="styrelsens roll (default 3 months)",
    area="finance",
    title=_("Revisionens anmärkningar besvarade"),
    explanation=_("Styrelsen ska besvara varje anmärkning i revisionsberättelsen inom tre månader."),
    advice=_("Låt styrelsen besluta om åtgärder med anledning av anmärkningen och registrera svaret."),
    source_text=(
        "Styrelsens roll: uppmärksamma förbundsstyrelsen på brister som påtalats av revisionen och begära "
        "att dessa åtgärdas."
    ),
)
def check_remarks(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Each audit remark has a board response within 3 months of the report."""
    for year, audit, day in _audits(ctx, as_of):
        deadline = deadlines.remark_response_due(day, deadlines.remark_response_months(ctx.statutes))
        if not deadline < as_of:
            continue
        for remark in audit.get("remarks") or []:
            answered = parse_date((remark.get("response") or {}).get("date"))
            if answered is not None and answered <= deadline:
                continue
            state = (
                f"besvarades först {answered.isoformat()}"
                if answered and answered <= as_of
                else "är obesvarad"
            )
            text = remark.get("text") or remark.get("id") or ""
            yield ctx.finding(
                "audit-remarks-answered",
                "annual_report",
                f"Årsredovisning {year}",
                f"Revisionens anmärkning ”{text}” {state}; styrelsen skulle ha svarat senast "
                f"{deadline.isoformat()}. Besluta om svar och åtgärder och registrera dem.",
                subject_id=remark.get("id") or str(year),
                since=deadline + ONE_DAY,
            )


@rule(
    "discharge-recorded",
    level="info",
    source="FinsamL",
    area="finance",
    title=_("Ansvarsfrihet beslutad"),
    explanation=_(
        "Varje medlem beslutar för sig om ansvarsfrihet för styrelsen; beslutet för ett år bör vara "
        "registrerat senast den 30 juni året därpå. En vägrad ansvarsfrihet visas som varning."
    ),
    advice=_(
        "Hämta in och registrera medlemmarnas beslut om ansvarsfrihet; vid vägran, se över revisionens kritik."
    ),
    source_text=(
        "FinsamL (bestämmelserna om revision): var och en av förbundsmedlemmarna beslutar om ansvarsfrihet för styrelsen, på grundval "
        "av revisionsberättelsen."
    ),
)
def check_discharge(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Discharge decisions recorded by 30 June of the next year; refusals shown as warnings."""
    for year in sorted(set(_years(ctx, as_of)) | set(ctx.annual_reports)):
        report = ctx.annual_reports.get(year) or {}
        decisions = [(row, parse_date(row.get("date"))) for row in report.get("discharge") or []]
        for row, day in decisions:
            if row.get("decision") == "refused" and (day is None or day <= as_of):
                yield ctx.finding(
                    "discharge-recorded",
                    "annual_report",
                    f"Årsredovisning {year}",
                    f"{ctx.member_name(row['member'])} har vägrat styrelsen ansvarsfrihet för {year}. "
                    "Gå igenom revisionens kritik och medlemmens skäl med styrelsen.",
                    subject_id=str(year),
                    since=day,
                    level="warning",
                )
        deadline = deadlines.discharge_due(year)
        year_end = datetime.date(year, 12, 31)
        if not (deadline < as_of and ctx.existed_on(year_end)):
            continue
        recorded = {row["member"] for row, day in decisions if day is not None and day <= deadline}
        # The members that decide are those of the audited year, as they stood at its end.
        missing = [m["id"] for m in ctx.active_members(year_end) if m["id"] not in recorded]
        if missing:
            yield ctx.finding(
                "discharge-recorded",
                "annual_report",
                f"Årsredovisning {year}",
                f"Beslut om ansvarsfrihet för {year} från {join_sv(ctx.member_name(m) for m in missing)} är inte "
                f"registrerat med datum senast {deadline.isoformat()}. Hämta in och registrera besluten.",
                subject_id=str(year),
                since=deadline + ONE_DAY,
            )


def equity_ceiling(bands: list[dict[str, Any]], contributions: int) -> int | None:
    """The ceiling: the percent of the band the year's contributions fall in, applied to them all."""
    ordered = sorted(bands, key=lambda b: (b.get("up_to") is None, b.get("up_to") or 0))
    for band in ordered:
        if band.get("up_to") is None or contributions <= int(band["up_to"]):
            return contributions * int(band["percent"]) // 100
    return None


@rule(
    "equity-ceiling",
    level="warning",
    source="NR 2013-10-02 (statute/installation setting)",
    area="finance",
    title=_("Eget kapital inom rimlig nivå"),
    explanation=_(
        "Det egna kapitalet vid årets slut bör inte överstiga den nivå som ställts in: en andel av årets "
        "medlemsbidrag enligt en trappa efter förbundets storlek."
    ),
    advice=_(
        "Planera att använda överskottet till insatser, eller sänk medlemsbidragen i samråd med medlemmarna."
    ),
    source_text=(
        "Nationella rådets rekommendation 2013-10-02: samordningsförbundens eget kapital bör inte överstiga "
        "en rimlig nivå, angiven som andel av årets medlemsbidrag och trappad efter förbundets storlek."
    ),
)
def check_equity(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Year-end equity within the configured step-scale ceiling."""
    bands = ctx.statutes.get("equity_ceiling")
    if not bands:
        return
    for year, report in sorted(ctx.annual_reports.items()):
        equity = report.get("equity")
        made = parse_date(report.get("made"))
        if equity is None or (made is not None and made > as_of) or (made is None and year >= as_of.year):
            continue
        budget = ctx.budgets.get(year) or {}
        total = sum(int(c.get("amount") or 0) for c in budget.get("contributions") or [])
        if total <= 0:
            continue
        ceiling = equity_ceiling(bands, total)
        if ceiling is not None and int(equity) > ceiling:
            yield ctx.finding(
                "equity-ceiling",
                "annual_report",
                f"Årsredovisning {year}",
                f"Eget kapital vid utgången av {year} är {int(equity):,} kr, över taket {ceiling:,} kr "
                f"för medlemsbidrag på {total:,} kr. ".replace(",", " ")
                + "Planera hur överskottet ska användas till insatser eller sänk bidragen.",
                subject_id=str(year),
                since=made,
            )
