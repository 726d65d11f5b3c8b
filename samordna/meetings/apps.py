from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "samordna.meetings"
    verbose_name = "Sammanträden"

    def ready(self):
        from samordna.lib import audit

        from . import models, services

        # Each model with the relations its __str__ reads (the Händelselogg fetches them once per page).
        for model, related in [
            (models.Meeting, []), (models.Attendance, ["person"]), (models.Item, []),
            (models.Recusal, ["person"]), (models.ItemSubstitute, ["person"]), (models.Decision, ["item"]),
            (models.Vote, ["person"]), (models.Reservation, ["person"]), (models.Minutes, ["meeting"]),
            (models.Motion, ["person"]), (models.ProtocolNote, ["person"]),
        ]:
            audit.register(model, audit.by_forbund_id, related=related)
        services.register_planning_sentences()

        from .services import register_conduct_sentences

        register_conduct_sentences()
