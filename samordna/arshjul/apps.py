from django.apps import AppConfig


class ArshjulConfig(AppConfig):
    name = "samordna.arshjul"
    label = "arshjul"
    verbose_name = "Årshjul"
