from django.apps import AppConfig


class ChecksConfig(AppConfig):
    name = "samordna.checks"
    label = "checks"
    verbose_name = "Regelkontroll"

    def ready(self) -> None:
        from samordna.checks import store

        store.connect()
