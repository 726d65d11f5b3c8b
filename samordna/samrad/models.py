"""Medlemssamråd and budget consultations (one may cover several förbund), and information to members (18 §)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samordna.lib.models import ForbundOwned
from samordna.organisations.models import Forbund, Member, Person


class ConsultationKind(models.TextChoices):
    MEDLEMSSAMRAD = "medlemssamrad", _("Medlemssamråd")
    BUDGET = "budget", _("Samråd om budget")
    OTHER = "other", _("Annat samråd")


class Consultation(models.Model):
    """A samråd between the members and one or more förbund; it decides nothing."""

    external_id = models.CharField(_("id"), max_length=100, unique=True)
    kind = models.CharField(_("slag"), max_length=20, choices=ConsultationKind.choices)
    forbund = models.ManyToManyField(Forbund, blank=True, related_name="consultations", verbose_name=_("förbund"))
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("klockan"), null=True, blank=True)
    place = models.CharField(_("plats"), max_length=300, blank=True, default="")
    invitations_sent_on = models.DateField(_("inbjudan skickad"), null=True, blank=True)
    notes_sent_on = models.DateField(_("anteckningarna skickade"), null=True, blank=True)
    convener_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("sammankallande"),
    )
    convener_appointed_by = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("sammankallande utsedd av"),
    )
    convener_extra = models.JSONField(_("övrigt om sammankallande"), null=True, blank=True)
    extra = models.JSONField(_("övrigt"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[forbund])

    class Meta:
        verbose_name = _("samråd")
        verbose_name_plural = _("samråd")
        ordering = ["date"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date}"


class ParticipantCapacity(models.TextChoices):
    ORDFORANDE = "ordforande", _("Ordförande")
    LEDAMOT = "ledamot", _("Ledamot")
    FORBUNDSCHEF = "forbundschef", _("Förbundschef")


class Reply(models.TextChoices):
    COMING = "coming", _("Kommer")
    NOT_COMING = "not_coming", _("Kommer inte")


class Participant(models.Model):
    """Someone at a samråd: a member's representative, or a delegate of a covered förbund."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="participants", verbose_name=_("samråd")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    represents = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("företräder"),
    )
    for_forbund = models.ForeignKey(
        Forbund, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("för förbundet"),
    )
    capacity = models.CharField(_("egenskap"), max_length=20, choices=ParticipantCapacity.choices, blank=True, null=True)
    invited_on = models.DateField(_("inbjuden"), null=True, blank=True)
    reply = models.CharField(_("svar"), max_length=20, choices=Reply.choices, blank=True, null=True)
    replied_on = models.DateField(_("svarade"), null=True, blank=True)
    attended = models.BooleanField(_("deltog"), null=True, blank=True)
    extra = models.JSONField(_("övrigt"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deltagare")
        verbose_name_plural = _("deltagare")

    def __str__(self):
        return str(self.person)


class Topic(models.TextChoices):
    RESULTS = "results", _("Föregående års resultat")
    OBSTACLES = "obstacles", _("Strukturella hinder")
    NEEDS = "needs", _("Årets arbete mot behoven")
    LONG_TERM = "long_term", _("Långsiktig utveckling")
    BUDGET = "budget", _("Budgetförutsättningar")
    OTHER = "other", _("Övrigt")


class AgendaItem(models.Model):
    """A point on a samråd's agenda, in order."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("samråd"))
    position = models.PositiveIntegerField(_("ordning"))
    title = models.TextField(_("rubrik"), blank=True, null=True)
    topic = models.CharField(_("ämne"), max_length=20, choices=Topic.choices, blank=True, null=True)
    notes = models.TextField(_("anteckningar"), blank=True, null=True)
    extra = models.JSONField(_("övrigt"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("punkt på dagordningen")
        verbose_name_plural = _("dagordning")
        ordering = ["consultation", "position"]

    def __str__(self):
        return self.title or self.get_topic_display() or ""


class MemberStatement(models.Model):
    """What a member said at a samråd: its priorities (a samråd informs, it decides nothing)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="statements", verbose_name=_("samråd")
    )
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("medlem"))
    text = models.TextField(_("medlemmens synpunkter och prioriteringar"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("medlemmens synpunkter")
        verbose_name_plural = _("medlemmarnas synpunkter")
        ordering = ["consultation", "member__name"]
        constraints = [models.UniqueConstraint(fields=["consultation", "member"], name="samrad_statement_unique")]

    def __str__(self):
        return self.member.name


class ConsultationDecision(models.Model):
    """Anything recorded as decided at a samråd (there should be none: it is not a decision-making body)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("samråd")
    )
    position = models.PositiveIntegerField(_("ordning"))
    text = models.TextField(_("text"), blank=True)
    extra = models.JSONField(_("övrigt"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beslut vid samråd")
        verbose_name_plural = _("beslut vid samråd")
        ordering = ["consultation", "position"]

    def __str__(self):
        return self.text


class Notice(ForbundOwned):
    """Information to the members about a decision of larger importance (FinsamL 18 §)."""

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="notices", verbose_name=_("förbund"))
    external_id = models.CharField(_("id"), max_length=100, unique=True)
    date = models.DateField(_("datum"), null=True, blank=True)
    subject = models.TextField(_("ämne"), blank=True, null=True)
    # The information itself as composed in the product (the exchange format carries date, subject, recipients
    # and the item only: the importer keeps it).
    text = models.TextField(_("text"), blank=True, default="")
    recipients = models.ManyToManyField(Member, blank=True, related_name="+", verbose_name=_("mottagare"))
    about = models.ForeignKey(
        "meetings.Item", on_delete=models.SET_NULL, null=True, blank=True, related_name="notices",
        verbose_name=_("gäller paragraf"),
    )
    _history_m2m_fields = ["recipients"]

    class Meta:
        verbose_name = _("information till medlemmarna")
        verbose_name_plural = _("information till medlemmarna")
        ordering = ["forbund", "date"]

    def __str__(self):
        return self.subject or self.external_id


class NoticeDocument(ForbundOwned):
    """A document of the diarium sent with the information (never a secret one). The title is kept, so the
    record still names what was sent if the document is later removed from the diarium."""

    forbund_parent = "notice"

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments",
                               verbose_name=_("information"))
    document = models.ForeignKey("diarium.Document", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("handling"))
    title = models.CharField(_("rubrik"), max_length=300)

    class Meta:
        verbose_name = _("handling i informationen")
        verbose_name_plural = _("handlingar i informationen")
        ordering = ["notice", "pk"]

    def __str__(self):
        return self.title


class NoticeUnreached(ForbundOwned):
    """A member the information was meant for that it could not reach: the member had no representative
    (with an e-mail address) on the date."""

    forbund_parent = "notice"

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="unreached",
                               verbose_name=_("information"))
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("medlem"))

    class Meta:
        verbose_name = _("medlem som informationen inte nådde")
        verbose_name_plural = _("medlemmar som informationen inte nådde")
        ordering = ["notice", "member__name"]

    def __str__(self):
        return str(self.member)
