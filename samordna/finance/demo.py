"""The demo's budget workflow (PRACTICE.md §3): for each förbund, its budgets' state amounts, the basis of the
split and the written consultation of the members with their answers, and the next year's budget under way
(state amount, verksamhetsplan, computed split, consultation sent, one member that has not answered).

The imported demo carries the adopted budgets and their contributions; what the exchange format does not carry
is added here, in the demo's one action. The open budget goes through the services as the office would."""

from __future__ import annotations

import datetime

from samordna.lib import services
from samordna.lib.services import DomainError
from samordna.rules import deadlines

DAY = datetime.timedelta(days=1)

GOALS = [
    ("Fler unga vuxna med aktivitetsersättning närmar sig arbete eller studier.",
     "Många unga vuxna i kommunerna står långt från arbetsmarknaden (behovsanalys).",
     "Andel deltagare som börjar arbeta eller studera; antal deltagare per år."),
    ("Personer med psykisk ohälsa får samordnat stöd från alla fyra parter.",
     "Långa sjukskrivningar för psykisk ohälsa i förbundets område.",
     "Antal gemensamma kartläggningar; deltagarnas upplevda stöd."),
    ("Strukturövergripande samverkan som lever kvar efter projekten.",
     "Parterna efterfrågar varaktiga samverkansformer.",
     "Antal implementerade arbetssätt; medlemmarnas bedömning i medlemssamrådet."),
]


def _members(forbund, year):
    from samordna.finance.models import Budget
    from samordna.finance.services import budget_members

    return budget_members(Budget(forbund=forbund, year=year))


def _weights(budget, members) -> dict:
    """The kommuner's and regions' weights as the imported contributions have them (their own amounts)."""
    amounts = {c.member_id: c.amount for c in budget.contributions.all()}
    return {m.pk: amounts.get(m.pk, 0) for m in members if m.kind in ("kommun", "region")}


def _past(forbund, budget, day) -> None:
    """An adopted budget: the state's announcements, the basis of its split and its written consultation."""
    from samordna.finance.models import (
        BudgetConsultation,
        ConsultationAnswer,
        ConsultationHow,
        ConsultationLetter,
        Consulted,
        SplitBasis,
        StateAmount,
        StateAmountKind,
    )
    from samordna.finance.services import active_representatives

    contributions = {c.member_id: c.amount for c in budget.contributions.all()}
    total = sum(contributions.values())
    if not total or budget.adopted is None:
        return
    state = total // 2
    prelim = StateAmount(budget=budget, forbund=forbund, kind=StateAmountKind.PRELIMINARY,
                         amount=round(state * 0.98 / 1000) * 1000, date=datetime.date(budget.year - 1, 4, 15))
    final = StateAmount(budget=budget, forbund=forbund, kind=StateAmountKind.FINAL, amount=state,
                        date=datetime.date(budget.year - 1, 9, 10))
    for row in (prelim, final):
        if row.date <= day and not StateAmount.objects.filter(budget=budget, kind=row.kind).exists():
            services.save(row)
    members = _members(forbund, budget.year)
    if not SplitBasis.objects.filter(budget=budget).exists():
        services.save(SplitBasis(budget=budget, forbund=forbund, state_amount=final, state_total=state,
                                 key="population", reference_date=datetime.date(budget.year - 2, 12, 31),
                                 weights={str(k): v for k, v in _weights(budget, members).items()},
                                 computed={str(k): v for k, v in contributions.items()}, computed_on=final.date))
    sent = datetime.date(budget.year - 1, 9, 24)
    if BudgetConsultation.objects.filter(budget=budget).exists() or not sent < budget.adopted <= day:
        return
    answer_by = min(datetime.date(budget.year - 1, 10, 20), budget.adopted - DAY)
    round_ = services.save(BudgetConsultation(budget=budget, forbund=forbund, sent_on=sent, answer_by=answer_by,
                                              adopt_on=budget.adopted))
    for n, member in enumerate(members):
        reps = active_representatives(member, sent)
        services.save(ConsultationLetter(consultation=round_, forbund=forbund, member=member,
                                         amount=contributions.get(member.pk, 0),
                                         recipients=[r.person.name for r in reps]))
        if ConsultationAnswer.objects.filter(budget=budget, member=member).exists():
            continue
        answered = min(sent + (7 + 2 * n) * DAY, answer_by)
        consulted = Consulted.objects.filter(budget=budget, member=member).first() or Consulted(
            budget=budget, forbund=forbund, member=member, date=answered, how=ConsultationHow.WRITTEN)
        services.save(consulted)
        services.save(ConsultationAnswer(budget=budget, forbund=forbund, member=member, consulted=consulted,
                                         date=consulted.date or answered,
                                         statement="Medlemmen tillstyrker förslaget."))


def _earlier(forbund, day) -> None:
    """The budget of the year before the imported ones (so the demo shows four years): adopted in time after
    a written consultation of every member, its contributions by the 5 § split of a state amount 3 % lower.
    When that year is the förbund's first (founded on its 1 January), the budget is the one the members'
    interim board adopted in the autumn before the founding; a förbund founded after 1 January of that year
    has no earlier budget."""
    from samordna.finance.models import Budget, Contribution
    from samordna.insatser.models import Funding
    from samordna.rules import split

    first = Budget.objects.filter(forbund=forbund).order_by("year").first()
    if first is None:
        return
    year = first.year - 1
    adopted = datetime.date(year - 1, 11, 20)
    if (forbund.founded and forbund.founded > datetime.date(year, 1, 1)) or adopted > day:
        return
    members = _members(forbund, year)
    first_total = sum(c.amount for c in first.contributions.all())
    state = round(first_total / 2 * 0.97 / 1000) * 1000
    try:
        amounts = split.compute_split(state, [(str(m.pk), m.kind) for m in members], key="population",
                                      weights={str(k): v for k, v in _weights(first, members).items()})
    except split.SplitError:
        return
    funded = sum(Funding.objects.filter(forbund=forbund, year=year).values_list("amount", flat=True))
    total = 2 * state
    insatser = max(total * 4 // 5, funded)
    budget = services.save(Budget(forbund=forbund, year=year, adopted=adopted, allocation_insatser=insatser,
                                  allocation_administration=total - insatser))
    for member in members:
        services.save(Contribution(budget=budget, forbund=forbund, member=member, amount=amounts[str(member.pk)]))


def _open_year(forbund, day) -> int:
    from samordna.finance.models import Budget

    last = Budget.objects.filter(forbund=forbund).order_by("-year").values_list("year", flat=True).first()
    year = max(last or day.year, day.year) + 1
    while deadlines.budget_due(year) < day:
        year += 1
    return year


def _open(forbund, day) -> None:
    """The next budget under way, through the services: state amount, plan, split, allocations, consultation,
    the answers of all members but the last (it has not answered)."""
    from samordna.finance import services as finance
    from samordna.finance.models import Budget, Plan, StateAmountKind

    year = _open_year(forbund, day)
    previous = Budget.objects.filter(forbund=forbund, year__lt=year).order_by("-year").first()
    if previous is None or Budget.objects.filter(forbund=forbund, year=year).exists():
        return
    budget = finance.create_budget(forbund, year, user=None)
    if not Plan.objects.filter(forbund=forbund, year=year).exists():
        plan = finance.save_plan(forbund, year, user=None,
                                 summary=f"Verksamhetsplanen för {year} bygger på medlemmarnas behovsanalys.")
        for text, needs, indicators in GOALS:
            finance.save_goal(plan, user=None, text=text, needs=needs, indicators=indicators)
    previous_total = sum(c.amount for c in previous.contributions.all())
    announced = min(datetime.date(year - 1, 4, 15), day)
    finance.record_state_amount(budget, user=None, kind=StateAmountKind.PRELIMINARY,
                                amount=round(previous_total / 2 * 1.02 / 1000) * 1000, date=announced)
    members = _members(forbund, year)
    finance.compute_contributions(budget, user=None, key="population", weights=_weights(previous, members),
                                  reference_date=datetime.date(year - 2, 12, 31))
    total = sum(c.amount for c in budget.contributions.all())
    finance.set_allocations(budget, user=None, insatser=total * 4 // 5, administration=total - total * 4 // 5)
    due = deadlines.budget_due(year)
    if (due - day).days < 4:
        return
    answer_by = day + min(21, (due - day).days // 2) * DAY
    try:
        finance.send_consultation(budget, answer_by, due, user=None)
    except DomainError:
        return
    active = [m for m in members if (m.joined is None or m.joined <= day) and (m.left is None or day <= m.left)]
    for member in active[:-1]:
        finance.record_consultation_answer(budget, member, user=None, date=day,
                                           statement="Medlemmen ställer sig bakom förslaget.")


def seed_budgets(forbund, day: datetime.date) -> None:
    """The demo förbund's budget workflow as of `day` (run inside the demo's action)."""
    from samordna.finance.models import Budget

    _earlier(forbund, day)
    for budget in Budget.objects.filter(forbund=forbund).order_by("year"):
        _past(forbund, budget, day)
    _open(forbund, day)
# The annual reports, audits, remarks, responses and discharges (issue 10, part 2) ----------------------------

# The member of Västra Västmanland that refuses discharge in the demo (its own decision, shown to everyone).
REFUSING_MEMBER = {"sf-vastra-vastmanland": "vv-1962"}

STORY = (
    "Förbundet finansierade under {year} insatser för unga utanför arbete och studier, för personer med "
    "långvarig sjukskrivning och för nyanlända. Parterna samverkade i beredningsgruppen och vid två "
    "medlemssamråd; deltagarnas resultat följdes upp i SUS. Styrelsen höll sina ordinarie sammanträden och "
    "fastställde budget och verksamhetsplan för nästa år efter samråd med medlemmarna."
)


def seed_audits(forbund, day: datetime.date) -> None:
    """The annual reports' verksamhetsberättelse and, for one förbund, a member's refused discharge of the
    latest audited year (through the services, in the demo's action)."""
    from . import services
    from .models import AnnualReport, DischargeDecision

    reports = list(AnnualReport.objects.filter(forbund=forbund).order_by("year"))
    for report in reports:
        if report.made is not None and not report.story:
            services.change_annual_report(report, user=None, story=STORY.format(year=report.year))
    refusing = REFUSING_MEMBER.get(forbund.slug)
    if refusing is None:
        return
    for report in reversed(reports):
        row = report.discharges.filter(member__external_id=refusing).select_related("member").first()
        if row is not None and row.date is not None and row.date <= day:
            services.record_discharge(report, row.member, user=None, decision=DischargeDecision.REFUSED,
                                      date=row.date)
            return
