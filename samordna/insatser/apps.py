from django.apps import AppConfig


class InsatserConfig(AppConfig):
    name = "samordna.insatser"
    verbose_name = "Insatser"
