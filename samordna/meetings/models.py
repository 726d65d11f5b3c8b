"""Board meetings: attendance, items (§), jäv, substitutes, decisions with votes and reservations, minutes."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samordna.lib.models import ForbundOwned
from samordna.organisations.models import Forbund, Person


class MeetingKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinarie sammanträde")
    EXTRA = "extra", _("Extra sammanträde")


class Meeting(ForbundOwned):
    """A board meeting (sammanträde) of one förbund."""

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("förbund"))
    external_id = models.CharField(_("id"), max_length=100, unique=True)
    date = models.DateField(_("datum"))
    kind = models.CharField(_("slag"), max_length=10, choices=MeetingKind.choices, blank=True, null=True)
    notice_sent = models.DateField(_("kallelse skickad"), null=True, blank=True)
    start_time = models.TimeField(_("klockan"), null=True, blank=True)
    place = models.CharField(_("plats"), max_length=200, blank=True, default="")
    remote_allowed = models.BooleanField(_("deltagande på distans tillåtet"), default=False)

    class Meta:
        verbose_name = _("sammanträde")
        verbose_name_plural = _("sammanträden")
        ordering = ["forbund", "date"]

    def __str__(self):
        return f"{_('Sammanträde')} {self.date}"


class Capacity(models.TextChoices):
    LEDAMOT = "ledamot", _("Ledamot")
    ERSATTARE = "ersattare", _("Ersättare")
    FORBUNDSCHEF = "forbundschef", _("Förbundschef")
    SEKRETERARE = "sekreterare", _("Sekreterare")
    OTHER = "other", _("Övrig")


class Presence(models.TextChoices):
    PRESENT = "present", _("Närvarande")
    REMOTE = "remote", _("Närvarande på distans")
    ABSENT = "absent", _("Frånvarande")


class Attendance(ForbundOwned):
    """Someone at a meeting (or recorded absent), and in what capacity; a serving ersättare names whom they
    replace. `remote` is true exactly when `presence` is remote (a constraint keeps them together; the
    exchange carries only `remote`). Item numbers bound the presence ("anländer § 5": arrives_at_item 5;
    "lämnar efter § 7": leaves_at_item 7) and an ersättare's serving ("tjänstgörande §§ 3–6"); null is the
    whole meeting on that side."""

    forbund_parent = "meeting"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("sammanträde"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    capacity = models.CharField(_("egenskap"), max_length=20, choices=Capacity.choices, blank=True, null=True)
    remote = models.BooleanField(_("på distans"), default=False)
    serving = models.BooleanField(_("tjänstgörande"), default=False)
    replaces = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name=_("ersätter")
    )
    presence = models.CharField(_("närvaro"), max_length=10, choices=Presence.choices, default=Presence.PRESENT)
    arrives_at_item = models.PositiveIntegerField(_("anländer vid §"), null=True, blank=True)
    leaves_at_item = models.PositiveIntegerField(_("lämnar efter §"), null=True, blank=True)
    serving_from_item = models.PositiveIntegerField(_("tjänstgör från §"), null=True, blank=True)
    serving_to_item = models.PositiveIntegerField(_("tjänstgör till och med §"), null=True, blank=True)

    class Meta:
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
        constraints = [
            models.CheckConstraint(
                condition=Q(remote=True, presence="remote") | Q(remote=False, presence__in=["present", "absent"]),
                name="meetings_attendance_remote_is_presence",
            ),
            models.CheckConstraint(
                condition=Q(serving=False) | ~Q(presence="absent"), name="meetings_attendance_absent_not_serving",
            ),
        ]

    @property
    def is_present(self) -> bool:
        return self.presence != Presence.ABSENT

    def clean(self):
        """Mirror the constraints: `remote` follows presence (a remote row is present on distance); an absent
        person is neither remote nor serving."""
        super().clean()
        if self.presence == Presence.REMOTE:
            self.remote = True
        elif self.remote and self.presence == Presence.PRESENT:
            self.presence = Presence.REMOTE
        errors = {}
        if self.presence == Presence.ABSENT and self.remote:
            errors["remote"] = _("En frånvarande deltar inte på distans.")
        if self.presence == Presence.ABSENT and self.serving:
            errors["serving"] = _("En frånvarande ersättare kan inte tjänstgöra.")
        if errors:
            raise ValidationError(errors)

    def __str__(self):
        return str(self.person)


class ItemKind(models.TextChoices):
    DECISION = "decision", _("Beslutsärende")
    INFORMATION = "information", _("Informationsärende")
    DELEGATION = "delegation", _("Delegationsbeslut")
    ELECTION = "election", _("Val")


class Item(ForbundOwned):
    """A numbered item (paragraf) of a meeting."""

    forbund_parent = "meeting"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("sammanträde"))
    external_id = models.CharField(_("id"), max_length=100, unique=True)
    number = models.PositiveIntegerField(_("paragraf"), null=True, blank=True)
    title = models.TextField(_("rubrik"), blank=True, null=True)
    kind = models.CharField(_("slag"), max_length=20, choices=ItemKind.choices, blank=True, null=True)
    personnel_or_election = models.BooleanField(_("personalärende eller val"), default=False)
    major = models.BooleanField(
        _("av större vikt"), default=False,
        help_text=_("Av större ekonomisk eller organisatorisk betydelse (FinsamL 18 §)."),
    )
    documents_sent = models.DateField(_("handlingar skickade"), null=True, blank=True)
    insats = models.ForeignKey(
        "insatser.Insats", on_delete=models.SET_NULL, null=True, blank=True, related_name="items",
        verbose_name=_("insats"),
    )
    presenter = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("föredragande"),
    )
    proposal = models.TextField(_("förslag till beslut"), blank=True, default="")
    matter = models.ForeignKey(
        "diarium.Matter", on_delete=models.PROTECT, null=True, blank=True, related_name="items",
        verbose_name=_("ärende"),
    )
    immediate_adjust = models.BooleanField(
        _("omedelbar justering"), default=False, help_text=_("Paragrafen justeras vid sammanträdet (OJ)."),
    )
    sent_to = models.TextField(_("expedieras till"), blank=True, default="")

    class Meta:
        verbose_name = _("paragraf")
        verbose_name_plural = _("paragrafer")
        ordering = ["meeting", "number"]

    def __str__(self):
        return f"§ {self.number} {self.title or ''}".strip()


class Recusal(ForbundOwned):
    """Jäv: a person takes no part in an item."""

    forbund_parent = "item"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="recused", verbose_name=_("paragraf"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    reason = models.TextField(_("skäl"), blank=True, null=True)

    class Meta:
        verbose_name = _("jäv")
        verbose_name_plural = _("jäv")

    def __str__(self):
        return str(self.person)


class ItemSubstitute(ForbundOwned):
    """An ersättare who takes part in one item in place of a (recused) ledamot."""

    forbund_parent = "item"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="substitutes", verbose_name=_("paragraf"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    replaces = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name=_("ersätter")
    )

    class Meta:
        verbose_name = _("ersättare för paragraf")
        verbose_name_plural = _("ersättare för paragraf")

    def __str__(self):
        return str(self.person)


class Motion(ForbundOwned):
    """A yrkande: who moved what on an item. `order` is the order in which motions were made; `put_order`
    the propositionsordning, the order in which the ordförande put them (null: not put, e.g. withdrawn)."""

    forbund_parent = "item"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="motions", verbose_name=_("paragraf"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("yrkande av"))
    text = models.TextField(_("yrkande"))
    order = models.PositiveIntegerField(_("ordning"), default=1)
    withdrawn = models.BooleanField(_("återtaget"), default=False)
    put_order = models.PositiveIntegerField(_("propositionsordning"), null=True, blank=True)

    class Meta:
        verbose_name = _("yrkande")
        verbose_name_plural = _("yrkanden")
        ordering = ["item", "order", "pk"]

    def __str__(self):
        return f"{self.person}: {self.text[:60]}"


class ProtocolNote(ForbundOwned):
    """A protokollsanteckning on an item (the ordförande allows it; not in the law)."""

    forbund_parent = "item"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="notes", verbose_name=_("paragraf"))
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name=_("person"),
    )
    text = models.TextField(_("anteckning"))

    class Meta:
        verbose_name = _("protokollsanteckning")
        verbose_name_plural = _("protokollsanteckningar")
        ordering = ["item", "pk"]

    def __str__(self):
        return f"{self.person or ''}: {self.text[:60]}".strip(": ")


class Outcome(models.TextChoices):
    APPROVED = "approved", _("Bifall")
    REJECTED = "rejected", _("Avslag")
    REFERRED_BACK = "referred_back", _("Återremiss")
    TABLED = "tabled", _("Bordläggning")
    NOTED = "noted", _("Lades till handlingarna")
    ELECTED = "elected", _("Vald")


class Decision(ForbundOwned):
    """The board's decision on an item (beslut)."""

    forbund_parent = "item"

    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="decision", verbose_name=_("paragraf"))
    outcome = models.CharField(_("utfall"), max_length=20, choices=Outcome.choices, blank=True, null=True)
    text = models.TextField(_("beslutstext"), blank=True, null=True)
    casting_vote = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name=_("utslagsröst"),
        help_text=_("Ordföranden, när lika röstetal avgjordes med utslagsröst."),
    )
    lot = models.BooleanField(_("avgjort genom lottning"), default=False)
    vote_requested = models.BooleanField(_("votering begärd"), default=False)

    class Meta:
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")

    def __str__(self):
        return f"{self.item}: {self.get_outcome_display() or '–'}"


class VoteChoice(models.TextChoices):
    YES = "yes", _("Ja")
    NO = "no", _("Nej")
    ABSTAIN = "abstain", _("Avstår")


class Vote(ForbundOwned):
    """One person's recorded position in a named vote (votering)."""

    forbund_parent = "decision"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="votes", verbose_name=_("beslut"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    vote = models.CharField(_("röst"), max_length=10, choices=VoteChoice.choices)

    class Meta:
        verbose_name = _("röst")
        verbose_name_plural = _("röster")
        constraints = [
            models.CheckConstraint(condition=Q(vote__in=VoteChoice.values), name="meetings_vote_choice_valid"),
        ]

    def __str__(self):
        return f"{self.person}: {self.get_vote_display()}"

    def clean(self):
        super().clean()
        if self.vote not in VoteChoice.values:
            raise ValidationError({"vote": _("Rösten ska vara ja, nej eller avstår.")})


class Reservation(ForbundOwned):
    """A dissent (reservation) against a decision."""

    forbund_parent = "decision"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="reservations", verbose_name=_("beslut"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    reason = models.TextField(_("motivering"), blank=True, null=True)

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservationer")

    def __str__(self):
        return str(self.person)


class Minutes(ForbundOwned):
    """The minutes (protokoll) of a meeting: when adjusted, by whom, and when published."""

    forbund_parent = "meeting"

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("sammanträde"))
    adjusted = models.DateField(_("justerat"), null=True, blank=True)
    adjusters = models.ManyToManyField(Person, blank=True, related_name="+", verbose_name=_("justerare"))
    published = models.DateField(_("anslaget"), null=True, blank=True)
    _history_m2m_fields = ["adjusters"]

    class Meta:
        verbose_name = _("protokoll")
        verbose_name_plural = _("protokoll")

    def __str__(self):
        return f"{_('Protokoll')} {self.meeting}"
