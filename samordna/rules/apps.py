from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "samordna.rules"
    verbose_name = "Regelkontroll"

    def ready(self) -> None:
        from samordna.rules import versions

        versions.connect()
