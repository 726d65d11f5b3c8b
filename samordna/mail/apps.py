from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "samordna.mail"
    verbose_name = "Mail"

    def ready(self):
        from . import reminders

        reminders.register_sentences()
