from django.apps import AppConfig


class SamradConfig(AppConfig):
    name = "samordna.samrad"
    verbose_name = "Samråd"
