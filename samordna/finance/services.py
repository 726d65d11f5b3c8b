"""State changes of budgets, contributions, consultations, annual reports, audits, remarks and discharge.

Two workflows write them here (`@services.service`, preconditions raising `DomainError`, `services.action`,
`services.save`): the budget's (verksamhetsplan, state amount, the 5 § split, the written consultation of the
members, adoption by the board's decision, outcome; issue 10 part 1, first block) and the annual report's
(the report made by the board's decision, its delivery to the members, the auditors' report and remarks,
the board's responses by decision, the members' discharge; part 2, second block). The import (`samordna
import`, the demo) and the Django admin write through the same mechanism (samordna/lib/services.py);
`tests/test_write_path.py` fails for a write anywhere else.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samordna.lib import services
from samordna.lib.dates import today
from samordna.lib.services import DomainError
from samordna.rules import deadlines, split

from .models import (
    Budget,
    BudgetConsultation,
    BudgetOutcome,
    ConsultationAnswer,
    ConsultationHow,
    ConsultationLetter,
    Consulted,
    Contribution,
    Goal,
    OutcomePeriod,
    Plan,
    SplitBasis,
    SplitKeyKind,
    StateAmount,
    StateAmountKind,
)

# --- Budget workflow (issue 10, part 1): verksamhetsplan, state amount, split, consultation, adoption, outcome ---


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


# The annual report, its audit, the remarks and the board's responses, and discharge (issue 10, part 2) -------
#
# Who may: the office (Cap.MANAGE) makes the report ready, puts it and the remarks on a meeting's agenda,
# delivers it to the members and records discharge on a member's behalf; the auditors (Cap.AUDIT) record
# the revisionsberättelse and its remarks; a member-role user records its own member's discharge. The board
# makes the report and answers a remark only by a decision at a meeting (the decision handler below).
# `user=None` is the system (the demo, an import): no role is asked of it.


ANNUAL_REPORT_ACTIONS = {
    "annual_report.created": gettext_lazy("Årsredovisningen %(object)s lades upp av %(who)s"),
    "annual_report.changed": gettext_lazy("Årsredovisningen %(object)s ändrades av %(who)s"),
    "annual_report.on_agenda": gettext_lazy("Årsredovisningen %(object)s sattes på dagordningen av %(who)s"),
    "annual_report.delivered": gettext_lazy("Årsredovisningen %(object)s skickades till medlemmarna av %(who)s"),
    "goal.followed_up": gettext_lazy("Måluppfyllelsen för målet %(object)s registrerades av %(who)s"),
    "audit.recorded": gettext_lazy("Revisionsberättelsen %(object)s registrerades av %(who)s"),
    "remark.added": gettext_lazy("Revisorernas anmärkning %(object)s registrerades av %(who)s"),
    "remark.changed": gettext_lazy("Revisorernas anmärkning %(object)s ändrades av %(who)s"),
    "remark.removed": gettext_lazy("Revisorernas anmärkning %(object)s togs bort av %(who)s"),
    "remark.on_agenda": gettext_lazy("Svaret på anmärkningen %(object)s sattes på dagordningen av %(who)s"),
    "discharge.recorded": gettext_lazy("Beslut om ansvarsfrihet %(object)s registrerades av %(who)s"),
}


def describe_annual_actions() -> None:
    """How the Händelselogg says these actions (called from the app's ready())."""
    from samordna.lib import audit

    for name, sentence in ANNUAL_REPORT_ACTIONS.items():
        audit.describe_action(name, sentence)


def _role(user, forbund):
    from samordna.lib.access import role_in

    return role_in(user, forbund)


def _require(user, forbund, capability) -> None:
    """The user's role in the förbund has the capability (the system, user None, always has)."""
    from samordna.lib.access import can

    if user is None:
        return
    if not can(_role(user, forbund), capability):
        raise PermissionDenied


def _require_manage(user, forbund) -> None:
    from samordna.lib.access import Cap

    _require(user, forbund, Cap.MANAGE)


def _require_audit(user, forbund) -> None:
    """Only the auditors (and the admin) record the audit report and its remarks; the office reads them."""
    from samordna.lib.access import Cap

    _require(user, forbund, Cap.AUDIT)


def _today() -> datetime.date:
    from samordna.lib.dates import today

    return today()


def _check_day(value, field: str, *, required: bool = True, not_after: datetime.date | None = None):
    if value is None:
        if required:
            raise DomainError(_("Ange ett datum."), field=field)
        return
    if not isinstance(value, datetime.date):
        raise DomainError(_("Ange datumet som ÅÅÅÅ-MM-DD."), field=field)
    limit = not_after or _today()
    if value > limit:
        raise DomainError(_("Datumet kan inte ligga efter %(day)s.") % {"day": limit.isoformat()}, field=field)


def _check_document(document, forbund, field: str = "document") -> None:
    if document is not None and document.forbund_id != forbund.pk:
        raise DomainError(_("Handlingen hör till ett annat förbund."), field=field)


def _upload(forbund, *, user, upload, title: str, day: datetime.date, matter=None):
    """A file sent with a form, into the diarium as a public document (a decision of a public body)."""
    from samordna.diarium import services as diarium
    from samordna.diarium.models import Classification

    if upload is None:
        return None
    return diarium.add_document(forbund, user=user, upload=upload, title=title, classification=Classification.PUBLIC,
                                matter=matter, registered=day)


def _report_matter(report):
    """The open diarium matter of the annual report, if any."""
    from samordna.diarium.models import MatterStatus

    return report.matters.filter(status=MatterStatus.OPEN).order_by("-registered", "-pk").first()


@services.service
def create_annual_report(forbund, year: int, *, user):
    """Start the annual report of a year (the board makes it at a meeting later)."""
    from .models import AnnualReport

    _require_manage(user, forbund)
    if not isinstance(year, int) or year < 1990 or year > _today().year:
        raise DomainError(_("Ange ett år som har börjat."), field="year")
    if AnnualReport.objects.filter(forbund=forbund, year=year).exists():
        raise DomainError(_("Förbundet har redan en årsredovisning för det året."), field="year")
    report = AnnualReport(forbund=forbund, year=year)
    with services.action("annual_report.created", user=user, forbund=forbund, obj=report,
                         data={"year": year}) as record:
        services.save(report)
        services.set_object(record, report)
    return report


@services.service
def change_annual_report(report, *, user, story: str | None = None, equity=None, document=None,
                         clear_document: bool = False):
    """The verksamhetsberättelse, the year-end equity and the report's document from the diarium."""
    _require_manage(user, report.forbund)
    data = {}
    if story is not None:
        report.story = story.strip()
        data["story"] = report.story
    if equity is not None:
        if equity < 0:
            raise DomainError(_("Beloppet kan inte vara negativt."), field="equity")
        report.equity = equity
        data["equity"] = equity
    if document is not None:
        _check_document(document, report.forbund)
        report.document = document
        data["document"] = document.pk
    elif clear_document:
        report.document = None
        data["document"] = None
    with services.action("annual_report.changed", user=user, forbund=report.forbund, obj=report, data=data):
        services.save(report)
    return report


@services.service
def put_annual_report_on_agenda(report, meeting, *, user, proposal: str = ""):
    """The annual report as a decision item of a coming meeting, through its diarium matter (registered now
    if it has none): the board's bifall makes the report (see `on_decision`)."""
    from samordna.diarium import services as diarium
    from samordna.diarium.models import MatterKind
    from samordna.meetings import services as meetings

    forbund = report.forbund
    _require_manage(user, forbund)
    if meeting.forbund_id != forbund.pk:
        raise DomainError(_("Sammanträdet hör till ett annat förbund."), field="meeting")
    if report.made is not None:
        raise DomainError(_("Årsredovisningen är redan upprättad (%(day)s).") % {"day": report.made.isoformat()},
                          field="meeting")
    with services.action("annual_report.on_agenda", user=user, forbund=forbund, obj=report,
                         data={"meeting": meeting.external_id}):
        matter = _report_matter(report) or diarium.register_matter(
            forbund, user=user, registered=_today(), kind=MatterKind.ANNUAL_REPORT, annual_report=report,
            title=_("Årsredovisning %(year)s") % {"year": report.year})
        item = meetings.add_item(
            meeting, user=user, matter=matter,
            title=_("Årsredovisning och verksamhetsberättelse %(year)s") % {"year": report.year},
            proposal=proposal or _("Styrelsen upprättar årsredovisningen med verksamhetsberättelse för %(year)s "
                                   "och överlämnar den till förbundsmedlemmarna och revisorerna.")
            % {"year": report.year})
    return item


@services.service
def follow_up_goal(goal, *, user, outcome: str, text: str = ""):
    """The annual report's follow-up of one goal of the year's verksamhetsplan: met, partly or not met."""
    from .models import GoalOutcome

    _require_manage(user, goal.forbund)
    if outcome not in GoalOutcome.values:
        raise DomainError(_("Välj uppfyllt, delvis uppfyllt eller inte uppfyllt."), field="outcome")
    goal.outcome, goal.outcome_text = outcome, (text or "").strip()
    with services.action("goal.followed_up", user=user, forbund=goal.forbund, obj=goal,
                         data={"outcome": outcome, "text": goal.outcome_text}):
        services.save(goal)
    return goal


def representatives_on(forbund, day: datetime.date) -> list:
    """The representatives on `day` of the members active then: [(member, [persons])], in member order."""
    from samordna.organisations.models import Member, Representative

    members = [m for m in Member.objects.filter(forbund=forbund).active_on(day)]
    reps = Representative.objects.filter(member__in=members).select_related("person")
    by_member = {}
    for rep in reps:
        if rep.active_on(day):
            by_member.setdefault(rep.member_id, []).append(rep.person)
    members.sort(key=lambda m: (Member.KIND_ORDER.get(m.kind, 99), m.name))
    return [(m, by_member.get(m.pk, [])) for m in members]


def _shareable_document(document):
    """The document's file for an e-mail when it may leave the förbund: never a secret one (OSL)."""
    from samordna.diarium.models import Classification

    if document is None or document.classification == Classification.SECRET:
        return None
    if document.matter_id and document.matter.secret:
        return None
    try:
        with document.file.open("rb") as handle:
            return document.original_name, handle.read(), document.content_type
    except FileNotFoundError:
        return None


def annual_report_pdf(report, *, day: datetime.date) -> bytes:
    """The annual report's letter to the members as a PDF: the dates, the verksamhetsberättelse, the goals."""
    from samordna.lib.pdf import render_pdf

    title = _("Årsredovisning %(year)s") % {"year": report.year}
    return render_pdf("finance/annual_pdf.html", {"forbund": report.forbund, "report": report,
                                                   "goals": goals_of(report), "day": day},
                      title=title, created=day, author=report.forbund.name)


def goals_of(report) -> list:
    """The goals of the year's verksamhetsplan, followed up in the annual report."""
    from .models import Goal

    return list(Goal.objects.filter(plan__forbund_id=report.forbund_id, plan__year=report.year).order_by("position",
                                                                                                          "pk"))


@services.service
def deliver_annual_report(report, *, user, day: datetime.date | None = None):
    """Send the made annual report to every member's representatives (e-mail with the report as PDF and its
    document when that is not secret) and record the date it was delivered to the members."""
    from django.conf import settings
    from django.urls import reverse

    from samordna.mail import services as mail

    forbund = report.forbund
    _require_manage(user, forbund)
    day = day or _today()
    _check_day(day, "day")
    if report.made is None:
        raise DomainError(_("Årsredovisningen är inte upprättad ännu: styrelsen upprättar den vid ett sammanträde."),
                          field="day")
    if day < report.made:
        raise DomainError(_("Årsredovisningen kan inte skickas före den upprättades (%(day)s).")
                          % {"day": report.made.isoformat()}, field="day")
    rows = representatives_on(forbund, day)
    recipients = [person for _member, persons in rows for person in persons]
    if not recipients:
        raise DomainError(_("Ingen medlem har en registrerad representant att skicka årsredovisningen till."),
                          field="day")
    title = _("Årsredovisning %(year)s") % {"year": report.year}
    attachments = [(f"arsredovisning-{report.year}.pdf", annual_report_pdf(report, day=day), "application/pdf")]
    shared = _shareable_document(report.document)
    if shared is not None:
        attachments.append(shared)
    url = settings.SITE_URL + reverse("annual-report-detail", kwargs={"slug": forbund.slug,
                                                                      "subject_id": report.year})
    body = _("%(forbund)s skickar årsredovisningen med verksamhetsberättelse för %(year)s, upprättad av "
             "styrelsen %(made)s, till förbundsmedlemmarna. Revisorernas berättelse följer; varje medlem beslutar "
             "sedan om ansvarsfrihet för styrelsen.") % {
        "forbund": forbund.name, "year": report.year, "made": report.made.isoformat()}
    body += "\n\n" + str(_("Årsredovisningen i Samordna: %(url)s") % {"url": url})
    report.delivered_to_members = day
    with services.action("annual_report.delivered", user=user, forbund=forbund, obj=report,
                         data={"day": day.isoformat(), "recipients": len(recipients),
                               "members_without": [m.external_id for m, persons in rows if not persons]}):
        services.save(report)
        message = mail.queue(subject=f"{title} – {forbund.name}", body=body, recipients=recipients, forbund=forbund,
                             kind="annual_report", attachments=attachments, about=report)
    return message


@services.service
def record_audit(report, *, user, report_date: datetime.date, delivered_to=(), delivered_to_board=None,
                 document=None, upload=None):
    """The auditors' revisionsberättelse on an annual report: its date, to whom it was delivered (the board,
    the members) and its document (from the diarium, or a file uploaded with it). Auditors only."""
    from .models import Audit

    forbund = report.forbund
    _require_audit(user, forbund)
    _check_day(report_date, "report_date")
    if report.made is not None and report_date < report.made:
        raise DomainError(_("Revisionsberättelsen kan inte vara daterad före årsredovisningen (%(day)s).")
                          % {"day": report.made.isoformat()}, field="report_date")
    _check_day(delivered_to_board, "delivered_to_board", required=False)
    if delivered_to_board is not None and delivered_to_board < report_date:
        raise DomainError(_("Revisionsberättelsen kan inte lämnas före sitt datum."), field="delivered_to_board")
    members = list(delivered_to)
    if any(m.forbund_id != forbund.pk for m in members):
        raise DomainError(_("En av medlemmarna hör till ett annat förbund."), field="delivered_to")
    _check_document(document, forbund)
    try:
        audit = Audit.objects.get(annual_report=report)
    except Audit.DoesNotExist:
        audit = Audit(annual_report=report, forbund=forbund)
    audit.report_date, audit.delivered_to_board = report_date, delivered_to_board
    with services.action("audit.recorded", user=user, forbund=forbund, obj=audit,
                         data={"report_date": report_date.isoformat(),
                               "delivered_to_board": delivered_to_board.isoformat() if delivered_to_board else None,
                               "delivered_to": sorted(m.external_id for m in members)}) as record:
        if upload is not None:
            document = _upload(forbund, user=user, upload=upload, day=report_date, matter=_report_matter(report),
                               title=_("Revisionsberättelse %(year)s") % {"year": report.year})
        if document is not None:
            audit.document = document
        services.save(audit)
        audit.delivered_to.set(members)
        services.set_object(record, audit)
    return audit


def _remark_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Skriv anmärkningen."), field="text")
    return text


def _new_remark_id(audit) -> str:
    from .models import Remark

    base = f"{audit.forbund.slug}-rem-{audit.annual_report.year}"[:90]
    taken = set(Remark.objects.filter(external_id__startswith=base).values_list("external_id", flat=True))
    n = 1
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


@services.service
def add_remark(audit, *, user, text: str):
    """A remark (anmärkning) of the revisionsberättelse. Auditors only."""
    from .models import Remark

    _require_audit(user, audit.forbund)
    remark = Remark(audit=audit, forbund=audit.forbund, text=_remark_text(text), external_id=_new_remark_id(audit))
    with services.action("remark.added", user=user, forbund=audit.forbund, obj=remark,
                         data={"id": remark.external_id, "text": remark.text}) as record:
        services.save(remark)
        services.set_object(record, remark)
    return remark


def _ensure_unanswered(remark, field: str = "text") -> None:
    if remark.response_date is not None or remark.response_decided_in_id is not None:
        raise DomainError(_("Styrelsen har redan svarat på anmärkningen; den kan inte ändras."), field=field)


@services.service
def change_remark(remark, *, user, text: str):
    _require_audit(user, remark.forbund)
    _ensure_unanswered(remark)
    remark.text = _remark_text(text)
    with services.action("remark.changed", user=user, forbund=remark.forbund, obj=remark, data={"text": remark.text}):
        services.save(remark)
    return remark


@services.service
def remove_remark(remark, *, user) -> None:
    _require_audit(user, remark.forbund)
    _ensure_unanswered(remark)
    if remark.response_item_id is not None:
        raise DomainError(_("Anmärkningen står på en dagordning; ta bort paragrafen först."), field="text")
    with services.action("remark.removed", user=user, forbund=remark.forbund, obj=remark,
                         data={"id": remark.external_id}):
        services.remove(remark)


@services.service
def put_remark_on_agenda(remark, meeting, *, user, proposal: str = ""):
    """The board's response to a remark as a decision item of a coming meeting; its decision records the
    response (see `on_decision`). A remark is answered only by a decision."""
    from samordna.meetings import services as meetings

    forbund = remark.forbund
    _require_manage(user, forbund)
    if meeting.forbund_id != forbund.pk:
        raise DomainError(_("Sammanträdet hör till ett annat förbund."), field="meeting")
    _ensure_unanswered(remark, "meeting")
    item = remark.response_item
    if item is not None and not hasattr(item, "decision"):
        raise DomainError(_("Svaret på anmärkningen står redan på dagordningen för sammanträdet %(day)s.")
                          % {"day": item.meeting.date.isoformat()}, field="meeting")
    year = remark.audit.annual_report.year
    text = remark.text or remark.external_id
    with services.action("remark.on_agenda", user=user, forbund=forbund, obj=remark,
                         data={"meeting": meeting.external_id}):
        item = meetings.add_item(
            meeting, user=user, matter=None,
            title=(_("Svar på revisorernas anmärkning %(year)s: %(text)s") % {"year": year, "text": text})[:300],
            proposal=proposal or _("Styrelsen besvarar revisorernas anmärkning och beslutar om åtgärder."))
        remark.response_item = item
        services.save(remark)
    return item


def on_decision(item, decision, user) -> None:
    """meetings.hooks handler: the board's decision makes the annual report (bifall on an item of its matter)
    and answers the remarks put on the agenda with the item. Another item is not this app's concern."""
    from samordna.meetings.models import Outcome
    from samordna.rules.context import DECIDED_OUTCOMES

    from .models import AnnualReport, Remark

    day = item.meeting.date
    report = None
    if item.matter_id is not None and item.matter.annual_report_id is not None:
        report = AnnualReport.objects.get(pk=item.matter.annual_report_id)
    if report is not None:
        if decision.outcome == Outcome.APPROVED:
            report.made, report.decided_in = day, item
            services.save(report)
        elif report.decided_in_id == item.pk:  # the decision was changed: the report is not made by it
            report.made, report.decided_in = None, None
            services.save(report)
    for remark in Remark.objects.filter(response_item=item):
        if decision.outcome in DECIDED_OUTCOMES or decision.outcome == Outcome.NOTED:
            remark.response_date, remark.response_decided_in = day, item
            remark.response_extra = {**(remark.response_extra or {}), "text": decision.text or ""}
        elif remark.response_decided_in_id == item.pk:
            remark.response_date, remark.response_decided_in = None, None
        else:
            continue
        services.save(remark)


def may_record_discharge(user, member) -> bool:
    """The office for any member of its förbund; a member-role user only for the member it speaks for."""
    from samordna.accounts.models import Access, Role
    from samordna.lib.access import Cap, can

    if user is None:
        return True
    role = _role(user, member.forbund)
    if can(role, Cap.MANAGE):
        return True
    if role == Role.MEMBER:
        return Access.objects.filter(user=user, forbund_id=member.forbund_id, member=member).exists()
    return False


@services.service
def record_discharge(report, member, *, user, decision: str, date: datetime.date, document=None, upload=None):
    """A member's decision on ansvarsfrihet for the board for the report's year: granted or refused, its date
    and the member's own decision document. Recorded by the member's own user or by the office for it."""
    from .models import Discharge, DischargeDecision

    forbund = report.forbund
    if member.forbund_id != forbund.pk:
        raise DomainError(_("Medlemmen hör till ett annat förbund."), field="member")
    if not may_record_discharge(user, member):
        raise PermissionDenied
    if decision not in DischargeDecision.values:
        raise DomainError(_("Välj beviljad eller vägrad ansvarsfrihet."), field="decision")
    _check_day(date, "date")
    if date.year <= report.year:
        raise DomainError(_("Beslutet om ansvarsfrihet för %(year)s fattas tidigast året därpå.")
                          % {"year": report.year}, field="date")
    year = report.year
    if (member.joined and member.joined.year > year) or (member.left and member.left.year < year):
        raise DomainError(_("%(member)s var inte medlem under %(year)s.") % {"member": member.name, "year": year},
                          field="member")
    _check_document(document, forbund)
    row = Discharge.objects.filter(annual_report=report, member=member).first() \
        or Discharge(annual_report=report, member=member, forbund=forbund)
    row.decision, row.date = decision, date
    with services.action("discharge.recorded", user=user, forbund=forbund, obj=row,
                         data={"member": member.external_id, "year": year, "decision": decision,
                               "date": date.isoformat()}) as record:
        if upload is not None:
            document = _upload(forbund, user=user, upload=upload, day=date, matter=_report_matter(report),
                               title=_("%(member)s: beslut om ansvarsfrihet %(year)s") % {"member": member.name,
                                                                                         "year": year})
        if document is not None:
            row.document = document
        services.save(row)
        services.set_object(record, row)
    return row
