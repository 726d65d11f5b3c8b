"""Rules on medlemssamråd, after Nationella rådets rekommendation (seeds/medlemssamrad-rekommendation)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from samordna.rules.base import Finding, rule
from samordna.rules.context import ForbundContext, as_list, join_sv, parse_date, participant_present

SOURCE = "NR rekommendation om medlemssamråd"
TOPICS = {
    "results": "föregående års ekonomiska resultat och verksamhetsresultat",
    "obstacles": "strukturella hinder för samverkan",
    "needs": "årets verksamhet i förhållande till behoven",
    "long_term": "långsiktig utveckling i förhållande till behovsanalyser",
    "budget": "budgetförutsättningar",
}
REKOMMENDATION = (
    "Nationella rådets rekommendation om medlemssamråd: Vid samrådet ska respektive förbundsmedlem "
    "representeras av annan fysisk person än styrelseledamot i berört samordningsförbunds styrelse. Från "
    "samordningsförbundet deltar ordföranden och/eller annan ordinarie styrelseledamot samt verkställande "
    "tjänsteman/förbundschef. Ett samråd kan omfatta flera samordningsförbund. Sammankallande bör vara någon "
    "av förbundsmedlemmarna utsedd person. Samråd bör ske under våren efter att berörda samordningsförbund har "
    "lämnat sina bokslut och verksamhetsberättelser till förbundsmedlemmarna tillsammans med "
    "revisionsberättelsen. Minst ett medlemssamråd genomförs årligen. Ett medlemssamråd är inget beslutande "
    "eller styrande organ."
)


def held_samrad(ctx: ForbundContext, as_of: datetime.date) -> Iterator[tuple[dict[str, Any], datetime.date]]:
    """The förbund's medlemssamråd held on or before the as-of date, with their dates."""
    return iter(_held(ctx, as_of))


def _held(ctx: ForbundContext, as_of: datetime.date) -> list[tuple[dict[str, Any], datetime.date]]:
    """Found once per context (and as-of date): eight rules walk them."""
    key = ("held_samrad", as_of)
    held = ctx.memo.get(key)
    if held is None:
        held = []
        for consultation in ctx.consultations:
            day = parse_date(consultation.get("date"))
            if consultation.get("kind") == "medlemssamrad" and day is not None and day <= as_of:
                held.append((consultation, day))
        ctx.memo[key] = held
    return held


def _subject(day: datetime.date) -> str:
    return f"Medlemssamråd {day.isoformat()}"


def _covered(ctx: ForbundContext, consultation: dict[str, Any]) -> list[ForbundContext]:
    return [
        ctx.index.context(f)
        for f in dict.fromkeys(as_list(consultation.get("forbund")))
        if f in ctx.index.forbund
    ]


@rule(
    "samrad-annual",
    level="warning",
    source=SOURCE,
    area="samrad",
    title=_("Minst ett medlemssamråd per år"),
    explanation=_("Minst ett medlemssamråd ska genomföras varje år."),
    advice=_("Planera in ett medlemssamråd tillsammans med medlemmarna."),
    source_text=REKOMMENDATION,
)
def check_annual(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """A medlemssamråd in every full calendar year the förbund existed that has ended."""
    if ctx.start is None:
        return
    years = {day.year for _, day in held_samrad(ctx, as_of)}
    for year in range(ctx.start.year, as_of.year):
        if not ctx.existed_on(datetime.date(year, 1, 1)) or year in years:
            continue
        yield ctx.finding(
            "samrad-annual",
            "forbund",
            f"Medlemssamråd {year}",
            f"Inget medlemssamråd hölls under {year}. Minst ett samråd om året rekommenderas; "
            "planera in nästa samråd med medlemmarna.",
            subject_id=str(year),
            since=datetime.date(year + 1, 1, 1),
        )


@rule(
    "samrad-representatives",
    level="warning",
    source=SOURCE,
    area="samrad",
    title=_("Medlemsrepresentanter utanför styrelsen"),
    explanation=_(
        "En medlem ska representeras av någon annan än en ledamot eller ersättare i styrelsen för ett förbund som samrådet omfattar."
    ),
    advice=_("Be medlemmen utse en medlemsrepresentant som inte sitter i förbundets styrelse."),
    source_text=REKOMMENDATION,
)
def check_representatives(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """No member representative sits on the board of a covered förbund."""
    for consultation, day in held_samrad(ctx, as_of):
        boards = [other.board_on(day) for other in _covered(ctx, consultation)]
        sitting = sorted(
            {
                ctx.person_name(row["person"])
                for row in consultation.get("participants") or []
                if row.get("represents")
                and any(
                    b.holds(row["person"], "ledamot") or b.holds(row["person"], "ersattare") for b in boards
                )
            }
        )
        if sitting:
            yield ctx.finding(
                "samrad-representatives",
                "consultation",
                _subject(day),
                f"{join_sv(sitting)} företrädde en medlem men sitter i styrelsen för ett förbund som samrådet "
                "omfattar. Be medlemmen utse en representant utanför styrelsen.",
                subject_id=consultation["id"],
                since=day,
            )


@rule(
    "samrad-all-members",
    level="warning",
    source=SOURCE,
    area="samrad",
    title=_("Alla medlemmar representerade"),
    explanation=_("Varje medlem i varje förbund som samrådet omfattar ska vara representerad."),
    advice=_("Bjud in samtliga medlemmars representanter till nästa samråd."),
    source_text=REKOMMENDATION,
)
def check_all_members(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Every member of the förbund active on the date is represented."""
    for consultation, day in held_samrad(ctx, as_of):
        represented = ctx.represented(consultation)
        missing = [m["id"] for m in ctx.active_members(day) if m["id"] not in represented]
        if missing:
            yield ctx.finding(
                "samrad-all-members",
                "consultation",
                _subject(day),
                f"{join_sv(ctx.member_name(m) for m in missing)} var inte representerad vid samrådet. "
                "Bjud in alla medlemmars representanter.",
                subject_id=consultation["id"],
                since=day,
            )


@rule(
    "samrad-forbund-delegation",
    level="warning",
    source=SOURCE,
    area="samrad",
    title=_("Förbundets deltagare"),
    explanation=_("Från förbundet deltar ordföranden och/eller en annan ledamot samt förbundschefen."),
    advice=_("Se till att ordföranden (eller en ledamot) och förbundschefen deltar i samrådet."),
    source_text=REKOMMENDATION,
)
def check_delegation(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """A ledamot (the ordförande or another) and the förbundschef attend for the förbund."""
    for consultation, day in held_samrad(ctx, as_of):
        board = ctx.board_on(day)
        rows = [r for r in consultation.get("participants") or []
                if r.get("for_forbund") == ctx.id and participant_present(r)]
        has_ledamot = any(
            r.get("capacity") in ("ordforande", "ledamot") and board.holds(r["person"], "ledamot")
            for r in rows
        )
        chefs = board.role("forbundschef")
        has_chef = any(
            r.get("capacity") == "forbundschef" and (not chefs or board.holds(r["person"], "forbundschef"))
            for r in rows
        )
        missing = []
        if not has_ledamot:
            missing.append("ordföranden eller en annan ledamot")
        if not has_chef:
            missing.append("förbundschefen")
        if missing:
            yield ctx.finding(
                "samrad-forbund-delegation",
                "consultation",
                _subject(day),
                f"Från förbundet deltog inte {join_sv(missing)}. "
                "Förbundets ordförande eller en ledamot samt förbundschefen bör delta.",
                subject_id=consultation["id"],
                since=day,
            )


@rule(
    "samrad-convener",
    level="warning",
    source=SOURCE,
    area="samrad",
    title=_("Sammankallande utsedd av en medlem"),
    explanation=_("Sammankallande till samrådet bör vara en person som någon av förbundsmedlemmarna utsett."),
    advice=_("Låt medlemmarna utse en sammankallande och registrera vem som utsett personen."),
    source_text=REKOMMENDATION,
)
def check_convener(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """The convener is a person appointed by a member of a covered förbund."""
    for consultation, day in held_samrad(ctx, as_of):
        convener = consultation.get("convener") or {}
        appointed_by = convener.get("appointed_by")
        covered = _covered(ctx, consultation)
        ok = bool(convener.get("person")) and any(c.member_active(appointed_by or "", day) for c in covered)
        if not ok:
            yield ctx.finding(
                "samrad-convener",
                "consultation",
                _subject(day),
                "Samrådets sammankallande är inte utsedd av någon av medlemmarna i de förbund samrådet "
                "omfattar. Låt medlemmarna utse sammankallande.",
                subject_id=consultation["id"],
                since=day,
            )


@rule(
    "samrad-timing",
    level="info",
    source=SOURCE,
    area="samrad",
    title=_("Samråd på våren efter bokslut och revision"),
    explanation=_(
        "Samrådet bör hållas på våren (mars–juni) sedan förbundets årsredovisning, verksamhetsberättelse och "
        "revisionsberättelse nått medlemmarna. Andra tidpunkter är tillåtna."
    ),
    advice=_(
        "Lägg nästa års vårsamråd efter att årsredovisning och revisionsberättelse skickats till medlemmarna."
    ),
    source_text=REKOMMENDATION,
)
def check_timing(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Reminder when a samråd is not in spring after the annual report and audit reached the members."""
    for consultation, day in held_samrad(ctx, as_of):
        reasons = []
        if not 3 <= day.month <= 6:
            reasons.append("hölls utanför våren (mars–juni)")
        previous = day.year - 1
        if ctx.existed_on(datetime.date(previous, 12, 31)):
            report = ctx.annual_reports.get(previous) or {}
            delivered = parse_date(report.get("delivered_to_members"))
            audited = parse_date((report.get("audit") or {}).get("report_date"))
            if delivered is None or delivered > day:
                reasons.append(f"hölls innan årsredovisningen för {previous} nått medlemmarna")
            if audited is None or audited > day:
                reasons.append(f"hölls innan revisionsberättelsen för {previous} nått medlemmarna")
        if reasons:
            yield ctx.finding(
                "samrad-timing",
                "consultation",
                _subject(day),
                f"Samrådet {join_sv(reasons)}. Det är tillåtet, men vårsamrådet bör bygga på bokslut och revision.",
                subject_id=consultation["id"],
                since=day,
            )


@rule(
    "samrad-agenda",
    level="info",
    source=SOURCE,
    area="samrad",
    title=_("Dagordningens vägledande punkter"),
    explanation=_("Dagordningen bör ta upp de fem vägledande punkterna i Nationella rådets rekommendation."),
    advice=_("Ta med de saknade punkterna på dagordningen till nästa samråd."),
    source_text=REKOMMENDATION
    + " Vägledande för dagordningen: föregående års ekonomiska resultat och verksamhetsresultat; iakttagelser "
    "av strukturella hinder för samverkan; årets verksamhet i förhållande till behoven av stöd till medborgarna "
    "och utveckling av myndighetssamverkan; långsiktig utveckling i förhållande till behovsanalyser; "
    "budgetförutsättningar.",
)
def check_agenda(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """The agenda covers the five guiding topics."""
    for consultation, day in held_samrad(ctx, as_of):
        topics = {row.get("topic") for row in consultation.get("agenda") or []}
        missing = [label for key, label in TOPICS.items() if key not in topics]
        if missing:
            yield ctx.finding(
                "samrad-agenda",
                "consultation",
                _subject(day),
                f"Dagordningen saknade {join_sv(missing)}. Ta med punkterna nästa gång.",
                subject_id=consultation["id"],
                since=day,
            )


@rule(
    "samrad-no-decisions",
    level="warning",
    source=SOURCE,
    area="samrad",
    title=_("Samrådet fattar inga beslut"),
    explanation=_("Ett medlemssamråd är inget beslutande organ och ska inte protokollföra beslut."),
    advice=_(
        "För frågan till styrelsen eller medlemmarnas egna organ för beslut; protokollför samrådet som dialog."
    ),
    source_text=REKOMMENDATION,
)
def check_no_decisions(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """A samråd records no decisions: none in its `decisions`, and no agenda point's notes read as one."""
    for consultation, day in held_samrad(ctx, as_of):
        decisions = [d for d in consultation.get("decisions") or [] if d]
        points = decision_notes(consultation)
        if decisions or points:
            said = []
            if decisions:
                said.append(f"har {len(decisions)} protokollförda beslut")
            if points:
                said.append(f"har anteckningar som lyder som beslut under {join_sv(points)}")
            yield ctx.finding(
                "samrad-no-decisions",
                "consultation",
                _subject(day),
                f"Samrådet {join_sv(said)}, men ett medlemssamråd beslutar inget. "
                "För frågorna till styrelsen eller medlemmarna för beslut.",
                subject_id=consultation["id"],
                since=day,
            )


# Notes that read as a decision: "beslutade", "beslutar", "beslöt", "beslut:" (any case).
DECISION_WORDS = re.compile(r"\b(beslutade|beslutar|beslöt|beslutat)\b|\bbeslut\s*:", re.IGNORECASE)


def reads_as_decision(text: str | None) -> bool:
    """Whether a note reads as a decision (the form has no decision field: this is what the rule sees)."""
    return bool(text) and DECISION_WORDS.search(text) is not None


def decision_notes(consultation: dict[str, Any]) -> list[str]:
    """The agenda points (their titles, else "punkt N") whose notes read as decisions."""
    found = []
    for n, row in enumerate(consultation.get("agenda") or [], start=1):
        if reads_as_decision(row.get("notes")):
            found.append(f"”{row.get('title') or TOPICS.get(row.get('topic') or '', f'punkt {n}')}”")
    return found
