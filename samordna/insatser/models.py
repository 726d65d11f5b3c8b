"""Insatser (interventions): parties, anchoring at members, funding decisions and follow-up reports."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samordna.lib.models import ForbundOwned
from samordna.organisations.models import Forbund, Member


class Direction(models.TextChoices):
    INDIVID = "individ", _("Individinriktad")
    STRUKTUR = "struktur", _("Strukturövergripande")


class InsatsStatus(models.TextChoices):
    """Where an insats is, from application to closing (an imported insats is active)."""

    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Inlämnad, i beredning")
    WITHDRAWN = "withdrawn", _("Återtagen")
    APPROVED = "approved", _("Beviljad")
    REJECTED = "rejected", _("Avslagen")
    ACTIVE = "active", _("Pågående")
    CLOSED = "closed", _("Avslutad")


class Insats(ForbundOwned):
    """An insats financed by the förbund (FinsamL 7 §)."""

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="insatser", verbose_name=_("förbund"))
    external_id = models.CharField(_("id"), max_length=100, unique=True)
    name = models.CharField(_("namn"), max_length=300, blank=True, null=True)
    direction = models.CharField(
        _("inriktning"), max_length=10, choices=Direction.choices, blank=True, null=True,
        help_text=_("Kan inte ändras när insatsen är registrerad i den nationella uppföljningen."),
    )
    owner = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="owned_insatser",
        verbose_name=_("huvudman"),
    )
    parties = models.ManyToManyField(Member, blank=True, related_name="insatser_as_party", verbose_name=_("parter"))
    concerns = models.ManyToManyField(
        Member, blank=True, related_name="insatser_concerning", verbose_name=_("berör särskilt"),
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("slut"), null=True, blank=True)
    followup_registered = models.DateField(_("registrerad i uppföljningen"), null=True, blank=True)
    # The application and its way through beredning, decision, agreement and follow-up (issue 9).
    status = models.CharField(_("status"), max_length=20, choices=InsatsStatus.choices, default=InsatsStatus.ACTIVE)
    applicant = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="applied_insatser",
        verbose_name=_("sökande medlem"), help_text=_("Tom när kansliet har skrivit ansökan."),
    )
    contact = models.ForeignKey(
        "organisations.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("kontaktperson hos huvudmannen"),
    )
    need = models.TextField(_("behov som insatsen svarar mot"), blank=True, default="")
    target_group = models.TextField(_("målgrupp"), blank=True, default="")
    goals = models.TextField(_("mål"), blank=True, default="")
    in_kind = models.TextField(_("parternas egna insatser"), blank=True, default="",
                               help_text=_("Personal, lokaler och annat som parterna bidrar med."))
    planned_participants = models.PositiveIntegerField(_("planerat antal deltagare"), null=True, blank=True)
    followup_method = models.CharField(_("uppföljningsmetod"), max_length=200, blank=True, default="")
    followup_id = models.CharField(_("id i Uppföljning Finsam"), max_length=100, blank=True, default="")
    proposal = models.TextField(_("förbundschefens förslag till beslut"), blank=True, default="")
    submitted_on = models.DateField(_("inlämnad"), null=True, blank=True)
    decided_in = models.ForeignKey(
        "meetings.Item", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("beslutad i"), help_text=_("Paragrafen som biföll eller avslog ansökan."),
    )
    _history_m2m_fields = ["parties", "concerns"]

    class Meta:
        verbose_name = _("insats")
        verbose_name_plural = _("insatser")
        ordering = ["forbund", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=models.F("start")),
                name="insatser_insats_end_after_start",
            ),
        ]

    def __str__(self):
        return self.name or self.external_id

    def direction_locked(self) -> bool:
        """The direction is fixed once the insats is registered in the national follow-up (insats-direction)."""
        if self.pk is None:
            return False
        stored = Insats.objects.filter(pk=self.pk).values("direction", "followup_registered").first()
        return bool(stored and stored["followup_registered"] and stored["direction"])

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("Slutdatumet kan inte ligga före startdatumet.")
        if self.direction_locked():
            stored = Insats.objects.filter(pk=self.pk).values_list("direction", flat=True).get()
            if self.direction != stored:
                errors["direction"] = _(
                    "Inriktningen kan inte ändras när insatsen är registrerad i den nationella uppföljningen."
                )
        if errors:
            raise ValidationError(errors)


class Anchoring(ForbundOwned):
    """The insats was anchored (förankrad) at a member on a date."""

    forbund_parent = "insats"

    insats = models.ForeignKey(Insats, on_delete=models.CASCADE, related_name="anchoring", verbose_name=_("insats"))
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("medlem"))
    date = models.DateField(_("datum"), null=True, blank=True)
    # Who anchored it and where (issue 9): "Socialnämnden, Anna Ek" (the exchange format does not carry it).
    by = models.CharField(_("förankrad av"), max_length=200, blank=True, default="",
                          help_text=_("Vem hos medlemmen som ställt sig bakom insatsen, t.ex. en nämnd eller chef."))

    class Meta:
        verbose_name = _("förankring")
        verbose_name_plural = _("förankringar")

    def __str__(self):
        return f"{self.member} {self.date or ''}".strip()


class Funding(ForbundOwned):
    """Funds decided for an insats for one year."""

    forbund_parent = "insats"

    insats = models.ForeignKey(Insats, on_delete=models.CASCADE, related_name="funding", verbose_name=_("insats"))
    year = models.PositiveIntegerField(_("år"))
    amount = models.BigIntegerField(_("belopp (kr)"))
    decided_in = models.ForeignKey(
        "meetings.Item", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("beslutat i"),
    )

    class Meta:
        verbose_name = _("finansiering")
        verbose_name_plural = _("finansiering")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="insatser_funding_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.year}: {self.amount} kr"

    def clean(self):
        super().clean()
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": _("Beloppet kan inte vara negativt.")})


class FundingRequest(ForbundOwned):
    """The funds an application asks for, per year (the decided funds are `Funding`)."""

    forbund_parent = "insats"

    insats = models.ForeignKey(Insats, on_delete=models.CASCADE, related_name="requested", verbose_name=_("insats"))
    year = models.PositiveIntegerField(_("år"))
    amount = models.BigIntegerField(_("belopp (kr)"))

    class Meta:
        verbose_name = _("sökta medel")
        verbose_name_plural = _("sökta medel")
        ordering = ["insats", "year"]
        constraints = [
            models.UniqueConstraint(fields=["insats", "year"], name="insatser_fundingrequest_one_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="insatser_fundingrequest_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.year}: {self.amount} kr"


class Agreement(ForbundOwned):
    """The agreement (avtal) on a granted insats, signed once the protokoll of the deciding meeting is adjusted
    (PRACTICE.md §2). Not in the exchange format."""

    forbund_parent = "insats"

    insats = models.OneToOneField(Insats, on_delete=models.CASCADE, related_name="agreement",
                                  verbose_name=_("insats"))
    date = models.DateField(_("avtalsdatum"))
    parties = models.ManyToManyField(Member, blank=True, related_name="+", verbose_name=_("avtalsparter"))
    document = models.ForeignKey(
        "diarium.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("avtalet i diariet"),
    )
    _history_m2m_fields = ["parties"]

    class Meta:
        verbose_name = _("avtal")
        verbose_name_plural = _("avtal")

    def __str__(self):
        return f"{self.insats} {self.date}"


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("Delrapport")
    FINAL = "final", _("Slutrapport")


class Report(ForbundOwned):
    """A follow-up report of an insats to the board: aggregate participant counts only, never individuals."""

    forbund_parent = "insats"

    insats = models.ForeignKey(Insats, on_delete=models.CASCADE, related_name="reports", verbose_name=_("insats"))
    date = models.DateField(_("datum"))
    kind = models.CharField(_("slag"), max_length=10, choices=ReportKind.choices, blank=True, null=True)
    presented_in = models.ForeignKey(
        "meetings.Item", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("redovisad i"),
    )
    participants_women = models.PositiveIntegerField(_("deltagare, kvinnor"), null=True, blank=True)
    participants_men = models.PositiveIntegerField(_("deltagare, män"), null=True, blank=True)
    participants_other = models.PositiveIntegerField(_("deltagare, övriga"), null=True, blank=True)
    participants_extra = models.JSONField(_("övrigt om deltagare"), null=True, blank=True)
    outcomes = models.JSONField(_("resultat"), null=True, blank=True, help_text=_("Antal per utfall, t.ex. arbete."))
    success_factors = models.TextField(_("framgångsfaktorer"), blank=True, default="",
                                       help_text=_("Vad som har gjort att insatsen lyckats (eller inte)."))

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporter")
        ordering = ["insats", "date"]

    def __str__(self):
        return f"{self.get_kind_display() or _('Rapport')} {self.date}"


# Reports on a schedule, prolongation and early end (issue 9, part 2) -----------------------------------------


class ReportDate(ForbundOwned):
    """A planned report date beyond the statutes' interval: one-time or tied to a milestone, with a label."""

    forbund_parent = "insats"

    insats = models.ForeignKey(Insats, on_delete=models.CASCADE, related_name="report_dates", verbose_name=_("insats"))
    date = models.DateField(_("datum"))
    label = models.CharField(_("rubrik"), max_length=200, help_text=_("T.ex. \"Första gruppen avslutad\"."))

    class Meta:
        verbose_name = _("planerat rapportdatum")
        verbose_name_plural = _("planerade rapportdatum")
        ordering = ["insats", "date"]
        constraints = [
            models.UniqueConstraint(fields=["insats", "date"], name="insatser_reportdate_one_per_day"),
        ]

    def __str__(self):
        return f"{self.date} {self.label}"


class EndChangeKind(models.TextChoices):
    PROLONG = "prolong", _("Förlängning")
    EARLY_END = "early_end", _("Förtida avslut")


class EndChange(ForbundOwned):
    """A request to prolong or end an insats early: the board decides it in a paragraph (`item`); an approving
    decision sets the insats's new end (`applied`)."""

    forbund_parent = "insats"

    insats = models.ForeignKey(Insats, on_delete=models.CASCADE, related_name="end_changes", verbose_name=_("insats"))
    kind = models.CharField(_("slag"), max_length=10, choices=EndChangeKind.choices)
    new_end = models.DateField(_("nytt slutdatum"))
    reason = models.TextField(_("motivering"), blank=True, default="")
    item = models.ForeignKey("meetings.Item", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("beslutas i"))
    previous_end = models.DateField(_("tidigare slutdatum"), null=True, blank=True)
    applied = models.DateField(_("genomförd"), null=True, blank=True)

    class Meta:
        verbose_name = _("ändrat slutdatum")
        verbose_name_plural = _("ändrade slutdatum")
        ordering = ["insats", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.new_end}"
