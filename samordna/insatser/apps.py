from django.apps import AppConfig


class InsatserConfig(AppConfig):
    name = "samordna.insatser"
    verbose_name = "Insatser"

    def ready(self):
        from samordna.lib import audit

        from . import models

        for model in (models.Insats, models.Anchoring, models.Funding, models.Report):
            audit.register(model, audit.by_forbund_id)
