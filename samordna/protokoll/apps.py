from django.apps import AppConfig


class ProtokollConfig(AppConfig):
    name = "samordna.protokoll"
    verbose_name = "Protokoll"
