"""The diarium: a förbund's registry of matters (ärenden) and their documents (OSL 5 kap).

A matter gets its diarienummer `[prefix ]ÅÅÅÅ/löpnr` once, when it is registered (services.register_matter);
the number never changes afterwards, even when the statutes' prefix does. A document (handling) is a file
kept outside the static files, in the private storage `DOCUMENTS_ROOT`, served only through the
access-checked download view; each is public, internal or secret (with its OSL ground).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.lib.models import ForbundOwned
from samordna.organisations.models import Forbund

from .storage import document_storage


class MatterStatus(models.TextChoices):
    OPEN = "open", _("Öppet")
    CLOSED = "closed", _("Avslutat")


class MatterKind(models.TextChoices):
    APPLICATION = "application", _("Insatsansökan/insats")
    BUDGET = "budget", _("Budget")
    ANNUAL_REPORT = "annual_report", _("Årsredovisning")
    AUDIT = "audit", _("Revision")
    CONSULTATION = "consultation", _("Samråd")
    MEMBER_INFORMATION = "member_information", _("Information till medlemmar")
    OTHER = "other", _("Övrigt")


class MatterDirection(models.TextChoices):
    INCOMING = "incoming", _("Inkommande")
    OUTGOING = "outgoing", _("Utgående")
    DRAWN_UP = "drawn_up", _("Upprättad")


def format_dnr(prefix: str, year: int, serial: int) -> str:
    """The diarienummer: "SVV 2026/12" with the statutes' prefix, "2026/12" without one."""
    prefix = (prefix or "").strip()
    number = f"{year}/{serial}"
    return f"{prefix} {number}" if prefix else number


class Matter(ForbundOwned):
    """A registered matter (ärende), with its diarienummer ÅÅÅÅ/löpnr (after the statutes' prefix)."""

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="matters", verbose_name=_("förbund"))
    year = models.PositiveIntegerField(_("år"))
    serial = models.PositiveIntegerField(_("löpnummer"))
    dnr = models.CharField(_("diarienummer"), max_length=40)
    registered = models.DateField(_("registrerat"))
    title = models.CharField(_("ärendemening"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=MatterStatus.choices, default=MatterStatus.OPEN)
    kind = models.CharField(_("slag"), max_length=20, choices=MatterKind.choices, default=MatterKind.OTHER)
    direction = models.CharField(
        _("riktning"), max_length=10, choices=MatterDirection.choices, default=MatterDirection.DRAWN_UP,
    )
    counterpart = models.CharField(_("avsändare eller mottagare"), max_length=300, blank=True, default="")
    secret = models.BooleanField(
        _("sekretess"), default=False,
        help_text=_("Allmänheten ser då bara datum och diarienummer (OSL 5 kap. 1 §)."),
    )
    osl_ground = models.CharField(
        _("sekretessgrund"), max_length=200, blank=True, default="",
        help_text=_("Bestämmelsen i offentlighets- och sekretesslagen, t.ex. \"OSL 26 kap. 1 §\"."),
    )
    insats = models.ForeignKey(
        "insatser.Insats", on_delete=models.SET_NULL, null=True, blank=True, related_name="matters",
        verbose_name=_("insats"),
    )
    budget = models.ForeignKey(
        "finance.Budget", on_delete=models.SET_NULL, null=True, blank=True, related_name="matters",
        verbose_name=_("budget"),
    )
    annual_report = models.ForeignKey(
        "finance.AnnualReport", on_delete=models.SET_NULL, null=True, blank=True, related_name="matters",
        verbose_name=_("årsredovisning"),
    )
    consultation = models.ForeignKey(
        "samrad.Consultation", on_delete=models.SET_NULL, null=True, blank=True, related_name="matters",
        verbose_name=_("samråd"),
    )
    closed = models.DateField(_("avslutat"), null=True, blank=True)
    # The matter's own id in samordna-exchange/1 when imported with one (docs/exchange.md).
    external_id = models.CharField(_("id"), max_length=100, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")
        ordering = ["forbund", "-year", "-serial"]
        constraints = [
            models.UniqueConstraint(fields=["forbund", "year", "serial"], name="diarium_matter_serial_unique"),
            models.UniqueConstraint(fields=["forbund", "dnr"], name="diarium_matter_dnr_unique"),
        ]

    def __str__(self):
        return f"{self.dnr} {self.title}"


class Classification(models.TextChoices):
    PUBLIC = "public", _("Offentlig")
    INTERNAL = "internal", _("Intern")
    SECRET = "secret", _("Sekretess")


def document_path(instance, filename: str) -> str:
    """Where a document's file lies in the private storage: per förbund, under a random name (the original
    name is kept in the row, never in the path)."""
    return f"{instance.forbund_id or 0}/{uuid.uuid4().hex}"


class Document(ForbundOwned):
    """A document (handling) of the förbund, of a matter or on its own; its file is in the private storage."""

    forbund_parent = "matter"

    forbund = models.ForeignKey(
        Forbund, on_delete=models.CASCADE, related_name="documents", verbose_name=_("förbund"),
    )
    matter = models.ForeignKey(
        Matter, on_delete=models.PROTECT, null=True, blank=True, related_name="documents", verbose_name=_("ärende"),
    )
    title = models.CharField(_("rubrik"), max_length=300)
    file = models.FileField(_("fil"), storage=document_storage, upload_to=document_path, max_length=200)
    original_name = models.CharField(_("filnamn"), max_length=255)
    content_type = models.CharField(_("filtyp"), max_length=120)
    size = models.PositiveBigIntegerField(_("storlek (byte)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    classification = models.CharField(
        _("sekretessklass"), max_length=10, choices=Classification.choices, default=Classification.INTERNAL,
    )
    osl_ground = models.CharField(
        _("sekretessgrund"), max_length=200, blank=True, default="",
        help_text=_("Krävs för en handling under sekretess, t.ex. \"OSL 26 kap. 1 §\"."),
    )
    registered = models.DateField(_("registrerad"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("uppladdad av"),
    )

    class Meta:
        verbose_name = _("handling")
        verbose_name_plural = _("handlingar")
        ordering = ["forbund", "-registered", "-pk"]

    def __str__(self):
        return self.title
