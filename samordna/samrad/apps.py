from django.apps import AppConfig


class SamradConfig(AppConfig):
    name = "samordna.samrad"
    verbose_name = "Samråd"

    def ready(self):
        from django.db.models import Q

        from samordna.lib import audit

        from . import models

        def covering(forbund):
            return models.Consultation.objects.filter(forbund=forbund).values("id")

        # A samråd may cover several förbund: its history shows in the log of each one it covers.
        audit.register(models.Consultation, lambda forbund: Q(id__in=covering(forbund)))
        # Each model with the relations its __str__ reads (the Händelselogg fetches them once per page).
        for model, related in [(models.Participant, ["person"]), (models.AgendaItem, []),
                               (models.ConsultationDecision, []), (models.MemberStatement, ["member"])]:
            audit.register(model, lambda forbund: Q(consultation_id__in=covering(forbund)), related=related)
        audit.register(models.Notice, audit.by_forbund_id)
        audit.register(models.NoticeDocument, audit.by_forbund_id)
        audit.register(models.NoticeUnreached, audit.by_forbund_id, related=["member"])

        from . import services

        services.describe_actions()
