from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "samordna.finance"
    verbose_name = "Ekonomi och revision"

    def ready(self):
        from samordna.lib import audit

        from . import models

        for model in (models.Budget, models.Contribution, models.Consulted, models.AnnualReport, models.Audit,
                      models.Remark, models.Discharge):
            audit.register(model, audit.by_forbund_id)
