"""Förbund, their members, the people who act in them, and their mandates (FinsamL 3, 10–13 §§)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samordna.lib.dates import parse_month_day
from samordna.lib.models import choice_display


class Lan(models.Model):
    """A län and its region, by the 2-digit länskod (SCB)."""

    code = models.CharField(_("länskod"), max_length=2, primary_key=True)
    name = models.CharField(_("län"), max_length=100)

    class Meta:
        verbose_name = _("län")
        verbose_name_plural = _("län")
        ordering = ["code"]

    def __str__(self):
        return self.name

    # Regions whose official name does not follow "Region " + the län's stem.
    REGION_NAMES = {"01": "Region Stockholm", "06": "Region Jönköpings län", "08": "Region Kalmar län",
                    "09": "Region Gotland", "18": "Region Örebro län", "23": "Region Jämtland Härjedalen"}

    @property
    def region_name(self) -> str:
        if self.code in self.REGION_NAMES:
            return self.REGION_NAMES[self.code]
        return "Region " + self.name.removesuffix(" län").removesuffix("s")


class Kommun(models.Model):
    """One of Sweden's 290 kommuner, by the 4-digit kommunkod (SCB)."""

    code = models.CharField(_("kommunkod"), max_length=4, primary_key=True)
    name = models.CharField(_("kommun"), max_length=100)
    lan = models.ForeignKey(Lan, on_delete=models.PROTECT, related_name="kommuner", verbose_name=_("län"))

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ForbundQuerySet(models.QuerySet):
    def visible_to(self, user):
        from samordna.lib.access import visible_forbund

        return visible_forbund(user, self)


month_day_validator = RegexValidator(r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$", _("Ange datum som MM-DD."))


# The statutes' defaults of where notices are posted and the protokoll kept (PRACTICE.md §1, *practice*).
NOTICES_POSTED_AT = "Samordna, förbundets offentliga sida"
MINUTES_KEPT_AT = "Förbundets kansli"


class Forbund(models.Model):
    """A samordningsförbund, with the settings of its förbundsordning (statutes)."""

    slug = models.SlugField(_("id"), max_length=100, unique=True, help_text=_("Förbundets id i adresser och i utbytesformatet."))
    name = models.CharField(_("namn"), max_length=200)
    organisationsnummer = models.CharField(
        _("organisationsnummer"), max_length=11, blank=True, null=True,
        validators=[RegexValidator(r"^\d{6}-\d{4}$", _("Ange organisationsnummer som NNNNNN-NNNN."))],
    )
    founded = models.DateField(_("bildat"), null=True, blank=True)
    # Statutes (förbundsordning): per-förbund thresholds read by the rule engine.
    board_term_start = models.CharField(
        _("mandatperiod börjar"), max_length=5, default="01-01", validators=[month_day_validator],
        help_text=_("MM-DD då en ny mandatperiod börjar efter valår."),
    )
    notice_days = models.PositiveIntegerField(_("kallelse senast (dagar före)"), default=7)
    adjust_within_days = models.PositiveIntegerField(_("justering inom (dagar)"), default=14)
    report_interval_months = models.PositiveIntegerField(
        _("rapportintervall för insatser (månader)"), default=4, validators=[MinValueValidator(1)]
    )
    equity_ceiling = models.JSONField(
        _("tak för eget kapital"), null=True, blank=True,
        help_text=_('Trappa, t.ex. [{"up_to": 5000000, "percent": 20}, {"up_to": null, "percent": 15}].'),
    )
    diary_prefix = models.CharField(
        _("prefix för diarienummer"), max_length=10, blank=True, default="",
        help_text=_("Står före ÅÅÅÅ/löpnr i diarienumret, t.ex. \"SVV\" ger SVV 2026/12."),
    )
    fee_basis = models.CharField(
        _("arvode per"), max_length=10, choices=[("meeting", _("sammanträde")), ("day", _("dag"))],
        default="meeting", help_text=_("Sammanträdesarvode per sammanträde eller per dag (flera sammanträden samma dag ger ett arvode)."),
    )
    fee_amount = models.DecimalField(
        _("sammanträdesarvode (kr)"), max_digits=10, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    fee_non_serving_ersattare = models.BooleanField(
        _("arvode även till närvarande ej tjänstgörande ersättare"), default=False,
    )
    notices_posted_at = models.CharField(
        _("tillkännagivanden anslås på"), max_length=200, blank=True, default=NOTICES_POSTED_AT,
        help_text=_("Var förbundets tillkännagivanden anslås (FinsamL 9 § p. 7), t.ex. förbundets webbplats."),
    )
    minutes_kept_at = models.CharField(
        _("protokollet förvaras"), max_length=200, blank=True, default=MINUTES_KEPT_AT,
        help_text=_("Förvaringsplats för justerade protokoll; står på anslaget."),
    )
    statutes_extra = models.JSONField(_("övrigt i förbundsordningen"), null=True, blank=True)
    extra = models.JSONField(_("övrigt"), null=True, blank=True)
    ics_token = models.CharField(
        _("hemlig nyckel för årshjulets prenumeration"), max_length=64, blank=True, editable=False
    )
    history = HistoricalRecords()
    objects = ForbundQuerySet.as_manager()

    class Meta:
        verbose_name = _("samordningsförbund")
        verbose_name_plural = _("samordningsförbund")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(report_interval_months__gte=1), name="organisations_forbund_report_interval_positive"),
        ]

    def __str__(self):
        return self.name

    @property
    def notices_place(self) -> str:
        """Where the förbund's notices are posted (the statutes' setting, or its default when empty)."""
        return self.notices_posted_at or NOTICES_POSTED_AT

    @property
    def minutes_place(self) -> str:
        """Where the förbund's adjusted protokoll are kept (the statutes' setting, or its default)."""
        return self.minutes_kept_at or MINUTES_KEPT_AT

    def clean(self):
        super().clean()
        if self.board_term_start:
            try:
                parse_month_day(self.board_term_start)
            except ValueError:
                raise ValidationError({"board_term_start": _("Ange ett giltigt datum som MM-DD.")}) from None
        if self.equity_ceiling is not None:
            from samordna.lib.validation import equity_ceiling_problems

            problems = equity_ceiling_problems(self.equity_ceiling)
            if problems:
                raise ValidationError({"equity_ceiling": problems})


class MemberKind(models.TextChoices):
    FORSAKRINGSKASSAN = "forsakringskassan", _("Försäkringskassan")
    ARBETSFORMEDLINGEN = "arbetsformedlingen", _("Arbetsförmedlingen")
    REGION = "region", _("Region")
    KOMMUN = "kommun", _("Kommun")


class MemberQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date):
        return self.filter(Q(joined__isnull=True) | Q(joined__lte=day), Q(left__isnull=True) | Q(left__gte=day))


class Member(models.Model):
    """A member organisation (förbundsmedlem) of one förbund."""

    _get_FIELD_display = choice_display  # (samordna.lib.models: the labels read once)

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="members", verbose_name=_("förbund"))
    external_id = models.CharField(_("id"), max_length=100, unique=True)
    kind = models.CharField(_("slag"), max_length=20, choices=MemberKind.choices)
    name = models.CharField(_("namn"), max_length=200)
    code = models.CharField(
        _("kod"), max_length=4, blank=True, null=True,
        help_text=_("Kommunkod (4 siffror) eller länskod (2 siffror)."),
    )
    joined = models.DateField(_("inträde"), null=True, blank=True)
    left = models.DateField(_("utträde"), null=True, blank=True, help_text=_("Sista dagen som medlem."))
    extra = models.JSONField(_("övrigt"), null=True, blank=True)
    history = HistoricalRecords()
    objects = MemberQuerySet.as_manager()

    KIND_ORDER = {"forsakringskassan": 0, "arbetsformedlingen": 1, "region": 2, "kommun": 3}

    class Meta:
        verbose_name = _("medlem")
        verbose_name_plural = _("medlemmar")
        ordering = ["forbund", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left__isnull=True) | Q(joined__isnull=True) | Q(left__gte=models.F("joined")),
                name="organisations_member_left_after_joined",
            ),
            models.CheckConstraint(
                condition=~Q(kind="kommun") | Q(code__regex=r"^[0-9]{4}$"),
                name="organisations_member_kommun_has_code",
            ),
            models.CheckConstraint(
                condition=~Q(kind="region") | Q(code__regex=r"^[0-9]{2}$"),
                name="organisations_member_region_has_code",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.joined and self.left and self.left < self.joined:
            errors["left"] = _("Utträdet kan inte ligga före inträdet.")
        if self.kind == MemberKind.KOMMUN:
            if not self.code or not Kommun.objects.filter(code=self.code).exists():
                errors["code"] = _("Ange en kommunkod som finns i SCB:s förteckning (4 siffror).")
        elif self.kind == MemberKind.REGION:
            if not self.code or not Lan.objects.filter(code=self.code).exists():
                errors["code"] = _("Ange en länskod som finns i SCB:s förteckning (2 siffror).")
        if errors:
            raise ValidationError(errors)

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.joined is None or self.joined <= day) and (self.left is None or day <= self.left)


# Where a förbund's data refers to a person: (app, model, person field, path from the model to its förbund).
# A test checks that every relation to Person of a domain model is named here, so a new one cannot be
# forgotten (an office would otherwise lose sight of, or gain sight of, someone else's person).
PERSON_REFERENCES = (
    ("organisations", "Mandate", "person", "forbund"),
    ("meetings", "Attendance", "person", "forbund"),
    ("meetings", "Attendance", "replaces", "forbund"),
    ("meetings", "Recusal", "person", "forbund"),
    ("meetings", "ItemSubstitute", "person", "forbund"),
    ("meetings", "ItemSubstitute", "replaces", "forbund"),
    ("meetings", "Decision", "casting_vote", "forbund"),
    ("meetings", "Vote", "person", "forbund"),
    ("meetings", "Reservation", "person", "forbund"),
    ("meetings", "Minutes", "adjusters", "forbund"),
    ("meetings", "Item", "presenter", "forbund"),
    ("meetings", "Motion", "person", "forbund"),
    ("meetings", "ProtocolNote", "person", "forbund"),
    ("protokoll", "Confirmation", "person", "forbund"),
    ("samrad", "Consultation", "convener_person", "forbund"),
    ("samrad", "Participant", "person", "consultation__forbund"),
    ("organisations", "Representative", "person", "member__forbund"),
    ("insatser", "Insats", "contact", "forbund"),
)


class PersonQuerySet(models.QuerySet):
    def of_forbund(self, forbund):
        """The persons a förbund's data refers to (mandates, meetings, samråd covering it), and those its
        office created that nothing refers to yet. Another förbund's person is never among them."""
        from django.apps import apps
        from django.db.models import IntegerField
        from django.db.models.functions import Cast

        condition = Q()
        for app, model_name, field, path in PERSON_REFERENCES:
            model = apps.get_model(app, model_name)
            if model._meta.get_field(field).many_to_many:
                through = getattr(model, field).through
                source = model._meta.model_name
                refs = through.objects.filter(**{f"{source}__{path}": forbund}).values("person_id")
            else:
                refs = model.objects.filter(**{path: forbund}).values(f"{field}_id")
            condition |= Q(pk__in=refs)
        created = apps.get_model("audit", "Action").objects.filter(
            forbund=forbund, name="person.created", object_model="organisations.person",
        ).annotate(person_pk=Cast("object_id", IntegerField())).values("person_pk")
        return self.filter(condition | Q(pk__in=created))


class Person(models.Model):
    """Someone who acts in a förbund: board member, officer, auditor, representative."""

    external_id = models.CharField(_("id"), max_length=100, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    email = models.EmailField(_("e-post"), blank=True, null=True)
    extra = models.JSONField(_("övrigt"), null=True, blank=True)
    history = HistoricalRecords()
    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["name"]

    def __str__(self):
        return self.name


class MandateRole(models.TextChoices):
    LEDAMOT = "ledamot", _("Ledamot")
    ERSATTARE = "ersattare", _("Ersättare")
    ORDFORANDE = "ordforande", _("Ordförande")
    VICE_ORDFORANDE = "vice_ordforande", _("Vice ordförande")
    FORBUNDSCHEF = "forbundschef", _("Förbundschef")
    REVISOR = "revisor", _("Revisor")


class MandateBasis(models.TextChoices):
    FULLMAKTIGE = "fullmaktige", _("Ledamot i fullmäktige")
    FULLMAKTIGE_ERSATTARE = "fullmaktige_ersattare", _("Ersättare i fullmäktige")
    ANSTALLD = "anstalld", _("Anställd")


BOARD_ROLES = (MandateRole.LEDAMOT, MandateRole.ERSATTARE)
ELECTED_ROLES = (MandateRole.ORDFORANDE, MandateRole.VICE_ORDFORANDE, MandateRole.FORBUNDSCHEF)


class MandateQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date):
        """A mandate is active on D when from <= D and (to is null or D <= to)."""
        return self.filter(date_from__lte=day).filter(Q(date_to__isnull=True) | Q(date_to__gte=day))


class Mandate(models.Model):
    """An appointment (uppdrag) of a person to a role in a förbund for a period."""

    _get_FIELD_display = choice_display  # (samordna.lib.models: the labels read once)

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="mandates", verbose_name=_("förbund"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="mandates", verbose_name=_("person"))
    role = models.CharField(_("roll"), max_length=20, choices=MandateRole.choices)
    appointed_by = models.ManyToManyField(
        Member, blank=True, related_name="appointed_mandates", verbose_name=_("utsedd av"),
        help_text=_("Den medlem som utser; flera endast för en gemensam revisor."),
    )
    basis = models.CharField(_("grund för valbarhet"), max_length=30, choices=MandateBasis.choices, blank=True, null=True)
    substitute_order = models.PositiveIntegerField(_("inkallelseordning"), null=True, blank=True, validators=[MinValueValidator(1)])
    date_from = models.DateField(_("från"))
    date_to = models.DateField(_("till och med"), null=True, blank=True)
    extra = models.JSONField(_("övrigt"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[appointed_by])
    objects = MandateQuerySet.as_manager()

    class Meta:
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")
        ordering = ["forbund", "role", "date_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_to__isnull=True) | Q(date_to__gte=models.F("date_from")),
                name="organisations_mandate_to_after_from",
            ),
            models.CheckConstraint(
                condition=Q(substitute_order__isnull=True) | Q(role="ersattare"),
                name="organisations_mandate_order_only_for_ersattare",
            ),
            models.CheckConstraint(
                condition=Q(basis__isnull=True) | Q(role__in=["ledamot", "ersattare"]),
                name="organisations_mandate_basis_only_for_board",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()}"

    def clean(self):
        super().clean()
        errors = {}
        if self.date_to and self.date_from and self.date_to < self.date_from:
            errors["date_to"] = _("Slutdatumet kan inte ligga före startdatumet.")
        if self.substitute_order is not None and self.role != MandateRole.ERSATTARE:
            errors["substitute_order"] = _("Inkallelseordning anges bara för ersättare.")
        if self.basis and self.role not in BOARD_ROLES:
            errors["basis"] = _("Grund för valbarhet anges bara för ledamöter och ersättare.")
        if errors:
            raise ValidationError(errors)

    def is_active_on(self, day: datetime.date) -> bool:
        return self.date_from <= day and (self.date_to is None or day <= self.date_to)


class Representative(models.Model):
    """A person a member organisation names as its representative towards the förbund (medlemsrepresentant):
    invited to the samråd, sent the budget consultation and the information to members (18 §)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="representatives",
                               verbose_name=_("medlem"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="representing",
                               verbose_name=_("person"))
    date_from = models.DateField(_("från"), null=True, blank=True)
    date_to = models.DateField(_("till"), null=True, blank=True, help_text=_("Sista dagen som representant."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("medlemsrepresentant")
        verbose_name_plural = _("medlemsrepresentanter")
        ordering = ["member", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_to__isnull=True) | Q(date_from__isnull=True) | Q(date_to__gte=models.F("date_from")),
                name="organisations_representative_to_after_from",
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.member})"

    def active_on(self, day) -> bool:
        return (self.date_from is None or self.date_from <= day) and (self.date_to is None or day <= self.date_to)
