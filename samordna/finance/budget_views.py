"""Pages of the budget workflow: verksamhetsplan, the budget from the state amount with the 5 § split,
the what-if, the consultation of the members, adoption at a meeting and the outcome beside the budget.

Every change goes through finance/services.py; a DomainError is shown on its field."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samordna.accounts.models import Access, Role
from samordna.lib.access import Cap, forbund_view, scoped_get
from samordna.lib.dates import today
from samordna.lib.services import DomainError
from samordna.organisations.views import _run
from samordna.rules import deadlines, split
from samordna.rules.finance import equity_ceiling

from . import budget_forms as forms
from . import services
from .models import (
    AnnualReport,
    Budget,
    BudgetConsultation,
    BudgetOutcome,
    ConsultationAnswer,
    Contribution,
    Goal,
    OutcomePeriod,
    Plan,
    SplitBasis,
    SplitKeyKind,
)


def _budget(forbund, year) -> Budget:
    return scoped_get(Budget, forbund, year=int(year))


def _budget_url(budget, anchor=""):
    url = reverse("budget-detail", kwargs={"slug": budget.forbund.slug, "subject_id": budget.year})
    return f"{url}#{anchor}" if anchor else url


def _form_page(request, forbund, form, title, back, *, intro="", button=None):
    return render(request, "finance/budget_form.html", {
        "forbund": forbund, "form": form, "title": title, "back": back, "intro": intro,
        "button": button or _("Spara"),
    })



def workflow_context(request, forbund, budget, contributions, split_table) -> dict:
    """What the budget page shows of the workflow (state amounts, basis, what-if, consultation, outcome)."""
    manage = request.forbund_ctx.can(Cap.MANAGE)
    members = services.budget_members(budget)
    basis = SplitBasis.objects.filter(budget=budget).first()
    computed = {int(k): v for k, v in (basis.computed if basis else {}).items()}
    weights = {int(k): v for k, v in (basis.weights if basis else {}).items()}
    for c in contributions:
        value = weights.get(c.member_id)
        c.basis_value = f"{value:,}".replace(",", "\u00a0") if value else ""
        c.computed = computed.get(c.member_id)
        c.adjusted = c.computed is not None and c.computed != c.amount
    state_amounts = list(budget.state_amounts.all())
    for row in state_amounts:
        row.total = 2 * row.amount
    # What-if: another state amount, computed with this year's basis (no write).
    whatif = None
    whatif_form = forms.WhatIfForm(request.GET if "state_amount" in request.GET else None)
    if whatif_form.is_bound and whatif_form.is_valid():
        amount = whatif_form.cleaned_data["state_amount"]
        key = basis.key if basis else SplitKeyKind.POPULATION
        weights = {int(k): v for k, v in (basis.weights if basis else {}).items()}
        try:
            if not basis:
                raise DomainError(_("Beräkna fördelningen en gång först: vad-om-beräkningen använder dess nyckel."),
                                  field="state_amount")
            amounts = services.preview_split(budget, amount, key=key, weights=weights,
                                             equal_percent=basis.equal_percent,
                                             af_amount=min(basis.af_amount, amount), members=members)
            groups = split.group_totals({str(k): v for k, v in amounts.items()},
                                        [(str(m.pk), m.kind) for m in members])
            whatif = {"amount": amount, "total": 2 * amount, "groups": groups,
                      "rows": [{"member": m, "amount": amounts[m.pk],
                                "now": next((c.amount for c in contributions if c.member_id == m.pk), None)}
                               for m in members if m.kind in ("region", "kommun")]}
        except DomainError as error:
            whatif_form.add_error("state_amount", error.message)
    # Consultation
    round_ = BudgetConsultation.objects.filter(budget=budget).prefetch_related("letters__member").first()
    answers = {a.member_id: a for a in ConsultationAnswer.objects.filter(budget=budget).select_related("document")}
    consulted = {c.member_id: c for c in budget.consulted.all()}
    letters = {letter.member_id: letter for letter in round_.letters.all()} if round_ else {}
    day = today()
    consultation_rows = []
    for m in members:
        if not ((m.joined is None or m.joined <= day) and (m.left is None or day <= m.left)) \
                and m.pk not in answers and m.pk not in letters:
            continue
        letter = letters.get(m.pk)
        consultation_rows.append({
            "member": m, "letter": letter, "answer": answers.get(m.pk), "consulted": consulted.get(m.pk),
            "no_representative": letter is not None and not letter.recipients,
            "answered": m.pk in answers or m.pk in consulted,
        })
    not_answered = [r["member"] for r in consultation_rows if not r["answered"]]
    outcomes = list(BudgetOutcome.objects.filter(budget=budget))
    year_outcome = next((o for o in outcomes if o.period == OutcomePeriod.YEAR), None)
    quarters = [o for o in outcomes if o.period != OutcomePeriod.YEAR]
    outcome_sum = year_outcome or (None if not quarters else {
        "insatser": sum(o.insatser for o in quarters), "administration": sum(o.administration for o in quarters),
        "other": sum(o.other for o in quarters), "total": sum(o.total for o in quarters)})
    total = sum(c.amount for c in contributions)
    bands = forbund.equity_ceiling or []
    report = AnnualReport.objects.filter(forbund=forbund, year=budget.year).first()
    previous = AnnualReport.objects.filter(forbund=forbund, year=budget.year - 1).first()
    ceiling = equity_ceiling(bands, total) if bands and total else None
    my_member = None
    if request.forbund_ctx.role == Role.MEMBER:
        my_member = Access.objects.filter(user=request.user, forbund=forbund).values_list("member_id", flat=True).first()
    can_answer = manage or (my_member is not None and my_member in {r["member"].pk for r in consultation_rows}
                            and my_member not in answers)
    return {
        "manage": manage, "state_amounts": state_amounts,
        "current_state": services.current_state_amount(budget), "basis": basis,
        "whatif_form": whatif_form, "whatif": whatif, "round": round_, "consultation_rows": consultation_rows,
        "not_answered": not_answered, "can_answer": can_answer,
        "outcomes": outcomes, "outcome_sum": outcome_sum, "other_allocation": (budget.allocations_extra or {}).get("other"),
        "ceiling": ceiling, "equity": report.equity if report and report.equity is not None else None,
        "opening_equity": previous.equity if previous else None, "due": deadlines.budget_due(budget.year),
        "split_ok": all(row["ok"] for row in split_table) if split_table else None,
        "plan": Plan.objects.filter(forbund=forbund, year=budget.year).first(),
    }


# --- Budget ------------------------------------------------------------------------------------------------

@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def budget_new(request, forbund):
    form = forms.YearForm(request.POST or None, initial={"year": today().year + 1})
    if request.method == "POST" and form.is_valid():
        budget = _run(request, forbund, form,
                      lambda: services.create_budget(forbund, form.cleaned_data["year"], user=request.user))
        if budget is not None:
            messages.success(request, _("Budgeten för %(year)s är skapad. Registrera statens belopp.")
                             % {"year": budget.year})
            return redirect(_budget_url(budget))
    return _form_page(request, forbund, form, _("Ny budget"), reverse("forbund-budgets", args=[forbund.slug]))


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def state_amount_add(request, forbund, year):
    budget = _budget(forbund, year)
    form = forms.StateAmountForm(request.POST or None, initial={"date": today()})
    if request.method == "POST" and form.is_valid():
        row = _run(request, forbund, form, lambda: services.record_state_amount(budget, user=request.user,
                                                                                **form.cleaned_data))
        if row is not None:
            messages.success(request, _("Statens belopp är registrerat."))
            return redirect(_budget_url(budget, "statens-belopp"))
    return _form_page(request, forbund, form, _("Statens belopp för %(year)s") % {"year": budget.year},
                      _budget_url(budget))


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def budget_compute(request, forbund, year):
    budget = _budget(forbund, year)
    members = [m for m in services.budget_members(budget) if m.kind in ("region", "kommun")]
    basis = SplitBasis.objects.filter(budget=budget).first() or SplitBasis.objects.filter(
        budget__forbund=forbund, budget__year__lt=budget.year).order_by("-budget__year").first()
    initial = {"key": SplitKeyKind.POPULATION, "reference_date": None}
    if basis:
        initial = {"key": basis.key, "equal_percent": basis.equal_percent, "reference_date": basis.reference_date,
                   "af_amount": basis.af_amount or None}
        initial.update({f"weight_{k}": v for k, v in basis.weights.items()})
    form = forms.ComputeForm(request.POST or None, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = _run(request, forbund, form, lambda: services.compute_contributions(
            budget, user=request.user, key=data["key"], weights=form.weights(),
            equal_percent=data.get("equal_percent") or 0, reference_date=data.get("reference_date"),
            af_amount=data.get("af_amount") or 0))
        if result is not None:
            messages.success(request, _("Medlemsbidragen är beräknade från statens belopp."))
            return redirect(_budget_url(budget, "medlemsbidrag"))
    state = services.current_state_amount(budget)
    intro = (_("Statens belopp: %(amount)s kr; medlemsbidragen blir sammanlagt %(total)s kr. Ange befolkningen på "
               "referensdatumet eller förbundsordningens fasta andelar för varje kommun (och för regionerna om de "
               "är flera).") % {"amount": f"{state.amount:,}".replace(",", " "),
                                "total": f"{2 * state.amount:,}".replace(",", " ")}
             if state else _("Registrera statens belopp först."))
    return _form_page(request, forbund, form, _("Beräkna medlemsbidragen %(year)s") % {"year": budget.year},
                      _budget_url(budget), intro=intro, button=_("Beräkna"))


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def contribution_adjust(request, forbund, year, pk):
    budget = _budget(forbund, year)
    contribution = get_object_or_404(Contribution.objects.select_related("member", "budget"), budget=budget, pk=pk)
    form = forms.AdjustForm(request.POST or None, initial={"amount": contribution.amount})
    if request.method == "POST" and form.is_valid():
        row = _run(request, forbund, form, lambda: services.adjust_contribution(
            contribution, form.cleaned_data["amount"], user=request.user))
        if row is not None:
            messages.success(request, _("Medlemsbidraget för %(member)s är justerat.") % {"member": row.member.name})
            return redirect(_budget_url(budget, "fordelning"))
    return _form_page(request, forbund, form, _("Justera medlemsbidraget för %(member)s")
                      % {"member": contribution.member.name}, _budget_url(budget))


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def budget_allocations(request, forbund, year):
    budget = _budget(forbund, year)
    form = forms.AllocationsForm(request.POST or None, initial={
        "insatser": budget.allocation_insatser, "administration": budget.allocation_administration,
        "other": (budget.allocations_extra or {}).get("other")})
    if request.method == "POST" and form.is_valid():
        row = _run(request, forbund, form, lambda: services.set_allocations(budget, user=request.user,
                                                                            **form.cleaned_data))
        if row is not None:
            messages.success(request, _("Fördelningen är sparad."))
            return redirect(_budget_url(budget))
    return _form_page(request, forbund, form, _("Fördelning av budget %(year)s") % {"year": budget.year},
                      _budget_url(budget))


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def consultation_send(request, forbund, year):
    budget = _budget(forbund, year)
    form = forms.ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        row = _run(request, forbund, form, lambda: services.send_consultation(
            budget, form.cleaned_data["answer_by"], form.cleaned_data["adopt_on"], user=request.user))
        if row is not None:
            messages.success(request, _("Samrådet är skickat till medlemmarnas representanter."))
            return redirect(_budget_url(budget, "samrad"))
    intro = _("Varje medlems representanter får ett brev (e-post med PDF) med medlemmens bidrag, grunden för "
              "fördelningen, verksamhetsplanen och budgetförslaget, svarsdagen och det planerade beslutet.")
    return _form_page(request, forbund, form, _("Skicka samråd om budget %(year)s") % {"year": budget.year},
                      _budget_url(budget), intro=intro, button=_("Skicka samrådet"))


@forbund_view(Cap.VIEW)
@require_http_methods(["GET", "POST"])
def consultation_answer(request, forbund, year):
    """The office records any member's answer; a member organisation's user only its own member's."""
    from samordna.diarium.access import visible_q
    from samordna.diarium.models import Document

    budget = _budget(forbund, year)
    ctx = request.forbund_ctx
    members = services.budget_members(budget)
    if not ctx.can(Cap.MANAGE):
        if ctx.role != Role.MEMBER:
            raise PermissionDenied
        own = Access.objects.filter(user=request.user, forbund=forbund).values_list("member_id", flat=True).first()
        members = [m for m in members if m.pk == own]
        if not members:
            raise PermissionDenied
    answered = set(ConsultationAnswer.objects.filter(budget=budget).values_list("member_id", flat=True))
    members = [m for m in members if m.pk not in answered]
    documents = list(Document.objects.filter(forbund=forbund).filter(visible_q(ctx.role))
                     .order_by("-registered", "-pk")[:200])
    form = forms.AnswerForm(request.POST or None, members=members, documents=documents,
                            initial={"date": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member = next(m for m in members if str(m.pk) == data["member"])
        document = next((d for d in documents if str(d.pk) == data.get("document")), None)
        row = _run(request, forbund, form, lambda: services.record_consultation_answer(
            budget, member, user=request.user, date=data["date"], statement=data["statement"], document=document))
        if row is not None:
            messages.success(request, _("Svaret från %(member)s är registrerat.") % {"member": member.name})
            return redirect(_budget_url(budget, "samrad"))
    return _form_page(request, forbund, form, _("Svar i samrådet om budget %(year)s") % {"year": budget.year},
                      _budget_url(budget))


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def budget_agenda(request, forbund, year):
    from samordna.meetings.models import Meeting

    budget = _budget(forbund, year)
    meetings = list(Meeting.objects.filter(forbund=forbund, date__gte=today()).order_by("date")[:50])
    form = forms.AgendaForm(request.POST or None, meetings=meetings)
    if request.method == "POST" and form.is_valid():
        meeting = next(m for m in meetings if str(m.pk) == form.cleaned_data["meeting"])
        item = _run(request, forbund, form, lambda: services.add_budget_to_agenda(budget, meeting, user=request.user))
        if item is not None:
            messages.success(request, _("Budgeten är lagd på dagordningen som § %(n)s.") % {"n": item.number})
            return redirect(reverse("meeting-detail", kwargs={"slug": forbund.slug,
                                                              "subject_id": meeting.external_id}))
    intro = "" if meetings else _("Det finns inget kommande sammanträde. Planera ett under Sammanträden först.")
    return _form_page(request, forbund, form, _("Lägg budget %(year)s på dagordningen") % {"year": budget.year},
                      _budget_url(budget), intro=intro, button=_("Lägg på dagordningen"))


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def outcome_record(request, forbund, year):
    budget = _budget(forbund, year)
    form = forms.OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        row = _run(request, forbund, form, lambda: services.record_outcome(budget, data.pop("period"),
                                                                           user=request.user, **data))
        if row is not None:
            messages.success(request, _("Utfallet är registrerat."))
            return redirect(_budget_url(budget, "utfall"))
    return _form_page(request, forbund, form, _("Utfall för budget %(year)s") % {"year": budget.year},
                      _budget_url(budget))


# --- Verksamhetsplan ---------------------------------------------------------------------------------------

@forbund_view()
@require_http_methods(["GET"])
def plan_list(request, forbund):
    plans = Plan.objects.filter(forbund=forbund).prefetch_related("goals").order_by("-year")
    return render(request, "finance/plan_list.html", {
        "forbund": forbund, "plans": plans, "manage": request.forbund_ctx.can(Cap.MANAGE)})


@forbund_view()
@require_http_methods(["GET"])
def plan_detail(request, forbund, year):
    plan = scoped_get(Plan, forbund, year=int(year))
    return render(request, "finance/plan_detail.html", {
        "forbund": forbund, "plan": plan, "goals": list(plan.goals.all()),
        "budget": Budget.objects.filter(forbund=forbund, year=plan.year).first(),
        "manage": request.forbund_ctx.can(Cap.MANAGE)})


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def plan_edit(request, forbund, year=None):
    plan = scoped_get(Plan, forbund, year=int(year)) if year else None
    if plan:
        form = forms.PlanForm(request.POST or None, initial={"summary": plan.summary})
    else:
        form = forms.YearForm(request.POST or None, initial={"year": today().year + 1})
        form.fields.update(forms.PlanForm().fields)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _run(request, forbund, form, lambda: services.save_plan(
            forbund, plan.year if plan else data["year"], user=request.user, summary=data.get("summary", "")))
        if saved is not None:
            messages.success(request, _("Verksamhetsplanen för %(year)s är sparad.") % {"year": saved.year})
            return redirect("plan-detail", slug=forbund.slug, year=saved.year)
    back = reverse("plan-detail", args=[forbund.slug, plan.year]) if plan else reverse("forbund-plans",
                                                                                       args=[forbund.slug])
    return _form_page(request, forbund, form, _("Verksamhetsplan %(year)s") % {"year": plan.year} if plan
                      else _("Ny verksamhetsplan"), back)


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def goal_edit(request, forbund, year, pk=None):
    plan = scoped_get(Plan, forbund, year=int(year))
    goal = get_object_or_404(Goal, plan=plan, pk=pk) if pk else None
    initial = {"text": goal.text, "needs": goal.needs, "indicators": goal.indicators,
               "position": goal.position} if goal else {}
    form = forms.GoalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _run(request, forbund, form, lambda: services.save_goal(plan, user=request.user, goal=goal,
                                                                        **form.cleaned_data))
        if saved is not None:
            messages.success(request, _("Målet är sparat."))
            return redirect("plan-detail", slug=forbund.slug, year=plan.year)
    return _form_page(request, forbund, form, _("Ändra mål") if goal else _("Nytt mål"),
                      reverse("plan-detail", args=[forbund.slug, plan.year]))


@forbund_view(Cap.MANAGE)
@require_http_methods(["POST"])
def goal_remove(request, forbund, year, pk):
    plan = scoped_get(Plan, forbund, year=int(year))
    goal = get_object_or_404(Goal, plan=plan, pk=pk)
    services.remove_goal(goal, user=request.user)
    messages.success(request, _("Målet är borttaget."))
    return redirect("plan-detail", slug=forbund.slug, year=plan.year)


