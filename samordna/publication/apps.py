from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "samordna.publication"
    verbose_name = "Publication"
