from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "samordna.publication"
    verbose_name = "Publication"

    def ready(self):
        from samordna.lib import audit

        from . import models

        audit.register(models.Anslag, audit.by_forbund_id, related=["minutes__meeting"])

        # On justering the anslag is posted (PRACTICE.md §1: no later than the second day after it).
        from samordna.protokoll.signals import minutes_adjusted

        from .services import on_minutes_adjusted

        minutes_adjusted.connect(on_minutes_adjusted, dispatch_uid="samordna.publication.anslag")
