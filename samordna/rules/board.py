"""Rules on the board's composition on the as-of date (FinsamL 10–13 §§)."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from samordna.rules import deadlines
from samordna.rules.base import Finding, rule
from samordna.rules.context import ROLE_LABELS, ForbundContext, Mandate, join_sv

BOARD_ROLES = ("ledamot", "ersattare")
ELIGIBLE_BASIS = {
    "kommun": {"fullmaktige", "fullmaktige_ersattare"},
    "region": {"fullmaktige", "fullmaktige_ersattare"},
    "forsakringskassan": {"anstalld"},
    "arbetsformedlingen": {"anstalld"},
}


def _mandate_subject(ctx: ForbundContext, mandate: Mandate) -> str:
    member = f" ({ctx.member_name(mandate.member)})" if mandate.member else ""
    return (
        f"Uppdrag: {ctx.person_name(mandate.person)}, {ROLE_LABELS.get(mandate.role, mandate.role)}{member}"
    )


def _mandate_id(ctx: ForbundContext, mandate: Mandate) -> str:
    return f"{ctx.id}:mandate:{mandate.index}"


@rule(
    "board-seats",
    level="error",
    source="FinsamL 10 §",
    area="board",
    title=_("Varje medlem har ledamot och ersättare"),
    explanation=_(
        "Varje förbundsmedlem – varje kommun och varje region för sig – ska ha utsett minst en ledamot "
        "och minst en ersättare i styrelsen."
    ),
    advice=_("Be medlemmen utse ledamot och ersättare och registrera uppdragen."),
    source_text=(
        "FinsamL 10 §: Samordningsförbundet ska ha en styrelse. Varje förbundsmedlem ska utse minst en "
        "ledamot och minst en ersättare för denne."
    ),
)
def check_seats(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Each active member has an active ledamot and an active ersättare of its own."""
    if not ctx.existed_on(as_of):
        return
    board = ctx.board_on(as_of)
    for member in ctx.active_members(as_of):
        missing = [ROLE_LABELS[role] for role in BOARD_ROLES if not board.of_member(role, member["id"])]
        if missing:
            yield ctx.finding(
                "board-seats",
                "member",
                f"Medlem {ctx.member_name(member['id'])}",
                f"{ctx.member_name(member['id'])} har den {as_of.isoformat()} ingen {join_sv(missing)} i "
                "styrelsen. Be medlemmen utse och registrera uppdraget.",
                subject_id=member["id"],
            )


@rule(
    "board-deputies-equal",
    level="warning",
    source="FinsamL 10 §",
    area="board",
    title=_("Lika många ersättare som ledamöter"),
    explanation=_("Varje medlem ska ha lika många ersättare som ledamöter i styrelsen."),
    advice=_("Be medlemmen utse ersättare (eller ledamöter) så att antalen blir lika."),
    source_text="FinsamL 10 §: varje förbundsmedlem utser minst en ledamot och minst en ersättare för denne.",
)
def check_deputies_equal(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Per member as many ersättare as ledamöter."""
    if not ctx.existed_on(as_of):
        return
    board = ctx.board_on(as_of)
    for member in ctx.active_members(as_of):
        ledamot = len(board.of_member("ledamot", member["id"]))
        ersattare = len(board.of_member("ersattare", member["id"]))
        if ledamot != ersattare:
            yield ctx.finding(
                "board-deputies-equal",
                "member",
                f"Medlem {ctx.member_name(member['id'])}",
                f"{ctx.member_name(member['id'])} har {ledamot} ledamöter men {ersattare} ersättare. "
                "Varje ledamot ska ha en ersättare; be medlemmen komplettera.",
                subject_id=member["id"],
            )


@rule(
    "board-eligibility",
    level="error",
    source="FinsamL 12 §",
    area="board",
    title=_("Valbarhet till styrelsen"),
    explanation=_(
        "En ledamot eller ersättare som utses av en kommun eller region ska vara ledamot eller ersättare i "
        "dess fullmäktige; en som utses av Försäkringskassan eller Arbetsförmedlingen ska vara anställd där."
    ),
    advice=_(
        "Registrera grunden för uppdraget (fullmäktige/anställd) eller be medlemmen utse en valbar person."
    ),
    source_text=(
        "FinsamL 12 §: Kommun och region utser ledamöter och ersättare bland sina fullmäktigeledamöter och "
        "ersättare; Försäkringskassan och Arbetsförmedlingen utser ledamöter och ersättare bland sina anställda."
    ),
)
def check_eligibility(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Basis of each active ledamot/ersättare mandate fits the appointing member's kind."""
    board = ctx.board_on(as_of)
    for role in BOARD_ROLES:
        for mandate in board.role(role):
            kind = ctx.member_kind(mandate.member)
            subject = _mandate_subject(ctx, mandate)
            name = ctx.person_name(mandate.person)
            if kind is None:
                yield ctx.finding(
                    "board-eligibility",
                    "mandate",
                    subject,
                    f"Uppdraget för {name} är inte utsett av någon av förbundets medlemmar. Ange vilken "
                    "medlem som utsett ledamoten eller ersättaren.",
                    subject_id=_mandate_id(ctx, mandate),
                    since=mandate.start,
                )
            elif mandate.basis is None:
                # The law's requirement cannot be judged without the basis: a reminder, not an error.
                yield ctx.finding(
                    "board-eligibility",
                    "mandate",
                    subject,
                    f"Grunden för {name}s uppdrag (fullmäktige eller anställning) är inte registrerad. "
                    "Registrera den så att valbarheten kan prövas.",
                    subject_id=_mandate_id(ctx, mandate),
                    level="info",
                )
            elif mandate.basis not in ELIGIBLE_BASIS.get(kind, set()):
                wanted = (
                    "anställd där"
                    if kind in ("forsakringskassan", "arbetsformedlingen")
                    else ("ledamot eller ersättare i fullmäktige")
                )
                yield ctx.finding(
                    "board-eligibility",
                    "mandate",
                    subject,
                    f"{name} är utsedd av {ctx.member_name(mandate.member)} men ska då vara {wanted}. "
                    "Be medlemmen utse en valbar person eller rätta grunden för uppdraget.",
                    subject_id=_mandate_id(ctx, mandate),
                    since=mandate.start,
                )


@rule(
    "board-substitute-order",
    level="warning",
    source="FinsamL 12 §",
    area="board",
    title=_("Ordning för ersättarnas inträde"),
    explanation=_(
        "En medlem med flera ersättare ska ha bestämt i vilken ordning de träder in; var och en har en egen plats i ordningen."
    ),
    advice=_("Registrera ersättarnas inträdesordning (1, 2, …) enligt medlemmens beslut."),
    source_text="FinsamL 12 §: den som utser ersättare bestämmer också i vilken ordning de ska tjänstgöra.",
)
def check_substitute_order(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """Members with several ersättare give each a distinct call-in order."""
    board = ctx.board_on(as_of)
    for member in ctx.active_members(as_of):
        deputies = board.of_member("ersattare", member["id"])
        if len(deputies) < 2:
            continue
        orders = Counter(m.order for m in deputies)
        if None in orders or any(count > 1 for count in orders.values()):
            yield ctx.finding(
                "board-substitute-order",
                "member",
                f"Medlem {ctx.member_name(member['id'])}",
                f"{ctx.member_name(member['id'])} har {len(deputies)} ersättare utan entydig inträdesordning. "
                "Registrera en egen ordningsplats för varje ersättare.",
                subject_id=member["id"],
            )


@rule(
    "board-officers",
    level="error",
    source="FinsamL 13 §",
    area="board",
    title=_("Ordförande och vice ordförande"),
    explanation=_(
        "Styrelsen ska ha exakt en ordförande och en eller två vice ordförande, valda bland ledamöterna."
    ),
    advice=_("Välj ordförande och vice ordförande bland ledamöterna och registrera uppdragen."),
    source_text="FinsamL 13 §: Styrelsen väljer bland ledamöterna en ordförande och en eller två vice ordförande.",
)
def check_officers(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """One ordförande, one or two vice ordförande, all holding a ledamot mandate."""
    if not ctx.existed_on(as_of):
        return
    board = ctx.board_on(as_of)
    chairs = {m.person for m in board.role("ordforande")}
    vices = {m.person for m in board.role("vice_ordforande")}
    problems = []
    if len(chairs) != 1:
        problems.append(f"{len(chairs)} ordförande (ska vara en)")
    if not 1 <= len(vices) <= 2:
        problems.append(f"{len(vices)} vice ordförande (ska vara en eller två)")
    if chairs & vices:
        problems.append("samma person är både ordförande och vice ordförande")
    outsiders = sorted(ctx.person_name(p) for p in chairs | vices if board.holds(p, "ledamot") is None)
    if outsiders:
        problems.append(f"{join_sv(outsiders)} är inte ledamot")
    if problems:
        yield ctx.finding(
            "board-officers",
            "forbund",
            "Styrelsens presidium",
            f"Den {as_of.isoformat()} har styrelsen {join_sv(problems)}. "
            "Välj presidiet bland ledamöterna och registrera uppdragen.",
            subject_id=ctx.id,
        )


@rule(
    "board-term-length",
    level="warning",
    source="FinsamL 11 §",
    area="board",
    title=_("Mandattid högst fyra år"),
    explanation=_("Ett uppdrag som ledamot eller ersättare gäller för högst fyra år."),
    advice=_("Rätta uppdragets slutdatum eller be medlemmen förnya uppdraget för en ny mandatperiod."),
    source_text=(
        "FinsamL 11 §: Ledamöter och ersättare utses för fyra år, räknat från och med den 1 januari (eller "
        "1 april enligt förbundsordningen) året efter det år då val av fullmäktige ägt rum."
    ),
)
def check_term_length(ctx: ForbundContext, as_of: datetime.date) -> Iterator[Finding]:
    """No active ledamot/ersättare mandate runs longer than four years."""
    board = ctx.board_on(as_of)
    for role in BOARD_ROLES:
        for mandate in board.role(role):
            limit = deadlines.term_limit(mandate.start)  # the first day beyond four years
            end = mandate.end
            if end is not None and end >= limit:
                text = f"löper från {mandate.start.isoformat()} till {end.isoformat()}, längre än fyra år"
            elif end is None and as_of >= limit:
                text = f"saknar slutdatum och har löpt sedan {mandate.start.isoformat()}, mer än fyra år"
            else:
                continue
            yield ctx.finding(
                "board-term-length",
                "mandate",
                _mandate_subject(ctx, mandate),
                f"Uppdraget för {ctx.person_name(mandate.person)} {text}. Rätta slutdatumet eller förnya uppdraget.",
                subject_id=_mandate_id(ctx, mandate),
                since=limit if end is None else mandate.start,
            )
