from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "samordna.exchange"
    verbose_name = "Utbytesformat"
