from django.apps import AppConfig


class ProtokollConfig(AppConfig):
    name = "samordna.protokoll"
    verbose_name = "Protokoll"

    def ready(self):
        from django.db.models.signals import post_migrate, pre_migrate

        from samordna.lib import audit

        from . import freeze, models

        freeze.connect()
        pre_migrate.connect(freeze.drop_all, sender=self, dispatch_uid="samordna.protokoll.freeze.drop")
        post_migrate.connect(freeze.install_all, sender=self, dispatch_uid="samordna.protokoll.freeze.install")
        # The PDF's bytes are never shown in the log, only that a version was made.
        audit.register(models.ProtocolVersion, audit.by_forbund_id, related=["minutes__meeting"], secret=("pdf",))
        audit.register(models.Confirmation, audit.by_forbund_id, related=["person"])
        audit.register(models.Correction, audit.by_forbund_id, related=["item", "corrects"])
