"""The diarium: a förbund's registry of matters (ärenden) and their documents (OSL 5 kap)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.lib.models import ForbundOwned
from samordna.organisations.models import Forbund


class MatterStatus(models.TextChoices):
    OPEN = "open", _("Öppet")
    CLOSED = "closed", _("Avslutat")


class Matter(ForbundOwned):
    """A registered matter (ärende), with its diarienummer ÅÅÅÅ/löpnr (after the statutes' prefix)."""

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="matters", verbose_name=_("förbund"))
    year = models.PositiveIntegerField(_("år"))
    serial = models.PositiveIntegerField(_("löpnummer"))
    dnr = models.CharField(_("diarienummer"), max_length=40)
    registered = models.DateField(_("registrerat"))
    title = models.CharField(_("ärendemening"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=MatterStatus.choices, default=MatterStatus.OPEN)

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
