from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "samordna.rules"
    verbose_name = "Regelkontroll"
