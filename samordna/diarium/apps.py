from django.apps import AppConfig


class DiariumConfig(AppConfig):
    name = "samordna.diarium"
    verbose_name = "Diarium"

    def ready(self):
        from samordna.lib import audit

        from . import models

        audit.register(models.Matter, audit.by_forbund_id)
        audit.register(models.Document, audit.by_forbund_id)

        from .services import describe_actions

        describe_actions()
