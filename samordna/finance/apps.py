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
            (models.StateAmount, []), (models.SplitBasis, ["budget"]), (models.BudgetConsultation, ["budget"]),
            (models.ConsultationLetter, ["member"]), (models.ConsultationAnswer, ["member"]),
            (models.BudgetOutcome, ["budget"]),
        ]:
            audit.register(model, audit.by_forbund_id, related=related)

        # The budget's and the annual report's workflows: the board's decisions adopt the budget, make the
        # report and answer remarks; the office is reminded of the deadlines (samordna/finance/reminders.py).
        from samordna.mail import reminders as mail_reminders
        from samordna.meetings import hooks

        from . import reminders, services

        hooks.on_decision(services.budget_decided)
        hooks.on_decision(services.on_decision)
        mail_reminders.register(reminders.due_reminders)
        services.describe_budget_actions()
        services.describe_annual_actions()
