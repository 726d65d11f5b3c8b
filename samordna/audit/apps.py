from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "samordna.audit"
    label = "audit"
    verbose_name = _("Händelselogg")

    def ready(self):
        from samordna.lib import services

        services.connect()
