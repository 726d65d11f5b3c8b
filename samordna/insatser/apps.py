from django.apps import AppConfig


class InsatserConfig(AppConfig):
    name = "samordna.insatser"
    verbose_name = "Insatser"

    def ready(self):
        from samordna.lib import audit

        from . import models

        # Each model with the relations its __str__ reads (the Händelselogg fetches them once per page).
        for model, related in [
            (models.Insats, []), (models.Anchoring, ["member"]), (models.Funding, []), (models.Report, []),
            (models.FundingRequest, []),
        ]:
            audit.register(model, audit.by_forbund_id, related=related)
