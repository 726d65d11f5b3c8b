from django.apps import AppConfig


class LedamotConfig(AppConfig):
    name = "samordna.ledamot"
    verbose_name = "Mina sammanträden"
