"""Rules on the förbund's members and their contributions (FinsamL 1, 3, 5 §§)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from samordna.rules.base import Finding, rule
from samordna.rules.context import ForbundContext, join_sv, parse_date
from samordna.rules.split import contribution_split


@rule(
    "members-composition",
    level="error",
    source="FinsamL 1, 3 §§",
    area="members",
    title=_("Förbundets medlemmar"),
    explanation=_(
        "Ett samordningsförbund ska ha exakt en medlem som är Försäkringskassan, exakt en som är "
        "Arbetsförmedlingen, minst en region och minst en kommun."
    ),
    advice=_("Rätta medlemsförteckningen (in- och utträdesdatum) eller se över förbundsordningen."),
    source_text=(
        "Försäkringskassan, Arbetsförmedlingen, region och kommun får samverka i ett samordningsförbund "
        "(1 §). I förbundet ska ingå Försäkringskassan, Arbetsförmedlingen, en eller flera regioner och "
        "en eller flera kommuner (3 §)."
    ),
)
def check_composition(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Exactly one FK, one AF, at least one region and one kommun on the as-of date."""
    if not ctx.existed_on(as_of):
        return
    counts = {"forsakringskassan": 0, "arbetsformedlingen": 0, "region": 0, "kommun": 0}
    for member in ctx.active_members(as_of):
        if member.get("kind") in counts:
            counts[member["kind"]] += 1
    problems = []
    for kind, label in (
        ("forsakringskassan", "Försäkringskassan"),
        ("arbetsformedlingen", "Arbetsförmedlingen"),
    ):
        if counts[kind] != 1:
            problems.append(f"{counts[kind]} medlemmar av slaget {label} (ska vara exakt en)")
    for kind, label in (("region", "regioner"), ("kommun", "kommuner")):
        if counts[kind] < 1:
            problems.append(f"inga {label} (ska vara minst en)")
    if problems:
        yield ctx.finding(
            "members-composition",
            "forbund",
            "Förbundets medlemmar",
            f"Den {as_of.isoformat()} har förbundet {join_sv(problems)}. "
            "Rätta medlemsförteckningen eller förbundsordningen.",
            subject_id=ctx.id,
        )


@rule(
    "contribution-split",
    level="error",
    source="FinsamL 5 §",
    area="members",
    title=_("Fördelning av medlemsbidrag"),
    explanation=_(
        "Av medlemmarnas bidrag ett budgetår ska staten (Försäkringskassan och Arbetsförmedlingen "
        "tillsammans) svara för hälften, regionerna för en fjärdedel och kommunerna för en fjärdedel. "
        "Bara medlemmar bidrar. Avrundning med högst en krona per medlem godtas."
    ),
    advice=_(
        "Rätta bidragen i budgeten så att fördelningen blir ½, ¼ och ¼, och ta bort bidrag från icke-medlemmar."
    ),
    source_text=(
        "FinsamL 5 §: Försäkringskassan ska bidra med hälften av medlen (även för Arbetsförmedlingens del), "
        "regionen med en fjärdedel och kommunerna med en fjärdedel; kommunernas andel fördelas enligt "
        "förbundsordningen."
    ),
)
def check_contribution_split(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Per budget year: state ½, regions ¼, kommuner ¼ of all contributions."""
    for year, budget in sorted(ctx.budgets.items()):
        adopted = parse_date(budget.get("adopted"))
        # An unadopted budget is still judged once its year has begun: its contributions are then paid.
        if (adopted is not None and adopted > as_of) or (
            adopted is None and datetime.date(year, 1, 1) > as_of
        ):
            continue
        contributions = budget.get("contributions") or []
        if not contributions:
            continue
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        found = contribution_split(
            (
                row["member"],
                ctx.member_kind(row["member"]) if ctx.member_overlaps(row["member"], first, last) else None,
                int(row.get("amount") or 0),
            )
            for row in contributions
        )
        subject = f"Budget {year}"
        if found.outsiders:
            outsiders = sorted({ctx.member_name(m) for m in found.outsiders})
            yield ctx.finding(
                "contribution-split",
                "budget",
                subject,
                f"Budgeten för {year} tar upp bidrag från {join_sv(outsiders)}, som inte är "
                "medlem i förbundet det året. Bara medlemmarna får bidra; ta bort eller rätta bidraget.",
                subject_id=str(year),
            )
        total = found.total
        if total <= 0:
            continue
        wrong = []
        for group in found.groups:
            if not group.ok:
                share = "hälften" if group.group == "state" else "en fjärdedel"
                wrong.append(
                    f"{group.label} {group.amount:,} kr (ska vara {share}, {float(group.expected):,.0f} kr)".replace(
                        ",", " "
                    )
                )
        if wrong:
            yield ctx.finding(
                "contribution-split",
                "budget",
                subject,
                f"Medlemsbidragen {year} är totalt {total:,} kr men fördelas fel: ".replace(",", " ")
                + join_sv(wrong)
                + ". Rätta bidragen så att staten svarar för ½, regionerna för ¼ och kommunerna för ¼.",
                subject_id=str(year),
                since=adopted or datetime.date(year, 1, 1),
            )
