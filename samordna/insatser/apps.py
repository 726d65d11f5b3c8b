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
            (models.FundingRequest, []), (models.Agreement, ["insats"]),
        ]:
            audit.register(model, audit.by_forbund_id, related=related)

        # The application's way (issue 9): the board's paragraph moves it on; the Händelselogg's sentences.
        from samordna.meetings import hooks

        from . import services

        hooks.on_decision(services.on_item_decided)
        services.describe_actions()
