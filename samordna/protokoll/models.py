"""The protokoll's e-justering and corrections (see services.py for how they change, freeze.py for the
freeze of adjusted minutes).

- `ProtocolVersion`: the exact PDF put up for justering (bytes, SHA-256, the hash of the HTML it was made
  from). Every adjuster confirms the same bytes; when the meeting's data changes, the draft no longer gives
  that HTML, the version is stale, and a new version is needed (earlier confirmations no longer count).
- `Confirmation`: one adjuster's justering of one version: person, user, UTC time, SHA-256 confirmed.
- `Correction`: a later decision "Rättelse av § N": the new item and the adjusted item it corrects.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.lib.models import ForbundOwned
from samordna.meetings.models import Item, Minutes
from samordna.organisations.models import Person


class ProtocolVersion(ForbundOwned):
    """A frozen PDF of a protokoll draft, put up for justering."""

    forbund_parent = "minutes"

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="protocol_versions",
                                verbose_name=_("protokoll"))
    number = models.PositiveIntegerField(_("version"))
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    source_sha256 = models.CharField(_("SHA-256 för underlaget"), max_length=64,
                                     help_text=_("Hash av den HTML som PDF:en gjordes av."))
    created_at = models.DateTimeField(_("skapad"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("skapad av"))

    class Meta:
        verbose_name = _("protokollversion")
        verbose_name_plural = _("protokollversioner")
        ordering = ["minutes", "-number"]
        constraints = [models.UniqueConstraint(fields=["minutes", "number"], name="protokoll_version_unique")]

    def __str__(self):
        return f"{self.minutes} v{self.number}"


class Confirmation(ForbundOwned):
    """An adjuster's e-justering of one version of the protokoll."""

    forbund_parent = "minutes"

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="confirmations",
                                verbose_name=_("protokoll"))
    version = models.ForeignKey(ProtocolVersion, on_delete=models.CASCADE, related_name="confirmations",
                                verbose_name=_("version"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("justerare"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("användare"))
    user_label = models.CharField(_("inloggad som"), max_length=300, blank=True, default="")
    confirmed_at = models.DateTimeField(_("justerat (UTC)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("justering")
        verbose_name_plural = _("justeringar")
        ordering = ["minutes", "confirmed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "person"], name="protokoll_confirmation_unique")]

    def __str__(self):
        return f"{self.person} {self.confirmed_at:%Y-%m-%d %H:%M} UTC"


class Correction(ForbundOwned):
    """A decision at a later meeting that corrects a paragraph of adjusted minutes ("Rättelse av § N")."""

    forbund_parent = "item"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="corrections",
                             verbose_name=_("rättelse i paragraf"))
    corrects = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="corrected_by",
                                 verbose_name=_("rättar paragraf"))

    class Meta:
        verbose_name = _("rättelse")
        verbose_name_plural = _("rättelser")
        constraints = [models.UniqueConstraint(fields=["item", "corrects"], name="protokoll_correction_unique")]

    def __str__(self):
        return f"{self.item}: {_('rättelse av')} § {self.corrects.number}"
