"""Budgets with member contributions and consultation, annual reports, audit, remarks and discharge."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samordna.lib.models import ForbundOwned
from samordna.organisations.models import Forbund, Member


class Budget(ForbundOwned):
    """The budget for one year, adopted by the board by 30 November the year before (FinsamL 23 §)."""

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="budgets", verbose_name=_("förbund"))
    year = models.PositiveIntegerField(_("år"))
    adopted = models.DateField(_("fastställd"), null=True, blank=True)
    decided_in = models.ForeignKey(
        "meetings.Item", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("beslutad i"),
    )
    allocation_insatser = models.BigIntegerField(_("avsatt för insatser (kr)"), null=True, blank=True)
    allocation_administration = models.BigIntegerField(_("avsatt för administration (kr)"), null=True, blank=True)
    allocations_extra = models.JSONField(_("övrigt om fördelningen"), null=True, blank=True)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgetar")
        ordering = ["forbund", "year"]
        constraints = [
            models.UniqueConstraint(fields=["forbund", "year"], name="finance_budget_one_per_year"),
            models.CheckConstraint(
                condition=(Q(allocation_insatser__isnull=True) | Q(allocation_insatser__gte=0))
                & (Q(allocation_administration__isnull=True) | Q(allocation_administration__gte=0)),
                name="finance_budget_allocations_not_negative",
            ),
        ]

    def __str__(self):
        return f"{_('Budget')} {self.year}"

    def clean(self):
        super().clean()
        errors = {}
        for field in ("allocation_insatser", "allocation_administration"):
            if getattr(self, field) is not None and getattr(self, field) < 0:
                errors[field] = _("Beloppet kan inte vara negativt.")
        if self.forbund_id and Budget.objects.filter(forbund_id=self.forbund_id, year=self.year).exclude(pk=self.pk).exists():
            errors["year"] = _("Förbundet har redan en budget för det året.")
        if errors:
            raise ValidationError(errors)


class Contribution(ForbundOwned):
    """A member's contribution (medlemsbidrag) in a budget (FinsamL 5 §)."""

    forbund_parent = "budget"

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("budget"))
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("medlem"))
    amount = models.BigIntegerField(_("belopp (kr)"))

    class Meta:
        verbose_name = _("medlemsbidrag")
        verbose_name_plural = _("medlemsbidrag")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="finance_contribution_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.member}: {self.amount} kr"

    def clean(self):
        super().clean()
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": _("Beloppet kan inte vara negativt.")})


class ConsultationHow(models.TextChoices):
    WRITTEN = "written", _("Skriftligt")
    MEETING = "meeting", _("Vid möte")


class Consulted(ForbundOwned):
    """A member consulted on the budget (FinsamL 23 §)."""

    forbund_parent = "budget"

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="consulted", verbose_name=_("budget"))
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("medlem"))
    date = models.DateField(_("datum"), null=True, blank=True)
    how = models.CharField(_("hur"), max_length=10, choices=ConsultationHow.choices, blank=True, null=True)

    class Meta:
        verbose_name = _("samråd om budget")
        verbose_name_plural = _("samråd om budget")

    def __str__(self):
        return f"{self.member} {self.date or ''}".strip()


# --- Budget workflow (issue 10, part 1): state amounts, the split's basis, the consultation, the outcome ---

class StateAmountKind(models.TextChoices):
    PRELIMINARY = "preliminary", _("Preliminärt")
    FINAL = "final", _("Slutligt")


class StateAmount(ForbundOwned):
    """The state's amount for the budget year as Försäkringskassan announced it (preliminary in April, final
    later), each with its date: the state pays half of the members' contributions (FinsamL 5 §)."""

    forbund_parent = "budget"

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="state_amounts",
                               verbose_name=_("budget"))
    kind = models.CharField(_("slag"), max_length=12, choices=StateAmountKind.choices)
    amount = models.BigIntegerField(_("belopp (kr)"))
    date = models.DateField(_("besked den"))

    class Meta:
        verbose_name = _("statens belopp")
        verbose_name_plural = _("statens belopp")
        ordering = ["budget", "date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="finance_stateamount_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date}: {self.amount} kr"


class SplitKeyKind(models.TextChoices):
    POPULATION = "population", _("Befolkning på ett referensdatum")
    FIXED = "fixed", _("Fasta andelar enligt förbundsordningen")
    EQUAL_POPULATION = "equal_population", _("En lika del och resten efter befolkning")


class SplitBasis(ForbundOwned):
    """The basis of a budget year's computed split: the state amount it started from, the förbundsordning's
    key for the kommuner's quarter with its figures (population on the reference date, or fixed shares) and
    what it gave per member. The contributions are adjustable after it; this keeps what was computed."""

    forbund_parent = "budget"

    budget = models.OneToOneField(Budget, on_delete=models.CASCADE, related_name="basis", verbose_name=_("budget"))
    state_amount = models.ForeignKey(StateAmount, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("statens belopp"))
    state_total = models.BigIntegerField(_("statens belopp (kr)"))
    key = models.CharField(_("fördelningsnyckel"), max_length=20, choices=SplitKeyKind.choices)
    equal_percent = models.PositiveSmallIntegerField(_("lika del (%)"), default=0)
    reference_date = models.DateField(_("referensdatum för befolkningen"), null=True, blank=True)
    af_amount = models.BigIntegerField(_("varav Arbetsförmedlingen (kr)"), default=0)
    weights = models.JSONField(_("befolkning eller andelar per medlem"), default=dict, blank=True)
    computed = models.JSONField(_("beräknat per medlem"), default=dict, blank=True)
    computed_on = models.DateField(_("beräknad"))

    class Meta:
        verbose_name = _("underlag för fördelningen")
        verbose_name_plural = _("underlag för fördelningen")

    def __str__(self):
        return f"{_('Underlag')} {self.budget}"


class BudgetConsultation(ForbundOwned):
    """The written consultation (samråd) on a draft budget: sent to each member's representatives with the
    date an answer is needed and the date the board will adopt (FinsamL 23 §, PRACTICE.md §3)."""

    forbund_parent = "budget"

    budget = models.OneToOneField(Budget, on_delete=models.CASCADE, related_name="consultation_round",
                                  verbose_name=_("budget"))
    sent_on = models.DateField(_("skickat"))
    answer_by = models.DateField(_("svar senast"))
    adopt_on = models.DateField(_("planerat beslut"))

    class Meta:
        verbose_name = _("budgetsamråd (skriftligt)")
        verbose_name_plural = _("budgetsamråd (skriftliga)")

    def __str__(self):
        return f"{_('Samråd om')} {self.budget}"


class ConsultationLetter(ForbundOwned):
    """The letter of a consultation to one member: to whom it went (its representatives on the day), or that
    the member named none."""

    forbund_parent = "consultation"

    consultation = models.ForeignKey(BudgetConsultation, on_delete=models.CASCADE, related_name="letters",
                                     verbose_name=_("samråd"))
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("medlem"))
    amount = models.BigIntegerField(_("medlemmens bidrag (kr)"))
    recipients = models.JSONField(_("mottagare"), default=list, blank=True)
    message = models.ForeignKey("mail.Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("utskick"))

    class Meta:
        verbose_name = _("samrådsbrev")
        verbose_name_plural = _("samrådsbrev")
        ordering = ["consultation", "member__name"]

    def __str__(self):
        return f"{self.member}: {', '.join(self.recipients) or '–'}"


class ConsultationAnswer(ForbundOwned):
    """A member's answer in the consultation on a budget: its date, statement and (from the diarium) its
    document. Recording it records the member as consulted in writing (a Consulted row, what the rule reads)."""

    forbund_parent = "budget"

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="answers", verbose_name=_("budget"))
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("medlem"))
    consulted = models.OneToOneField(Consulted, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="answer", verbose_name=_("samråd"))
    date = models.DateField(_("svarsdatum"))
    statement = models.TextField(_("yttrande"), blank=True, default="")
    document = models.ForeignKey("diarium.Document", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("handling"))

    class Meta:
        verbose_name = _("svar i budgetsamrådet")
        verbose_name_plural = _("svar i budgetsamrådet")
        ordering = ["budget", "date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "member"], name="finance_consultationanswer_one_per_member"),
        ]

    def __str__(self):
        return f"{self.member} {self.date}"


class OutcomePeriod(models.TextChoices):
    Q1 = "q1", _("Kvartal 1")
    Q2 = "q2", _("Kvartal 2")
    Q3 = "q3", _("Kvartal 3")
    Q4 = "q4", _("Kvartal 4")
    YEAR = "year", _("Helår")


class BudgetOutcome(ForbundOwned):
    """The outcome (utfall) against the budget, per quarter or for the whole year: what went to insatser,
    administration and other costs, and the contributions received."""

    forbund_parent = "budget"

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("budget"))
    period = models.CharField(_("period"), max_length=4, choices=OutcomePeriod.choices)
    insatser = models.BigIntegerField(_("insatser (kr)"), default=0)
    administration = models.BigIntegerField(_("administration (kr)"), default=0)
    other = models.BigIntegerField(_("övrigt (kr)"), default=0)
    contributions = models.BigIntegerField(_("erhållna medlemsbidrag (kr)"), null=True, blank=True)

    class Meta:
        verbose_name = _("utfall")
        verbose_name_plural = _("utfall")
        ordering = ["budget", "period"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "period"], name="finance_budgetoutcome_one_per_period"),
        ]

    def __str__(self):
        return f"{self.budget} {self.get_period_display()}"

    @property
    def total(self) -> int:
        return self.insatser + self.administration + self.other


class AnnualReport(ForbundOwned):
    """The årsredovisning for one year, made by the board by 31 March the year after."""

    forbund = models.ForeignKey(
        Forbund, on_delete=models.CASCADE, related_name="annual_reports", verbose_name=_("förbund")
    )
    year = models.PositiveIntegerField(_("år"))
    made = models.DateField(_("upprättad"), null=True, blank=True)
    delivered_to_members = models.DateField(_("skickad till medlemmarna"), null=True, blank=True)
    equity = models.BigIntegerField(_("eget kapital (kr)"), null=True, blank=True)
    # The board makes the report at a meeting: the paragraph that decided it (its date is `made`).
    decided_in = models.ForeignKey(
        "meetings.Item", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("beslutad i"),
    )
    story = models.TextField(_("verksamhetsberättelse"), blank=True, default="")
    document = models.ForeignKey(
        "diarium.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("årsredovisningen som handling"),
    )

    class Meta:
        verbose_name = _("årsredovisning")
        verbose_name_plural = _("årsredovisningar")
        ordering = ["forbund", "year"]
        constraints = [
            models.UniqueConstraint(fields=["forbund", "year"], name="finance_annualreport_one_per_year"),
        ]

    def __str__(self):
        return f"{_('Årsredovisning')} {self.year}"

    def clean(self):
        super().clean()
        if (
            self.forbund_id
            and AnnualReport.objects.filter(forbund_id=self.forbund_id, year=self.year).exclude(pk=self.pk).exists()
        ):
            raise ValidationError({"year": _("Förbundet har redan en årsredovisning för det året.")})


class Audit(ForbundOwned):
    """The auditors' report (revisionsberättelse) on an annual report, and to whom it went."""

    forbund_parent = "annual_report"

    annual_report = models.OneToOneField(
        AnnualReport, on_delete=models.CASCADE, related_name="audit", verbose_name=_("årsredovisning")
    )
    report_date = models.DateField(_("revisionsberättelsens datum"), null=True, blank=True)
    delivered_to = models.ManyToManyField(Member, blank=True, related_name="+", verbose_name=_("skickad till"))
    delivered_to_board = models.DateField(_("lämnad till styrelsen"), null=True, blank=True)
    document = models.ForeignKey(
        "diarium.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("revisionsberättelsen som handling"),
    )
    _history_m2m_fields = ["delivered_to"]

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisioner")

    def __str__(self):
        return f"{_('Revision')} {self.annual_report}"


class Remark(ForbundOwned):
    """A remark (anmärkning) in an audit report, and the board's response."""

    forbund_parent = "audit"

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="remarks", verbose_name=_("revision"))
    external_id = models.CharField(_("id"), max_length=100, unique=True)
    text = models.TextField(_("anmärkning"), blank=True, null=True)
    response_date = models.DateField(_("besvarad"), null=True, blank=True)
    response_decided_in = models.ForeignKey(
        "meetings.Item", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("svar beslutat i"),
    )
    response_extra = models.JSONField(_("övrigt om svaret"), null=True, blank=True)
    # The paragraph the board's response is on the agenda as; its decision records the response.
    response_item = models.ForeignKey(
        "meetings.Item", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("svar på dagordningen i"),
    )

    class Meta:
        verbose_name = _("anmärkning")
        verbose_name_plural = _("anmärkningar")

    def __str__(self):
        return self.text or self.external_id


class DischargeDecision(models.TextChoices):
    GRANTED = "granted", _("Beviljad")
    REFUSED = "refused", _("Vägrad")


class Discharge(ForbundOwned):
    """A member's decision on ansvarsfrihet (discharge) for the board for a year."""

    forbund_parent = "annual_report"

    annual_report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="discharges", verbose_name=_("årsredovisning")
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("medlem"))
    decision = models.CharField(_("beslut"), max_length=10, choices=DischargeDecision.choices)
    date = models.DateField(_("datum"), null=True, blank=True)
    document = models.ForeignKey(
        "diarium.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("medlemmens beslut som handling"),
    )

    class Meta:
        verbose_name = _("ansvarsfrihet")
        verbose_name_plural = _("ansvarsfrihet")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=DischargeDecision.values), name="finance_discharge_decision_valid"
            ),
        ]

    def __str__(self):
        return f"{self.member}: {self.get_decision_display()}"


class Plan(ForbundOwned):
    """The verksamhetsplan for one year: goals tied to the local needs they answer, sent with the budget
    proposal and followed up goal by goal in the annual report."""

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="plans", verbose_name=_("förbund"))
    year = models.PositiveIntegerField(_("år"))
    summary = models.TextField(_("inledning"), blank=True, default="")

    class Meta:
        verbose_name = _("verksamhetsplan")
        verbose_name_plural = _("verksamhetsplaner")
        ordering = ["forbund", "year"]
        constraints = [
            models.UniqueConstraint(fields=["forbund", "year"], name="finance_plan_one_per_year"),
        ]

    def __str__(self):
        return f"{_('Verksamhetsplan')} {self.year}"


class GoalOutcome(models.TextChoices):
    MET = "met", _("Uppfyllt")
    PARTLY = "partly", _("Delvis uppfyllt")
    NOT_MET = "not_met", _("Inte uppfyllt")


class Goal(ForbundOwned):
    """A goal of a verksamhetsplan: the need it answers, its indicators, and (in the annual report) how it went."""

    forbund_parent = "plan"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("verksamhetsplan"))
    position = models.PositiveIntegerField(_("ordning"), default=1)
    text = models.TextField(_("mål"))
    needs = models.TextField(_("lokala behov som målet svarar mot"), blank=True, default="")
    indicators = models.TextField(_("indikatorer"), blank=True, default="")
    outcome = models.CharField(_("måluppfyllelse"), max_length=10, choices=GoalOutcome.choices, blank=True,
                               default="")
    outcome_text = models.TextField(_("kommentar om måluppfyllelsen"), blank=True, default="")

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["plan", "position"]

    def __str__(self):
        return self.text
