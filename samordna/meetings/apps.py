from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "samordna.meetings"
    verbose_name = "Sammanträden"
