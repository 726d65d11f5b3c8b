from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "samordna.publication"
    verbose_name = "Publication"

    def ready(self):
        from samordna.lib import audit

        from . import models

        audit.register(models.Anslag, audit.by_forbund_id, related=["minutes__meeting"])
