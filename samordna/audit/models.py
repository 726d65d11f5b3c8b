"""The named actions of the audit trail: what was done (one row per service call), beside the field
diffs django-simple-history keeps per model. The history rows a service writes carry its action's id
in `history_change_reason` ("#<id>"), so the Händelselogg shows each action with its field changes."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.Model):
    when = models.DateTimeField(_("när"), default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("användare"))
    # Who, as shown: kept when the user account is removed.
    user_label = models.CharField(_("vem"), max_length=254, blank=True)
    forbund = models.ForeignKey("organisations.Forbund", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("förbund"))
    name = models.CharField(_("åtgärd"), max_length=64)
    source = models.CharField(_("källa"), max_length=16, default="web")
    object_model = models.CharField(_("objekttyp"), max_length=64, blank=True)
    object_id = models.CharField(_("objekt-id"), max_length=64, blank=True)
    object_repr = models.CharField(_("objekt"), max_length=300, blank=True)
    summary = models.TextField(_("beskrivning"), blank=True)
    data = models.JSONField(_("uppgifter"), default=dict, blank=True)

    class Meta:
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        ordering = ["-when", "-id"]
        indexes = [models.Index(fields=["forbund", "-when", "-id"])]

    def __str__(self) -> str:
        return f"{self.name} {self.object_repr}".strip()
