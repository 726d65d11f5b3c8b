from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "samordna.meetings"
    verbose_name = "Sammanträden"

    def ready(self):
        from samordna.lib import audit

        from . import models

        for model in (models.Meeting, models.Attendance, models.Item, models.Recusal, models.ItemSubstitute,
                      models.Decision, models.Vote, models.Reservation, models.Minutes):
            audit.register(model, audit.by_forbund_id)
