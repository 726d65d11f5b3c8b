from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "samordna.web"
    verbose_name = "Webb"
