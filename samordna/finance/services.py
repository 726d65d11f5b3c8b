"""State changes of budgets, contributions, consultations, annual reports, audits, remarks and discharge.

No page of the product changes these yet: they are written by the import (`samordna import`, the demo)
and the Django admin, both through the shared mechanism (samordna/lib/services.py: one named action per
import or admin form, its history rows filed under it). A workflow that changes them adds its function
here (`@services.service`, preconditions raising `DomainError`, `services.action(...)`, `services.save`),
and its views call it; `tests/test_write_path.py` fails for a write anywhere else.
"""

# --- Budget workflow (issue 10, part 1): verksamhetsplan, state amount, split, consultation, adoption, outcome ---

import datetime  # noqa: E402

from django.conf import settings  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402

from samordna.lib import services  # noqa: E402
from samordna.lib.dates import today  # noqa: E402
from samordna.lib.services import DomainError  # noqa: E402
from samordna.rules import deadlines, split  # noqa: E402

from .models import (  # noqa: E402
    Budget, BudgetConsultation, BudgetOutcome, ConsultationAnswer, ConsultationHow, ConsultationLetter, Consulted,
    Contribution, Goal, OutcomePeriod, Plan, SplitBasis, SplitKeyKind, StateAmount, StateAmountKind,
)


def _money(value, field: str) -> int:
    try:
        amount = int(value)
    except (TypeError, ValueError):
        raise DomainError(_("Ange ett belopp i hela kronor."), field=field) from None
    if amount < 0:
        raise DomainError(_("Beloppet kan inte vara negativt."), field=field)
    if amount > 10**13:
        raise DomainError(_("Beloppet är orimligt stort."), field=field)
    return amount


def _ensure_not_adopted(budget: Budget) -> None:
    if budget.adopted is not None:
        raise DomainError(_("Budgeten är fastställd %(day)s och kan inte längre ändras.")
                          % {"day": budget.adopted.isoformat()})


def _member_during(member, year: int) -> bool:
    return (member.joined is None or member.joined.year <= year) and (member.left is None or member.left.year >= year)


def budget_members(budget: Budget) -> list:
    """The förbund's members during the budget year, in the split's order (FK, AF, regions, kommuner)."""
    from samordna.organisations.models import Member

    members = [m for m in Member.objects.filter(forbund_id=budget.forbund_id) if _member_during(m, budget.year)]
    return sorted(members, key=lambda m: (Member.KIND_ORDER.get(m.kind, 99), m.name, m.pk))


# Verksamhetsplan ---------------------------------------------------------------------------------------

@services.service
def save_plan(forbund, year: int, *, user, summary: str = "") -> Plan:
    """Create the verksamhetsplan of a year, or change its introduction."""
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise DomainError(_("Ange ett år mellan 2000 och 2100."), field="year")
    plan = Plan.objects.filter(forbund=forbund, year=year).first()
    created = plan is None
    if created:
        plan = Plan(forbund=forbund, year=year)
    plan.summary = (summary or "").strip()
    with services.action("plan.created" if created else "plan.changed", user=user, forbund=forbund, obj=plan,
                         data={"year": year}) as record:
        services.save(plan)
        services.set_object(record, plan)
    return plan


@services.service
def save_goal(plan: Plan, *, user, goal: Goal | None = None, text: str, needs: str = "", indicators: str = "",
              position: int | None = None) -> Goal:
    """Add a goal to a verksamhetsplan, or change one: the goal, the local needs it answers, its indicators."""
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Skriv målet."), field="text")
    if goal is not None and goal.plan_id != plan.pk:
        raise DomainError(_("Målet hör till en annan verksamhetsplan."))
    created = goal is None
    if created:
        last = plan.goals.order_by("-position").values_list("position", flat=True).first() or 0
        goal = Goal(plan=plan, forbund=plan.forbund, position=position or last + 1)
    elif position:
        goal.position = position
    goal.text, goal.needs, goal.indicators = text, (needs or "").strip(), (indicators or "").strip()
    with services.action("goal.added" if created else "goal.changed", user=user, forbund=plan.forbund, obj=goal,
                         data={"year": plan.year, "position": goal.position}) as record:
        services.save(goal)
        services.set_object(record, goal)
    return goal


@services.service
def remove_goal(goal: Goal, *, user) -> None:
    with services.action("goal.removed", user=user, forbund=goal.forbund, obj=goal,
                         data={"year": goal.plan.year, "text": goal.text[:200]}):
        services.remove(goal)


# Budget, state amount, split -----------------------------------------------------------------------------

@services.service
def create_budget(forbund, year: int, *, user) -> Budget:
    """Start the budget of a year (its amounts come from the state amount and the split)."""
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise DomainError(_("Ange ett år mellan 2000 och 2100."), field="year")
    if Budget.objects.filter(forbund=forbund, year=year).exists():
        raise DomainError(_("Förbundet har redan en budget för %(year)s.") % {"year": year}, field="year")
    budget = Budget(forbund=forbund, year=year)
    with services.action("budget.created", user=user, forbund=forbund, obj=budget, data={"year": year}) as record:
        services.save(budget)
        services.set_object(record, budget)
    return budget


@services.service
def record_state_amount(budget: Budget, *, user, kind: str, amount, date: datetime.date) -> StateAmount:
    """Record the state's amount for the year (preliminary in April, the final later) with the day of the
    announcement."""
    if kind not in StateAmountKind.values:
        raise DomainError(_("Välj preliminärt eller slutligt belopp."), field="kind")
    amount = _money(amount, "amount")
    if not isinstance(date, datetime.date):
        raise DomainError(_("Ange beskedets datum."), field="date")
    if date > today():
        raise DomainError(_("Beskedets datum kan inte ligga i framtiden."), field="date")
    if kind == StateAmountKind.PRELIMINARY and budget.state_amounts.filter(kind=StateAmountKind.FINAL).exists():
        raise DomainError(_("Det slutliga beloppet är redan registrerat."), field="kind")
    row = StateAmount(budget=budget, forbund=budget.forbund, kind=kind, amount=amount, date=date)
    with services.action("state_amount.recorded", user=user, forbund=budget.forbund, obj=row,
                         data={"year": budget.year, "kind": kind, "amount": amount, "date": date.isoformat()}) as rec:
        services.save(row)
        services.set_object(rec, row)
    return row


def current_state_amount(budget: Budget) -> StateAmount | None:
    """The state amount the split starts from: the final one when announced, else the latest preliminary."""
    rows = list(budget.state_amounts.all())
    finals = [r for r in rows if r.kind == StateAmountKind.FINAL]
    chosen = finals or rows
    return max(chosen, key=lambda r: (r.date, r.pk)) if chosen else None


def _split_message(error: split.SplitError) -> DomainError:
    messages = {
        "members": _("Förbundet måste ha Försäkringskassan, minst en region och minst en kommun som medlemmar "
                     "under året."),
        "weights": _("Ange befolkning eller andel för kommunerna (hela tal, inte negativa)."),
        "af_amount": _("Arbetsförmedlingens del måste rymmas i statens belopp, och Arbetsförmedlingen vara medlem."),
        "equal_percent": _("Den lika delen anges i procent, 0–100."),
        "state_amount": _("Statens belopp kan inte vara negativt."),
        "key": _("Välj en fördelningsnyckel."),
    }
    return DomainError(messages.get(error.field, _("Fördelningen kunde inte beräknas.")), field=error.field or None)


def preview_split(budget: Budget, state_total: int, *, key: str, weights: dict, equal_percent: int = 0,
                  af_amount: int = 0, members=None) -> dict:
    """What each member would pay for a state amount (no write): {member pk: kronor}."""
    members = members if members is not None else budget_members(budget)
    try:
        by_id = split.compute_split(state_total, [(str(m.pk), m.kind) for m in members], key=key,
                                    weights={str(k): v for k, v in (weights or {}).items()},
                                    equal_percent=equal_percent, af_amount=af_amount)
    except split.SplitError as error:
        raise _split_message(error) from None
    return {int(k): v for k, v in by_id.items()}


@services.service
def compute_contributions(budget: Budget, *, user, key: str, weights: dict, equal_percent: int = 0,
                          reference_date: datetime.date | None = None, af_amount=0) -> SplitBasis:
    """The members' contributions from the current state amount (the total is twice it) and the key: the
    contributions are replaced by the computed split, and its basis is kept."""
    _ensure_not_adopted(budget)
    state = current_state_amount(budget)
    if state is None:
        raise DomainError(_("Registrera statens belopp först."), field="state_amount")
    if key not in SplitKeyKind.values:
        raise DomainError(_("Välj en fördelningsnyckel."), field="key")
    if key != SplitKeyKind.FIXED and reference_date is None:
        raise DomainError(_("Ange referensdatum för befolkningssiffrorna."), field="reference_date")
    af_amount = _money(af_amount or 0, "af_amount")
    members = budget_members(budget)
    amounts = preview_split(budget, state.amount, key=key, weights=weights, equal_percent=equal_percent or 0,
                            af_amount=af_amount, members=members)
    basis = getattr(budget, "basis", None) if SplitBasis.objects.filter(budget=budget).exists() else None
    basis = basis or SplitBasis(budget=budget, forbund=budget.forbund)
    basis.state_amount, basis.state_total, basis.key = state, state.amount, key
    basis.equal_percent, basis.reference_date, basis.af_amount = equal_percent or 0, reference_date, af_amount
    basis.weights = {str(m.pk): int(weights.get(m.pk) or weights.get(str(m.pk)) or 0)
                     for m in members if m.kind in ("kommun", "region")}
    basis.computed = {str(pk): amount for pk, amount in amounts.items()}
    basis.computed_on = today()
    with services.action("budget.split_computed", user=user, forbund=budget.forbund, obj=budget,
                         data={"year": budget.year, "state_amount": state.amount, "key": key,
                               "total": sum(amounts.values())}):
        services.save(basis)
        existing = {c.member_id: c for c in budget.contributions.all()}
        for member in members:
            row = existing.pop(member.pk, None) or Contribution(budget=budget, forbund=budget.forbund, member=member)
            row.amount = amounts[member.pk]
            services.save(row)
        for row in existing.values():
            services.remove(row)
    return basis


@services.service
def adjust_contribution(contribution: Contribution, amount, *, user) -> Contribution:
    """Adjust one member's computed contribution (the split is judged again on the page and by the rule)."""
    _ensure_not_adopted(contribution.budget)
    amount = _money(amount, "amount")
    before = contribution.amount
    contribution.amount = amount
    with services.action("contribution.adjusted", user=user, forbund=contribution.forbund, obj=contribution,
                         data={"year": contribution.budget.year, "member": contribution.member.external_id,
                               "before": before, "amount": amount}):
        services.save(contribution)
    return contribution


@services.service
def set_allocations(budget: Budget, *, user, insatser, administration, other=0) -> Budget:
    """What the budget sets aside for insatser, administration and other costs."""
    _ensure_not_adopted(budget)
    budget.allocation_insatser = _money(insatser, "insatser")
    budget.allocation_administration = _money(administration, "administration")
    other = _money(other or 0, "other")
    extra = dict(budget.allocations_extra or {})
    if other:
        extra["other"] = other
    else:
        extra.pop("other", None)
    budget.allocations_extra = extra or None
    with services.action("budget.allocations_set", user=user, forbund=budget.forbund, obj=budget,
                         data={"year": budget.year, "insatser": budget.allocation_insatser,
                               "administration": budget.allocation_administration, "other": other}):
        services.save(budget)
    return budget


# Consultation ----------------------------------------------------------------------------------------------

def active_representatives(member, day: datetime.date) -> list:
    return sorted((r for r in member.representatives.select_related("person") if r.active_on(day)),
                  key=lambda r: r.person.name)


def consultation_letter_context(budget: Budget, member, contribution: int, consultation: BudgetConsultation) -> dict:
    basis = getattr(budget, "basis", None) if SplitBasis.objects.filter(budget=budget).exists() else None
    plan = Plan.objects.filter(forbund_id=budget.forbund_id, year=budget.year).first()
    contributions = sorted(budget.contributions.select_related("member"),
                           key=lambda c: (c.member.KIND_ORDER.get(c.member.kind, 99), c.member.name))
    return {
        "forbund": budget.forbund, "budget": budget, "member": member, "amount": contribution,
        "consultation": consultation, "basis": basis, "plan": plan,
        "goals": list(plan.goals.all()) if plan else [], "contributions": contributions,
        "total": sum(c.amount for c in contributions),
        "other": (budget.allocations_extra or {}).get("other"),
        "url": settings.SITE_URL + reverse("budget-detail", kwargs={"slug": budget.forbund.slug,
                                                                   "subject_id": budget.year}),
    }


def consultation_subject(budget: Budget) -> str:
    return _("Samråd om budget och verksamhetsplan %(year)s – %(forbund)s") % {
        "year": budget.year, "forbund": budget.forbund.name}


@services.service
def send_consultation(budget: Budget, answer_by: datetime.date, adopt_on: datetime.date, *, user) -> BudgetConsultation:
    """Send the draft budget and verksamhetsplan to each member's representatives: an e-mail with a PDF letter
    carrying the member's amount, the basis of the split, the answer-by date and the planned adoption. A
    member without a representative on the day gets no letter; that is recorded (and shown on the page)."""
    from samordna.lib.pdf import render_pdf
    from samordna.mail import services as mail

    day = today()
    _ensure_not_adopted(budget)
    if BudgetConsultation.objects.filter(budget=budget).exists():
        raise DomainError(_("Samrådet om budgeten är redan skickat."))
    contributions = {c.member_id: c.amount for c in budget.contributions.all()}
    if not contributions:
        raise DomainError(_("Beräkna medlemsbidragen innan samrådet skickas."))
    if not isinstance(answer_by, datetime.date) or answer_by < day:
        raise DomainError(_("Svarsdagen kan inte ligga före i dag."), field="answer_by")
    if not isinstance(adopt_on, datetime.date) or adopt_on <= answer_by:
        raise DomainError(_("Beslutet ska planeras efter svarsdagen."), field="adopt_on")
    if adopt_on > deadlines.budget_due(budget.year):
        raise DomainError(_("Budgeten ska fastställas senast %(day)s (FinsamL 23 §).")
                          % {"day": deadlines.budget_due(budget.year).isoformat()}, field="adopt_on")
    consultation = BudgetConsultation(budget=budget, forbund=budget.forbund, sent_on=day, answer_by=answer_by,
                                      adopt_on=adopt_on)
    subject = consultation_subject(budget)
    with services.action("budget.consultation_sent", user=user, forbund=budget.forbund, obj=budget,
                         data={"year": budget.year, "answer_by": answer_by.isoformat(),
                               "adopt_on": adopt_on.isoformat()}) as record:
        services.save(consultation)
        without = []
        for member in budget_members(budget):
            if not ((member.joined is None or member.joined <= day) and (member.left is None or day <= member.left)):
                continue
            amount = contributions.get(member.pk, 0)
            reps = active_representatives(member, day)
            letter = ConsultationLetter(consultation=consultation, forbund=budget.forbund, member=member,
                                        amount=amount, recipients=[r.person.name for r in reps])
            if reps:
                ctx = consultation_letter_context(budget, member, amount, consultation)
                pdf = render_pdf("finance/consultation_letter_pdf.html", ctx, title=subject, created=day,
                                 author=budget.forbund.name)
                letter.message = mail.queue(
                    subject=subject, body=render_to_string("finance/consultation_email.txt", ctx),
                    recipients=[r.person for r in reps], forbund=budget.forbund, kind="budget_consultation",
                    attachments=[(f"samrad-budget-{budget.year}-{member.external_id}.pdf", pdf, "application/pdf")],
                    about=(str(budget), ctx["url"]))
            else:
                without.append(member.external_id)
            services.save(letter)
        record.data["without_representative"] = without
    return consultation


@services.service
def record_consultation_answer(budget: Budget, member, *, user, date: datetime.date, statement: str = "",
                               document=None) -> ConsultationAnswer:
    """A member's answer in the consultation: recorded as a written consultation of the member (what the
    rule `budget-consultation` reads), with the statement and the document from the diarium."""
    if member.forbund_id != budget.forbund_id:
        raise DomainError(_("Medlemmen hör inte till förbundet."), field="member")
    if not isinstance(date, datetime.date):
        raise DomainError(_("Ange svarets datum."), field="date")
    if date > today():
        raise DomainError(_("Svarets datum kan inte ligga i framtiden."), field="date")
    if budget.adopted is not None and date >= budget.adopted:
        raise DomainError(_("Ett svar efter beslutet %(day)s räknas inte som samråd inför det.")
                          % {"day": budget.adopted.isoformat()}, field="date")
    if document is not None and document.forbund_id != budget.forbund_id:
        raise DomainError(_("Handlingen hör till ett annat förbund."), field="document")
    if ConsultationAnswer.objects.filter(budget=budget, member=member).exists():
        raise DomainError(_("%(member)s har redan svarat.") % {"member": member.name}, field="member")
    consulted = Consulted.objects.filter(budget=budget, member=member).first() or Consulted(
        budget=budget, forbund=budget.forbund, member=member)
    consulted.date, consulted.how = date, ConsultationHow.WRITTEN
    answer = ConsultationAnswer(budget=budget, forbund=budget.forbund, member=member, date=date,
                                statement=(statement or "").strip(), document=document)
    with services.action("budget.consultation_answered", user=user, forbund=budget.forbund, obj=answer,
                         data={"year": budget.year, "member": member.external_id, "date": date.isoformat()}) as rec:
        services.save(consulted)
        answer.consulted = consulted
        services.save(answer)
        services.set_object(rec, answer)
    return answer


# Adoption --------------------------------------------------------------------------------------------------

@services.service
def add_budget_to_agenda(budget: Budget, meeting, *, user):
    """Put the budget's adoption on a meeting's agenda, with a matter of the diarium linked to the budget
    (registered now when the budget has no open one)."""
    from samordna.diarium import services as diarium
    from samordna.diarium.models import Matter, MatterKind, MatterStatus
    from samordna.meetings import services as meetings

    _ensure_not_adopted(budget)
    if meeting.forbund_id != budget.forbund_id:
        raise DomainError(_("Sammanträdet hör till ett annat förbund."), field="meeting")
    if meeting.date > deadlines.budget_due(budget.year):
        raise DomainError(_("Budgeten ska fastställas senast %(day)s; välj ett sammanträde före dess.")
                          % {"day": deadlines.budget_due(budget.year).isoformat()}, field="meeting")
    with services.action("budget.put_on_agenda", user=user, forbund=budget.forbund, obj=budget,
                         data={"year": budget.year, "meeting": meeting.external_id}):
        matter = Matter.objects.filter(budget=budget, status=MatterStatus.OPEN).order_by("pk").first()
        if matter is None:
            matter = diarium.register_matter(budget.forbund, user=user, registered=today(),
                                             title=_("Budget och verksamhetsplan %(year)s") % {"year": budget.year},
                                             kind=MatterKind.BUDGET, budget=budget)
        total = sum(c.amount for c in budget.contributions.all())
        proposal = _("Styrelsen fastställer budget %(year)s med medlemsbidrag om %(total)s kr.") % {
            "year": budget.year, "total": f"{total:,}".replace(",", " ")}
        return meetings.add_item(meeting, user=user, matter=matter, proposal=proposal)


def budget_decided(item, decision, user) -> None:
    """The decision handler: bifall on a decision item whose matter links a budget not yet adopted adopts it on
    the meeting's date, linked to the paragraph; refused after 30 November of the year before (rules/deadlines).
    A budget adopted by another paragraph is left as it is (a later item of its matter is about something
    else, e.g. a follow-up); changing this paragraph's bifall to another outcome takes the adoption back."""
    from samordna.meetings.models import ItemKind, Outcome

    matter = item.matter if item.matter_id else None
    if matter is None or not matter.budget_id or item.kind != ItemKind.DECISION:
        return
    budget = Budget.objects.select_for_update().get(pk=matter.budget_id)
    if budget.adopted is not None and budget.decided_in_id != item.pk:
        return
    day = item.meeting.date
    if decision.outcome != Outcome.APPROVED:
        if budget.decided_in_id == item.pk:
            budget.adopted, budget.decided_in = None, None
            services.save(budget)
        return
    due = deadlines.budget_due(budget.year)
    if day > due:
        raise DomainError(_("Budgeten för %(year)s ska fastställas senast %(day)s (FinsamL 23 §); "
                            "sammanträdet %(meeting)s är för sent.")
                          % {"year": budget.year, "day": due.isoformat(), "meeting": day.isoformat()},
                          field="outcome")
    budget.adopted, budget.decided_in = day, item
    services.save(budget)


# Outcome ---------------------------------------------------------------------------------------------------

@services.service
def record_outcome(budget: Budget, period: str, *, user, insatser, administration, other=0,
                   contributions=None) -> BudgetOutcome:
    """The outcome against the budget for a quarter or the whole year (entered again, it is replaced)."""
    if period not in OutcomePeriod.values:
        raise DomainError(_("Välj ett kvartal eller helår."), field="period")
    row = BudgetOutcome.objects.filter(budget=budget, period=period).first() or BudgetOutcome(
        budget=budget, forbund=budget.forbund, period=period)
    row.insatser = _money(insatser or 0, "insatser")
    row.administration = _money(administration or 0, "administration")
    row.other = _money(other or 0, "other")
    row.contributions = None if contributions in (None, "") else _money(contributions, "contributions")
    with services.action("budget.outcome_recorded", user=user, forbund=budget.forbund, obj=row,
                         data={"year": budget.year, "period": period, "insatser": row.insatser,
                               "administration": row.administration, "other": row.other}) as rec:
        services.save(row)
        services.set_object(rec, row)
    return row


def describe_budget_actions() -> None:
    """How the Händelselogg says the budget workflow's actions (called from the app's ready())."""
    from django.utils.translation import gettext_lazy

    from samordna.lib import audit

    for name, sentence in {
        "plan.created": gettext_lazy("Verksamhetsplanen %(object)s skapades av %(who)s"),
        "plan.changed": gettext_lazy("Verksamhetsplanen %(object)s ändrades av %(who)s"),
        "goal.added": gettext_lazy("Målet %(object)s lades till av %(who)s"),
        "goal.changed": gettext_lazy("Målet %(object)s ändrades av %(who)s"),
        "goal.removed": gettext_lazy("Ett mål togs bort av %(who)s"),
        "budget.created": gettext_lazy("%(object)s skapades av %(who)s"),
        "state_amount.recorded": gettext_lazy("Statens belopp %(object)s registrerades av %(who)s"),
        "budget.split_computed": gettext_lazy("Medlemsbidragen i %(object)s beräknades av %(who)s"),
        "contribution.adjusted": gettext_lazy("Medlemsbidraget %(object)s justerades av %(who)s"),
        "budget.allocations_set": gettext_lazy("Fördelningen i %(object)s ändrades av %(who)s"),
        "budget.consultation_sent": gettext_lazy("Samrådet om %(object)s skickades av %(who)s"),
        "budget.consultation_answered": gettext_lazy("Svaret %(object)s i budgetsamrådet registrerades av %(who)s"),
        "budget.put_on_agenda": gettext_lazy("%(object)s lades på dagordningen av %(who)s"),
        "budget.outcome_recorded": gettext_lazy("Utfallet %(object)s registrerades av %(who)s"),
    }.items():
        audit.describe_action(name, sentence)
