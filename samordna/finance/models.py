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
