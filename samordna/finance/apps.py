from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "samordna.finance"
    verbose_name = "Ekonomi och revision"

    def ready(self):
        from samordna.lib import audit

        from . import models

        # Each model with the relations its __str__ reads (the Händelselogg fetches them once per page).
        for model, related in [
            (models.Budget, []), (models.Contribution, ["member"]), (models.Consulted, ["member"]),
            (models.AnnualReport, []), (models.Audit, ["annual_report"]), (models.Remark, []),
            (models.Discharge, ["member"]), (models.Plan, []), (models.Goal, []),
            (models.StateAmount, []), (models.SplitBasis, []), (models.BudgetConsultation, []),
            (models.ConsultationLetter, ["member"]), (models.ConsultationAnswer, ["member"]),
            (models.BudgetOutcome, []),
        ]:
            audit.register(model, audit.by_forbund_id, related=related)

        from samordna.meetings import hooks

        from . import services

        hooks.on_decision(services.budget_decided)
        services.describe_budget_actions()
