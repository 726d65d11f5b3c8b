"""What the exchange format carries that belongs to no förbund: the document's own `extra` object."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentExtra(models.Model):
    """The top-level `extra` of the last imported document that had one, exported again as is."""

    extra = models.JSONField(_("övrigt"), null=True, blank=True)

    class Meta:
        verbose_name = _("dokumentets övrigt")
        verbose_name_plural = _("dokumentets övrigt")

    def __str__(self):
        return str(_("Dokumentets övrigt"))
