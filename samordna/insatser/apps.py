from django.apps import AppConfig


class InsatserConfig(AppConfig):
    name = "samordna.insatser"
    verbose_name = "Insatser"

    def ready(self):
        from samordna.lib import audit
        from samordna.mail import reminders as mail_reminders
        from samordna.meetings import hooks

        from . import models, reports, services

        # Each model with the relations its __str__ reads (the Händelselogg fetches them once per page).
        for model, related in [
            (models.Insats, []), (models.Anchoring, ["member"]), (models.Funding, []), (models.Report, []),
            (models.FundingRequest, []), (models.Agreement, ["insats"]), (models.ReportDate, []),
            (models.EndChange, []),
        ]:
            audit.register(model, audit.by_forbund_id, related=related)

        # The application's way (issue 9): the board's paragraph moves it on; the Händelselogg's sentences.
        hooks.on_decision(services.on_item_decided)
        services.describe_actions()
        # Reports on a schedule: reminders to the huvudman's contact; prolongation and early end by decision.
        mail_reminders.register(reports.reminders_due)
        hooks.on_decision(services.apply_end_change)
        services.register_report_sentences()
